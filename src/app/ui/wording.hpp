// Small text helpers shared by the panels: counts with the right plural, and
// round steps for a time axis.
#pragma once

#include <cmath>
#include <string>
#include <string_view>

namespace coflags::app {

// "1 request", "2 requests", "0 requests".
inline std::string count_of(long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// A round tick step (1, 2 or 5 times a power of ten) so that `span` holds at most `max_ticks` steps.
inline double tick_step(double span, int max_ticks) {
  if (!(span > 0) || max_ticks < 1) return 1.0;
  const double raw = span / max_ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

}  // namespace coflags::app
