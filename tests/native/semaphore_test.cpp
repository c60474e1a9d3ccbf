// Semaphore: bounds, FIFO fairness, and the cancellation cases asyncio got wrong.
#include <algorithm>
#include <string>
#include <vector>

#include "async/gather.hpp"
#include "async/semaphore.hpp"
#include "async/sleep.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using SemaphoreTest = RuntimeTest;

struct Gauge {
  int now = 0;
  int peak = 0;
  std::vector<int> order;
};

Task<void> worker(Semaphore* sem, Gauge* g, int id, Duration d) {
  auto permit = co_await sem->acquire();
  g->order.push_back(id);
  g->peak = std::max(g->peak, ++g->now);
  co_await sleep(d);
  --g->now;
}

Task<void> acquire_then_fail(Semaphore* sem) {
  auto permit = co_await sem->acquire();
  co_await sleep(1ms);
  throw std::runtime_error("inside the semaphore");
}

TEST_F(SemaphoreTest, BoundsConcurrency) {
  Semaphore sem(3);
  Gauge g;
  std::vector<Future<void>> tasks;
  for (int i = 0; i < 20; ++i) tasks.push_back(spawn(worker(&sem, &g, i, 10ms)));
  run_until_complete(loop_, spawn(gather(tasks)));
  EXPECT_EQ(g.peak, 3);
  EXPECT_EQ(sem.value(), 3);
  EXPECT_EQ(elapsed(), 70ms) << "ceil(20 / 3) rounds of 10 ms";
}

TEST_F(SemaphoreTest, WaitersAcquireInFifoOrder) {
  Semaphore sem(1);
  Gauge g;
  std::vector<Future<void>> tasks;
  for (int i = 0; i < 6; ++i) tasks.push_back(spawn(worker(&sem, &g, i, 1ms)));
  run_until_complete(loop_, spawn(gather(tasks)));
  EXPECT_EQ(g.order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST_F(SemaphoreTest, NewcomerDoesNotJumpTheQueue) {
  // gh-90155: after release(), the permit belongs to the first waiter, even
  // before it has run; try_acquire from a newcomer must fail.
  Semaphore sem(1);
  Gauge g;
  Future<void> holder = spawn(worker(&sem, &g, 0, 1ms));
  Future<void> queued = spawn(worker(&sem, &g, 1, 1ms));
  run_ready();
  EXPECT_TRUE(sem.locked());
  clock_.advance(1ms);
  loop_.run_once();  // holder's timer fires
  loop_.run_once();  // holder releases; the waiter is woken
  EXPECT_TRUE(sem.locked());
  EXPECT_FALSE(sem.try_acquire());
  run_until_complete(loop_, queued);
  EXPECT_EQ(g.order, (std::vector<int>{0, 1}));
}

TEST_F(SemaphoreTest, CancelledAfterWakeupPassesThePermitOn) {
  // python/asyncio#270: release() wakes waiter 1, which is cancelled before it
  // runs; waiter 2 must still get the permit.
  Semaphore sem(1);
  Gauge g;
  Future<void> holder = spawn(worker(&sem, &g, 0, 1ms));
  Future<void> first = spawn(worker(&sem, &g, 1, 1ms));
  Future<void> second = spawn(worker(&sem, &g, 2, 1ms));
  run_ready();
  clock_.advance(1ms);
  loop_.run_once();  // holder's timer
  loop_.run_once();  // holder releases and wakes `first`
  ASSERT_FALSE(first.done());
  first.cancel();
  run_until_complete(loop_, second);
  EXPECT_TRUE(first.cancelled());
  EXPECT_EQ(g.order, (std::vector<int>{0, 2}));
  EXPECT_EQ(sem.value(), 1);
}

TEST_F(SemaphoreTest, GuardReleasesOnException) {
  Semaphore sem(1);
  Future<void> f = spawn(acquire_then_fail(&sem));
  EXPECT_THROW(run_until_complete(loop_, f), std::runtime_error);
  EXPECT_EQ(sem.value(), 1);
  EXPECT_FALSE(sem.locked());
}

TEST_F(SemaphoreTest, LoweringTheLimitAppliesAsPermitsAreReleased) {
  Semaphore sem(4);
  Gauge g;
  std::vector<Future<void>> tasks;
  for (int i = 0; i < 4; ++i) tasks.push_back(spawn(worker(&sem, &g, i, 10ms)));
  run_ready();
  EXPECT_EQ(g.now, 4);
  sem.set_limit(1);
  EXPECT_EQ(sem.value(), -3);
  for (int i = 4; i < 8; ++i) tasks.push_back(spawn(worker(&sem, &g, i, 10ms)));
  run_ready();
  g.peak = 0;
  clock_.advance(10ms);
  run_ready();  // all four holders release: only one waiter may enter
  EXPECT_EQ(g.now, 1);
  run_until_complete(loop_, spawn(gather(tasks)));
  EXPECT_EQ(g.peak, 1);
  EXPECT_EQ(sem.value(), 1);
}

TEST_F(SemaphoreTest, RaisingTheLimitWakesWaitersAtOnce) {
  Semaphore sem(1);
  Gauge g;
  std::vector<Future<void>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(spawn(worker(&sem, &g, i, 10ms)));
  run_ready();
  EXPECT_EQ(g.now, 1);
  sem.set_limit(5);
  run_ready();
  EXPECT_EQ(g.now, 5);
  run_until_complete(loop_, spawn(gather(tasks)));
}

TEST_F(SemaphoreTest, RejectsInvalidValues) {
  EXPECT_THROW(Semaphore(-1), std::invalid_argument);
  Semaphore sem(2);
  EXPECT_THROW(sem.set_limit(0), std::invalid_argument);
}

}  // namespace
}  // namespace coflags::async::testing
