// How long the app's own work takes per frame (tick, decode, ImGui, GL
// calls), apart from the browser's compositing: the benchmark reads it to
// tell our cost from the platform's. Reset from JS with
// window.coflags.resetFrameStats = true.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace coflags::app {

class FrameStats {
 public:
  static constexpr std::size_t kMaxSamples = 8192;
  void add(double ms);
  // {"frames", "p50_ms", "p95_ms", "max_ms", "over_16ms", "over_50ms"}; resets first if JS asked.
  std::string json();

 private:
  std::vector<float> samples_;
  std::size_t next_ = 0;
  double max_ms_ = 0;
  long frames_ = 0;
  long over_16_ = 0;
  long over_50_ = 0;
};

}  // namespace coflags::app
