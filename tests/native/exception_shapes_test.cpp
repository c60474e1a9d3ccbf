// Issue 11, item 8: loop shapes in which em++ 3.1.6 (clang 14) with
// -fwasm-exceptions at -O1/-O2 skipped a `catch` around a `co_await`: the
// exception escaped coroutine_handle::resume() instead. Built with the
// project's real flags in the wasm tier (runtime_tests_wasm), so a toolchain
// or flag change that brings the miscompile back fails here: every handler
// must run, and nothing may escape to the loop's error handler.
#include <stdexcept>
#include <string>
#include <vector>

#include "async/sleep.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using ExceptionShapesTest = RuntimeTest;

Task<void> fails() {
  co_await sleep(0ms);
  throw std::runtime_error("expected");
}

// The callee is opaque enough that the loop is not unrolled away.
[[gnu::noinline]] bool keep_going(int* left) { return (*left)-- > 0; }

// A counted loop whose body is only try { co_await } catch (...) {}.
Task<int> counted_loop_catch_all(int n) {
  int caught = 0;
  for (int i = 0; i < n; ++i) {
    try {
      co_await fails();
    } catch (...) {
      ++caught;
    }
  }
  co_return caught;
}

// A while whose condition is a call.
Task<int> while_condition_is_a_call(int n) {
  int caught = 0;
  int left = n;
  while (keep_going(&left)) {
    try {
      co_await fails();
    } catch (const std::exception&) {
      ++caught;
    }
  }
  co_return caught;
}

// catch (CancelledError&) around co_await sleep in a counted loop.
Task<int> cancelled_sleep_in_counted_loop(int n, FutureBase** self) {
  int caught = 0;
  for (int i = 0; i < n; ++i) {
    try {
      (*self)->cancel();  // the task cancels itself: the sleep raises at once
      co_await sleep(1s);
    } catch (const CancelledError&) {
      ++caught;
    }
  }
  co_return caught;
}

// A loop-body local, and `continue` in the catch.
Task<int> local_and_continue_in_catch(int n) {
  int caught = 0;
  for (int i = 0; i < n; ++i) {
    std::string label = "round " + std::to_string(i);
    try {
      co_await fails();
    } catch (const std::runtime_error&) {
      caught += label.empty() ? 0 : 1;
      continue;
    }
    caught -= 100;  // never: every round throws
  }
  co_return caught;
}

TEST_F(ExceptionShapesTest, CountedLoopCatchAll) {
  EXPECT_EQ(run(counted_loop_catch_all(5)), 5);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
}

TEST_F(ExceptionShapesTest, WhileConditionIsACall) {
  EXPECT_EQ(run(while_condition_is_a_call(5)), 5);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
}

TEST_F(ExceptionShapesTest, CancelledSleepInCountedLoop) {
  FutureBase* self = nullptr;
  Future<int> task = spawn(cancelled_sleep_in_counted_loop(5, &self));
  self = task.core();
  run_ready();
  ASSERT_TRUE(task.done());
  ASSERT_FALSE(task.cancelled());
  EXPECT_EQ(task.result(), 5);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
}

TEST_F(ExceptionShapesTest, LocalAndContinueInCatch) {
  EXPECT_EQ(run(local_and_continue_in_catch(5)), 5);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
}

}  // namespace
}  // namespace coflags::async::testing
