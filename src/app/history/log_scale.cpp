#include "app/history/log_scale.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace coflags::app::history {
namespace {

constexpr double kSteps[] = {1, 2, 5};

double step_at_or_below(double v) {
  double decade = std::pow(10.0, std::floor(std::log10(v)));
  double best = decade;
  for (double s : kSteps) {
    if (s * decade <= v * (1 + 1e-9)) best = s * decade;
  }
  return best;
}

double step_at_or_above(double v) {
  double decade = std::pow(10.0, std::floor(std::log10(v)));
  for (double s : kSteps) {
    if (s * decade >= v * (1 - 1e-9)) return s * decade;
  }
  return 10 * decade;
}

}  // namespace

LogScale::LogScale(double lo, double hi, float px0, float px1) : lo_(lo), hi_(hi), px0_(px0), px1_(px1) {
  if (!(lo > 0) || !(hi > lo)) throw std::invalid_argument("log scale: needs 0 < lo < hi");
  log_lo_ = std::log10(lo);
  log_span_ = std::log10(hi) - log_lo_;
}

float LogScale::to_px(double value) const {
  if (!(value > 0)) return px0_;
  double t = (std::log10(value) - log_lo_) / log_span_;
  return px0_ + static_cast<float>(t) * (px1_ - px0_);
}

std::vector<double> LogScale::ticks() const {
  std::vector<double> out;
  for (double decade = std::pow(10.0, std::floor(log_lo_)); decade <= hi_ * (1 + 1e-9); decade *= 10) {
    for (double s : kSteps) {
      double v = s * decade;
      if (v >= lo_ * (1 - 1e-9) && v <= hi_ * (1 + 1e-9)) out.push_back(v);
    }
  }
  return out;
}

LogScale fit_log_scale(const std::vector<double>& values, float px0, float px1) {
  double lo = 0, hi = 0;
  for (double v : values) {
    if (!(v > 0) || !std::isfinite(v)) continue;
    lo = lo == 0 ? v : std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo == 0) return LogScale(1, 10, px0, px1);
  lo = step_at_or_below(lo);
  hi = step_at_or_above(hi);
  if (hi <= lo) hi = step_at_or_above(lo * 1.5);
  return LogScale(lo, hi, px0, px1);
}

}  // namespace coflags::app::history
