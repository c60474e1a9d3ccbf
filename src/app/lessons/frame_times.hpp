// The frame-time strip's data: for every drawn frame, when it started, the
// interval since the previous one (a blocked loop shows as one long
// interval), how long the app's own work took and how much main-thread time
// saving flags took since the previous frame (18.4.2). Keeps the last few
// seconds. Platform-free: unit-tested natively.
#pragma once

#include <cstddef>
#include <deque>

namespace coflags::app::lessons {

inline constexpr double kLongTaskMs = 50;  // the browser's long-task threshold

struct FrameSample {
  double at_ms = 0;         // page time the frame started
  double interval_ms = 0;   // since the previous frame started
  double work_ms = 0;       // the app's own work in this frame
  float spinner_angle = 0;  // the heartbeat spinner's angle as drawn
  double save_ms = 0;       // main-thread time spent saving flags since the previous frame
};

class FrameTimes {
 public:
  explicit FrameTimes(double keep_ms = 5000) : keep_ms_(keep_ms) {}
  // A frame starting at `at_ms`; the interval is measured from the previous one.
  // `saves_total_ms`: the savers' main-thread time so far; the sample keeps its increase.
  void add(double at_ms, double work_ms, float spinner_angle, double saves_total_ms = 0);
  const std::deque<FrameSample>& samples() const { return samples_; }
  double max_interval_ms() const;
  std::size_t intervals_over(double ms) const;
  // Every animation frame, drawn or skipped by the frame pacer: a gap over
  // kLongTaskMs between two is a long task (the pacer's 15 fps cap is not).
  void animation_frame(double at_ms);
  // The long gaps overlapping [from_ms, to_ms]: the long tasks a run saw.
  // Kept beyond the strip's few seconds (the last 4096).
  int long_gaps_between(double from_ms, double to_ms) const;

 private:
  double keep_ms_;
  double last_at_ms_ = -1;
  double last_saves_total_ms_ = 0;
  double last_animation_ms_ = -1;
  std::deque<FrameSample> samples_;
  struct Gap {
    double from_ms, to_ms;
  };
  std::deque<Gap> long_gaps_;
};

}  // namespace coflags::app::lessons
