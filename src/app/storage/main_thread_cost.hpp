// What one way of saving has cost the main thread: the total, and the median
// per flag. The median is the figure to compare: a measured call that the
// OS scheduler or a garbage collection stretches on a busy machine moves a
// total by milliseconds, a median of hundreds of calls hardly at all.
// Platform-free: unit-tested natively (tests/storage).
#pragma once

#include <deque>

namespace coflags::app {

class MainThreadCost {
 public:
  // One flag's own work (its copy, its encode, its store).
  void add_flag(double ms);
  // Work shared by several flags (one postMessage for a batch): in the total, not in the per-flag median.
  void add_shared(double ms) { total_ms_ += ms; }

  double total_ms() const { return total_ms_; }
  double median_flag_ms() const;  // of the last kKept flags; 0 before any

  static constexpr std::size_t kKept = 4096;

 private:
  double total_ms_ = 0;
  std::deque<double> flags_ms_;
};

}  // namespace coflags::app
