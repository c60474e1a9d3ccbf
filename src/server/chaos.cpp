#include "chaos.hpp"
#include "steady_seconds.hpp"

namespace coflags::server {

std::string_view mode_name(Mode m) {
  switch (m) {
    case Mode::local: return "LOCAL";
    case Mode::delay: return "DELAY";
    case Mode::error: return "ERROR";
  }
  return "?";
}

Chaos::Chaos(double delay_s, double error_rate, std::uint64_t seed)
    : delay_(steady_seconds(delay_s)), error_rate_(error_rate), rng_(seed) {}

double Chaos::uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

Fate Chaos::decide(Mode m) {
  switch (m) {
    case Mode::local: return {};
    case Mode::delay: return {delay_, 0};
    case Mode::error:
      if (uniform() < error_rate_) return {{}, uniform() < 0.5 ? 500u : 503u};
      if (uniform() < 0.5) return {delay_ / 2, 0};
      return {};
  }
  return {};
}

}  // namespace coflags::server
