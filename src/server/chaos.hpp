// What each listener does to a response: the book's nginx, vaurien-delay and vaurien-error.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string_view>

namespace coflags::server {

enum class Mode { local = 0, delay = 1, error = 2 };
inline constexpr Mode all_modes[] = {Mode::local, Mode::delay, Mode::error};
std::string_view mode_name(Mode m);  // "LOCAL", "DELAY", "ERROR"

struct Fate {
  std::chrono::steady_clock::duration delay{};  // wait this long before answering
  unsigned fail_status = 0;                     // 500 or 503: answer that instead; 0: serve
};

class Chaos {
 public:
  Chaos(double delay_s, double error_rate, std::uint64_t seed);

  // One draw per request, in arrival order: with a fixed seed a sequential
  // client sees the same sequence every run.
  Fate decide(Mode m);

 private:
  double uniform();  // [0, 1), the same on every platform (std distributions are not)

  std::chrono::steady_clock::duration delay_;
  double error_rate_;
  std::mt19937_64 rng_;
};

}  // namespace coflags::server
