#include "app/lessons/frame_times.hpp"

#include <algorithm>

namespace coflags::app::lessons {

void FrameTimes::add(double at_ms, double work_ms, float spinner_angle, double saves_total_ms) {
  double interval = last_at_ms_ < 0 ? 0 : at_ms - last_at_ms_;
  last_at_ms_ = at_ms;
  samples_.push_back({at_ms, interval, work_ms, spinner_angle, saves_total_ms - last_saves_total_ms_});
  last_saves_total_ms_ = saves_total_ms;
  // Keep the sample that carries a long gap while it is on screen: drop by start time.
  while (!samples_.empty() && samples_.front().at_ms < at_ms - keep_ms_) samples_.pop_front();
}

double FrameTimes::max_interval_ms() const {
  double m = 0;
  for (const FrameSample& s : samples_) m = std::max(m, s.interval_ms);
  return m;
}

std::size_t FrameTimes::intervals_over(double ms) const {
  return static_cast<std::size_t>(
      std::count_if(samples_.begin(), samples_.end(), [&](const FrameSample& s) { return s.interval_ms > ms; }));
}

void FrameTimes::animation_frame(double at_ms) {
  if (last_animation_ms_ >= 0 && at_ms - last_animation_ms_ > kLongTaskMs) {
    long_gaps_.push_back({last_animation_ms_, at_ms});
    if (long_gaps_.size() > 4096) long_gaps_.pop_front();
  }
  last_animation_ms_ = at_ms;
}

int FrameTimes::long_gaps_between(double from_ms, double to_ms) const {
  return static_cast<int>(std::count_if(long_gaps_.begin(), long_gaps_.end(),
                                        [&](const Gap& g) { return g.to_ms > from_ms && g.from_ms < to_ms; }));
}

}  // namespace coflags::app::lessons
