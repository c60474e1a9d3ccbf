// Cancellation at each kind of suspension point, asyncio's rules.
#include <string>
#include <vector>

#include "async/semaphore.hpp"
#include "async/sleep.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using CancelTest = RuntimeTest;

Task<int> count_runs(int* runs) {
  ++*runs;
  co_return 1;
}

Task<std::string> sleep_and_report(Duration d) {
  try {
    co_await sleep(d);
  } catch (const CancelledError&) {
    co_return "cancelled at sleep";
  }
  co_return "slept";
}

Task<void> sleep_forever(std::vector<std::string>* log) {
  try {
    co_await sleep(std::chrono::hours(1));
  } catch (const CancelledError&) {
    log->push_back("cleanup");
    throw;
  }
}

Task<int> await_future(Future<int> f) { co_return co_await f; }

Task<void> nested_outer(std::vector<std::string>* log) {
  try {
    co_await sleep_forever(log);
  } catch (const CancelledError&) {
    log->push_back("outer saw it");
    throw;
  }
}

Task<void> cancel_self(Future<void>* self, std::vector<std::string>* log) {
  self->cancel();
  log->push_back("still running after cancel()");
  co_await sleep(1s);
  log->push_back("not reached");
}

Task<void> hold(Semaphore* sem, Duration d) {
  auto permit = co_await sem->acquire();
  co_await sleep(d);
}

TEST_F(CancelTest, TaskCancelledBeforeItStartsNeverRuns) {
  int runs = 0;
  Future<int> f = spawn(count_runs(&runs));
  EXPECT_TRUE(f.cancel());
  run_ready();
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(f.cancelled());
  EXPECT_THROW(f.result(), CancelledError);
}

TEST_F(CancelTest, CancelAtSleepThrowsThereAndClearsTheTimer) {
  std::vector<std::string> log;
  Future<void> f = spawn(sleep_forever(&log));
  run_ready();
  EXPECT_EQ(loop_.timer_count(), 1u);
  EXPECT_TRUE(f.cancel());
  EXPECT_EQ(loop_.timer_count(), 0u) << "the sleep's timer is cleared at once";
  run_ready();
  EXPECT_EQ(log, std::vector<std::string>{"cleanup"});
  EXPECT_TRUE(f.cancelled());
  EXPECT_EQ(elapsed(), 0s);
}

TEST_F(CancelTest, CoroutineMaySwallowCancellation) {
  Future<std::string> f = spawn(sleep_and_report(1h));
  run_ready();
  f.cancel();
  run_ready();
  EXPECT_FALSE(f.cancelled()) << "asyncio: a task that catches CancelledError and returns is not cancelled";
  EXPECT_EQ(f.result(), "cancelled at sleep");
}

TEST_F(CancelTest, CancelReturnsFalseOnceDone) {
  Future<std::string> f = spawn(sleep_and_report(1ms));
  run_until_complete(loop_, f);
  EXPECT_FALSE(f.cancel());
  EXPECT_EQ(f.result(), "slept");
}

TEST_F(CancelTest, CancelWhileAwaitingAPlainFutureCancelsThatFuture) {
  Future<int> inner;
  Future<int> outer = spawn(await_future(inner));
  run_ready();
  outer.cancel();
  EXPECT_TRUE(inner.cancelled()) << "asyncio cancels Task._fut_waiter";
  run_ready();
  EXPECT_TRUE(outer.cancelled());
}

TEST_F(CancelTest, CancelWhileAwaitingAnotherTaskCancelsItToo) {
  std::vector<std::string> log;
  Future<void> inner = spawn(sleep_forever(&log));
  auto waiter = [](Future<void> f) -> Task<void> { co_await f; };
  Future<void> outer = spawn(waiter(inner));
  run_ready();
  outer.cancel();
  run_ready();
  EXPECT_TRUE(inner.cancelled());
  EXPECT_TRUE(outer.cancelled());
  EXPECT_EQ(log, std::vector<std::string>{"cleanup"});
}

TEST_F(CancelTest, AwaiterGetsTheResultIfTheAwaitedTaskSwallowsCancellation) {
  Future<std::string> inner = spawn(sleep_and_report(1h));
  auto waiter = [](Future<std::string> f) -> Task<std::string> { co_return co_await f; };
  Future<std::string> outer = spawn(waiter(inner));
  run_ready();
  outer.cancel();
  run_ready();
  EXPECT_EQ(outer.result(), "cancelled at sleep");
}

TEST_F(CancelTest, CancellationReachesTheInnermostInlineChild) {
  std::vector<std::string> log;
  Future<void> f = spawn(nested_outer(&log));
  run_ready();
  f.cancel();
  run_ready();
  EXPECT_EQ(log, (std::vector<std::string>{"cleanup", "outer saw it"}));
  EXPECT_TRUE(f.cancelled());
}

TEST_F(CancelTest, CancelAfterWakeupBeforeResumeStillThrows) {
  // The sleep has finished and the task is scheduled: asyncio's _must_cancel case.
  Future<std::string> f = spawn(sleep_and_report(1s));
  run_ready();
  clock_.advance(1s);
  loop_.run_once();  // the timer fires and schedules the resumption
  ASSERT_FALSE(f.done());
  f.cancel();
  run_ready();
  EXPECT_EQ(f.result(), "cancelled at sleep");
}

TEST_F(CancelTest, TaskCancellingItselfThrowsAtTheNextSuspension) {
  std::vector<std::string> log;
  Future<void> self;
  self = spawn(cancel_self(&self, &log));
  run_ready();
  EXPECT_EQ(log, std::vector<std::string>{"still running after cancel()"});
  EXPECT_TRUE(self.cancelled());
  EXPECT_EQ(loop_.timer_count(), 0u);
}

TEST_F(CancelTest, CancellingCountsRequests) {
  std::vector<std::string> log;
  Future<void> f = spawn(sleep_forever(&log));
  run_ready();
  auto* task = static_cast<TaskPromise<void>*>(f.core());
  EXPECT_EQ(task->cancelling(), 0u);
  f.cancel();
  f.cancel();
  EXPECT_EQ(task->cancelling(), 2u);
  run_ready();
  EXPECT_TRUE(f.cancelled());
}

TEST_F(CancelTest, CancelQueuedSemaphoreWaiterTakesNoPermit) {
  Semaphore sem(1);
  Future<void> holder = spawn(hold(&sem, 10s));
  Future<void> waiter = spawn(hold(&sem, 1s));
  run_ready();
  EXPECT_EQ(sem.waiting(), 1);
  waiter.cancel();
  run_ready();
  EXPECT_TRUE(waiter.cancelled());
  EXPECT_EQ(sem.waiting(), 0);
  run_until_complete(loop_, holder);
  EXPECT_EQ(sem.value(), 1) << "no permit leaked or lost";
}

TEST_F(CancelTest, FramesAreFreedAfterCancellationAndExceptions) {
  std::vector<std::string> log;
  std::vector<Future<void>> tasks;
  for (int i = 0; i < 50; ++i) tasks.push_back(spawn(nested_outer(&log)));
  run_ready();
  EXPECT_EQ(live_frames(), frames_at_start_ + 100);
  for (auto& t : tasks) t.cancel();
  run_ready();
  tasks.clear();
  EXPECT_EQ(live_frames(), frames_at_start_);
}

}  // namespace
}  // namespace coflags::async::testing
