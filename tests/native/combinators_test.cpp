// as_completed, wait and gather.
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "async/as_completed.hpp"
#include "async/gather.hpp"
#include "async/sleep.hpp"
#include "async/wait.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using CombinatorTest = RuntimeTest;

Task<int> after(Duration d, int value) {
  co_await sleep(d);
  co_return value;
}

Task<int> fail_after(Duration d) {
  co_await sleep(d);
  throw std::runtime_error("failed after " +
                           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()));
}

std::vector<Future<int>> spawn_delays(std::initializer_list<int> ms) {
  std::vector<Future<int>> fs;
  for (int m : ms) fs.push_back(spawn(after(std::chrono::milliseconds(m), m)));
  return fs;
}

Task<std::vector<int>> collect_in_completion_order(std::vector<Future<int>> fs) {
  std::vector<int> order;
  auto pending = as_completed(fs);
  while (pending.remaining() > 0) {
    Future<int> f = co_await pending.next();
    order.push_back(f.result());
  }
  co_return order;
}

Task<std::vector<int>> collect_until_timeout(std::vector<Future<int>> fs, Duration timeout) {
  std::vector<int> order;
  auto pending = as_completed(fs, timeout);
  try {
    while (pending.remaining() > 0) order.push_back((co_await pending.next()).result());
  } catch (const TimeoutError&) {
    order.push_back(-1);
  }
  co_return order;
}

Task<int> first_only(std::vector<Future<int>> fs) {
  auto pending = as_completed(fs);
  Future<int> f = co_await pending.next();
  co_return f.result();  // leaves early: `pending` must unlink from the rest
}

TEST_F(CombinatorTest, AsCompletedYieldsInCompletionOrder) {
  auto fs = spawn_delays({30, 10, 40, 20});
  EXPECT_EQ(run(collect_in_completion_order(fs)), (std::vector<int>{10, 20, 30, 40}));
}

TEST_F(CombinatorTest, AsCompletedYieldsAlreadyDoneFuturesFirst) {
  Future<int> done_one;
  done_one.set_result(99);
  auto fs = spawn_delays({5});
  fs.insert(fs.begin(), done_one);
  EXPECT_EQ(run(collect_in_completion_order(fs)), (std::vector<int>{99, 5}));
}

TEST_F(CombinatorTest, AsCompletedTimesOut) {
  auto fs = spawn_delays({10, 50, 100});
  EXPECT_EQ(run(collect_until_timeout(fs, 60ms)), (std::vector<int>{10, 50, -1}));
  EXPECT_EQ(elapsed(), 60ms);
  EXPECT_FALSE(fs[2].done()) << "as_completed never cancels";
  run_until_complete(loop_, fs[2]);
}

TEST_F(CombinatorTest, AsCompletedLeftEarlyUnlinksFromTheRest) {
  auto fs = spawn_delays({10, 20, 30});
  EXPECT_EQ(run(first_only(fs)), 10);
  run_until_complete(loop_, spawn(gather(fs)));  // later completions touch nothing freed
}

TEST_F(CombinatorTest, WaitAllCompleted) {
  auto fs = spawn_delays({10, 30, 20});
  auto result = run(wait(fs));
  EXPECT_EQ(result.done.size(), 3u);
  EXPECT_TRUE(result.pending.empty());
  EXPECT_EQ(elapsed(), 30ms);
}

TEST_F(CombinatorTest, WaitFirstCompleted) {
  auto fs = spawn_delays({30, 10, 20});
  auto result = run(wait(fs, ReturnWhen::first_completed));
  ASSERT_EQ(result.done.size(), 1u);
  EXPECT_EQ(result.done[0].result(), 10);
  EXPECT_EQ(result.pending.size(), 2u);
  run_until_complete(loop_, spawn(gather(fs)));
}

TEST_F(CombinatorTest, WaitFirstException) {
  std::vector<Future<int>> fs = spawn_delays({10, 50});
  fs.push_back(spawn(fail_after(20ms)));
  auto result = run(wait(fs, ReturnWhen::first_exception));
  EXPECT_EQ(result.done.size(), 2u);
  EXPECT_EQ(result.pending.size(), 1u);
  EXPECT_EQ(elapsed(), 20ms);
  EXPECT_THROW(fs[2].result(), std::runtime_error);
  run_until_complete(loop_, fs[1]);
}

TEST_F(CombinatorTest, WaitFirstExceptionWithoutFailuresWaitsForAll) {
  auto fs = spawn_delays({10, 20});
  auto result = run(wait(fs, ReturnWhen::first_exception));
  EXPECT_EQ(result.done.size(), 2u);
}

TEST_F(CombinatorTest, WaitTimeoutReturnsWithoutThrowing) {
  auto fs = spawn_delays({10, 100});
  auto result = run(wait(fs, ReturnWhen::all_completed, 50ms));
  EXPECT_EQ(result.done.size(), 1u);
  EXPECT_EQ(result.pending.size(), 1u);
  EXPECT_EQ(elapsed(), 50ms);
  EXPECT_FALSE(fs[1].cancelled());
  run_until_complete(loop_, fs[1]);
}

TEST_F(CombinatorTest, WaitRejectsAnEmptySet) {
  EXPECT_THROW(run(wait(std::vector<Future<int>>{})), std::invalid_argument);
}

TEST_F(CombinatorTest, GatherKeepsArgumentOrder) {
  auto fs = spawn_delays({30, 10, 20});
  EXPECT_EQ(run(gather(fs)), (std::vector<int>{30, 10, 20}));
}

TEST_F(CombinatorTest, GatherOfDifferentTypes) {
  Future<int> a = spawn(after(10ms, 1));
  auto text = []() -> Task<std::string> {
    co_await sleep(5ms);
    co_return "two";
  };
  Future<std::string> b = spawn(text());
  auto [x, y] = run(gather(a, b));
  EXPECT_EQ(x, 1);
  EXPECT_EQ(y, "two");
}

TEST_F(CombinatorTest, GatherRaisesTheFirstErrorAtOnceWithoutCancellingOthers) {
  std::vector<Future<int>> fs = spawn_delays({100});
  fs.push_back(spawn(fail_after(10ms)));
  fs.push_back(spawn(fail_after(20ms)));
  Future<std::vector<int>> g = spawn(gather(fs));
  EXPECT_THROW(run_until_complete(loop_, g), std::runtime_error);
  EXPECT_EQ(elapsed(), 10ms);
  try {
    g.result();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "failed after 10");
  }
  EXPECT_FALSE(fs[0].cancelled());
  run_until_complete(loop_, fs[0]);
  run_until_complete(loop_, spawn(wait(fs)));
  (void)fs[2].exception();
}

TEST_F(CombinatorTest, CancellingGatherCancelsEveryChild) {
  auto fs = spawn_delays({100, 200});
  Future<std::vector<int>> g = spawn(gather(fs));
  run_ready();
  g.cancel();
  run_ready();
  EXPECT_TRUE(g.cancelled());
  EXPECT_TRUE(fs[0].cancelled());
  EXPECT_TRUE(fs[1].cancelled());
  EXPECT_EQ(loop_.timer_count(), 0u);
}

TEST_F(CombinatorTest, GatherRaisesCancelledErrorWhenAChildIsCancelled) {
  auto fs = spawn_delays({10, 20});
  Future<std::vector<int>> g = spawn(gather(fs));
  run_ready();
  fs[0].cancel();
  EXPECT_THROW(run_until_complete(loop_, g), CancelledError);
  EXPECT_FALSE(fs[1].cancelled());
}

}  // namespace
}  // namespace coflags::async::testing
