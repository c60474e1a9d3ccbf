// The loop: FIFO order, asyncio's one-batch-per-iteration rule, timers, budgets.
#include <string>
#include <vector>

#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using LoopTest = RuntimeTest;

TEST_F(LoopTest, CallSoonRunsInFifoOrder) {
  std::string order;
  for (char c : std::string("xyz")) loop_.call_soon([&order, c] { order += c; });
  EXPECT_EQ(loop_.run_once(), 3u);
  EXPECT_EQ(order, "xyz");
}

TEST_F(LoopTest, CallbacksScheduledByCallbacksWaitForTheNextIteration) {
  std::vector<int> seen;
  loop_.call_soon([&] {
    seen.push_back(1);
    loop_.call_soon([&] { seen.push_back(3); });
  });
  loop_.call_soon([&] { seen.push_back(2); });
  EXPECT_EQ(loop_.run_once(), 2u);
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));
  EXPECT_EQ(loop_.run_once(), 1u);
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));
}

TEST_F(LoopTest, TimersFireInDeadlineOrderThenInSchedulingOrder) {
  std::string order;
  loop_.call_later(20ms, [&] { order += "c"; });
  loop_.call_later(10ms, [&] { order += "a"; });
  loop_.call_later(10ms, [&] { order += "b"; });
  loop_.run_once();
  EXPECT_EQ(order, "") << "nothing is due yet";
  clock_.advance(10ms);
  loop_.run_once();
  EXPECT_EQ(order, "ab");
  clock_.advance(10ms);
  loop_.run_once();
  EXPECT_EQ(order, "abc");
}

TEST_F(LoopTest, CancelledTimerNeverFires) {
  int fired = 0;
  TimerId id = loop_.call_later(5ms, [&] { ++fired; });
  EXPECT_EQ(loop_.timer_count(), 1u);
  EXPECT_TRUE(loop_.cancel_timer(id));
  EXPECT_FALSE(loop_.cancel_timer(id));
  EXPECT_FALSE(loop_.next_deadline().has_value());
  clock_.advance(1s);
  loop_.run_once();
  EXPECT_EQ(fired, 0);
}

TEST_F(LoopTest, IdleMeansNothingReadyAndNoTimers) {
  EXPECT_TRUE(loop_.idle());
  loop_.call_later(1s, [] {});
  EXPECT_FALSE(loop_.idle());
  clock_.advance(1s);
  loop_.run_once();
  EXPECT_TRUE(loop_.idle());
}

TEST_F(LoopTest, RunForStopsWhenTheBudgetIsSpentAndKeepsTheRestInOrder) {
  // Each callback "costs" 1 ms of virtual time; the budget is 100 ms.
  std::vector<int> ran;
  for (int i = 0; i < 1000; ++i) {
    loop_.call_soon([&, i] {
      ran.push_back(i);
      clock_.advance(1ms);
    });
  }
  std::size_t n = loop_.run_for(100ms);
  EXPECT_GE(n, 100u);
  EXPECT_LT(n, 200u) << "the budget is checked every few dozen callbacks";
  EXPECT_EQ(loop_.ready_count(), 1000u - n);
  loop_.run_for(10s);
  ASSERT_EQ(ran.size(), 1000u);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(ran[static_cast<std::size_t>(i)], i) << "order kept across budgets";
}

TEST_F(LoopTest, RunForRunsChainedWorkWithinOneCall) {
  int steps = 0;
  std::function<void()> step = [&] {
    if (++steps < 50) loop_.call_soon(step);
  };
  loop_.call_soon(step);
  loop_.run_for(1s);
  EXPECT_EQ(steps, 50);
}

}  // namespace
}  // namespace coflags::async::testing
