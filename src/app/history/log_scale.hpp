// A base-10 logarithmic axis for the history chart: values to pixels and
// 1-2-5 ticks. Platform-free: unit-tested natively.
#pragma once

#include <vector>

namespace coflags::app::history {

class LogScale {
 public:
  // Maps [lo, hi] (both > 0, lo < hi; otherwise std::invalid_argument) onto [px0, px1].
  LogScale(double lo, double hi, float px0, float px1);
  // Values outside the domain extrapolate; non-positive values map to px0.
  float to_px(double value) const;
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  // 1, 2, 5 x 10^k inside [lo, hi].
  std::vector<double> ticks() const;

 private:
  double lo_, hi_;
  float px0_, px1_;
  double log_lo_, log_span_;
};

// The smallest 1-2-5 domain that holds every positive value; [1, 10] when there is none.
LogScale fit_log_scale(const std::vector<double>& values, float px0, float px1);

}  // namespace coflags::app::history
