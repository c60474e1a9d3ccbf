// A fresh loop on a virtual clock for every test, and the leak checks every
// test ends with: no live coroutine frames, no live tasks, no stray timers.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "async/backend/manual_clock.hpp"
#include "async/loop.hpp"
#include "async/run.hpp"
#include "async/task.hpp"

namespace coflags::async::testing {

class RuntimeTest : public ::testing::Test {
 protected:
  RuntimeTest() : loop_(&clock_), scope_(loop_) {
    loop_.set_error_handler([this](std::string_view message) { errors_.emplace_back(message); });
  }
  void TearDown() override {
    loop_.shutdown();
    EXPECT_EQ(live_frames(), frames_at_start_) << "coroutine frames leaked";
    EXPECT_EQ(loop_.live_tasks(), 0u);
  }

  // Runs iterations (due timers included) until nothing is ready; future
  // timers are not waited for.
  void run_ready() {
    int i = 0;
    do {
      loop_.run_once();
    } while (++i < 10000 && loop_.has_ready());
  }
  template <class T>
  T run(Task<T> task) {
    return run_until_complete(loop_, spawn(std::move(task)));
  }
  Duration elapsed() const { return clock_.now() - TimePoint{}; }

  ManualClock clock_;
  Loop loop_;
  LoopScope scope_;
  std::vector<std::string> errors_;
  long frames_at_start_ = live_frames();
};

}  // namespace coflags::async::testing
