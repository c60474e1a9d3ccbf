#include "app/platform/frame_stats.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/platform/page_library.hpp"

namespace coflags::app {
void FrameStats::add(double ms) {
  if (samples_.size() < kMaxSamples) samples_.push_back(static_cast<float>(ms));
  else samples_[next_++ % kMaxSamples] = static_cast<float>(ms);
  max_ms_ = std::max(max_ms_, ms);
  ++frames_;
  if (ms > 16) ++over_16_;
  if (ms > 50) ++over_50_;
}

std::string FrameStats::json() {
  if (coflags_js_take_reset_request()) *this = FrameStats{};
  std::vector<float> sorted = samples_;
  std::sort(sorted.begin(), sorted.end());
  auto pct = [&](double p) { return sorted.empty() ? 0.0 : sorted[static_cast<std::size_t>(p * (sorted.size() - 1))]; };
  return nlohmann::json{{"frames", frames_}, {"p50_ms", pct(0.5)},    {"p95_ms", pct(0.95)},
                        {"max_ms", max_ms_}, {"over_16ms", over_16_}, {"over_50ms", over_50_}}
      .dump();
}

}  // namespace coflags::app
