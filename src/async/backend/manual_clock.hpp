// A backend with a virtual clock, for tests: waiting for a timer advances
// time instantly, so `sleep(3s)` takes no real time and timing is exact.
#pragma once

#include "async/loop.hpp"

namespace coflags::async {

class ManualClock final : public Backend {
 public:
  TimePoint now() const override { return now_; }
  void wait_until(TimePoint when) override {
    if (when > now_) now_ = when;
  }
  void advance(Duration d) { now_ += d; }

 private:
  TimePoint now_{};  // starts at the epoch of steady_clock: only differences matter
};

}  // namespace coflags::async
