// Issue 11, item 7: where the runtime used to differ from CPython 3.11, and
// wait_for / timeout. Each expectation was checked against Debian's python3
// (3.11) running the same program with asyncio.
#include <stdexcept>
#include <string>
#include <vector>

#include "async/as_completed.hpp"
#include "async/gather.hpp"
#include "async/sleep.hpp"
#include "async/timeout.hpp"
#include "async/wait.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using AsyncioSemanticsTest = RuntimeTest;

Task<int> after(Duration d, int value) {
  co_await sleep(d);
  co_return value;
}

Task<void> cleanup_then_rethrow(Duration cleanup) {
  try {
    co_await sleep(10s);
  } catch (const CancelledError&) {}
  co_await sleep(cleanup);
  throw CancelledError();
}

std::string outcome_of(Future<void>& f) {
  if (f.cancelled()) return "cancelled";
  try {
    f.result();
    return "ok";
  } catch (const std::exception& e) {
    return e.what();
  }
}

// asyncio: a = create_task(sleep .01); b = sleep .1; call_later(.005, a.cancel);
// await gather(a, b) raises CancelledError at 5 ms while b still runs.
TEST_F(AsyncioSemanticsTest, GatherRaisesAtOnceWhenAChildIsCancelled) {
  Future<int> a = spawn(after(10ms, 1));
  Future<int> b = spawn(after(100ms, 2));
  loop_.call_later(5ms, [a]() mutable { a.cancel(); });
  auto body = [](Future<int> x, Future<int> y) -> Task<std::string> {
    try {
      co_await gather(x, y);
    } catch (const CancelledError&) {
      co_return "cancelled";
    }
    co_return "finished";
  };
  EXPECT_EQ(run(body(a, b)), "cancelled");
  EXPECT_EQ(elapsed(), 5ms);
  EXPECT_FALSE(b.done());
  run_until_complete(loop_, b);
  run_ready();  // gather's done callback on b (it retrieves a late failure)
}

// asyncio: gather(cleanup(.02), cleanup(.05)) in a task cancelled at 1 ms:
// the task ends at 21 ms, when the first child has finished its cleanup.
TEST_F(AsyncioSemanticsTest, CancelledGatherWaitsForAChildToFinishItsCleanup) {
  auto g = []() -> Task<void> {
    std::vector<Future<void>> children{spawn(cleanup_then_rethrow(20ms)), spawn(cleanup_then_rethrow(50ms))};
    co_await gather(std::move(children));
  };
  Future<void> t = spawn(g());
  loop_.call_later(1ms, [t]() mutable { t.cancel(); });
  EXPECT_THROW(run_until_complete(loop_, t), CancelledError);
  EXPECT_EQ(elapsed(), 21ms);
  EXPECT_EQ(loop_.live_tasks(), 1u) << "the slower child is still cleaning up";
}

// asyncio: current_task().cancel(); raise ValueError -> the task has the
// ValueError; with `return 5` instead it is cancelled.
TEST_F(AsyncioSemanticsTest, ExceptionRaisedWithACancelPendingIsKept) {
  auto raiser = [](Future<void>* self) -> Task<void> {
    co_await sleep(0ms);
    self->cancel();
    throw std::runtime_error("kept");
  };
  Future<void> self;
  self = spawn(raiser(&self));
  run_ready();
  EXPECT_EQ(outcome_of(self), "kept");

  auto returner = [](Future<int>* me) -> Task<int> {
    co_await sleep(0ms);
    me->cancel();
    co_return 5;
  };
  Future<int> me;
  me = spawn(returner(&me));
  run_ready();
  EXPECT_TRUE(me.cancelled());
  self = Future<void>();  // the frames hold these handles: drop the cycle
  me = Future<int>();
}

// asyncio: wait([f, f]) -> one done; as_completed([f, f]) yields once.
TEST_F(AsyncioSemanticsTest, DuplicatesCollapseInWaitAndAsCompleted) {
  Future<int> f;
  f.set_result(1);
  auto result = run(wait(std::vector<Future<int>>{f, f}));
  EXPECT_EQ(result.done.size(), 1u);
  auto pending = as_completed(std::vector<Future<int>>{f, f});
  EXPECT_EQ(pending.remaining(), 1u);
}

// asyncio 3.11: after the timeout every future left raises TimeoutError, and
// a completion after the deadline is not yielded.
TEST_F(AsyncioSemanticsTest, AsCompletedGivesOneTimeoutErrorPerFutureLeft) {
  std::vector<Future<int>> fs{spawn(after(10ms, 1)), spawn(after(50ms, 2)), spawn(after(70ms, 3))};
  auto consume = [](std::vector<Future<int>> all) -> Task<std::string> {
    auto pending = as_completed(std::move(all), 30ms);
    std::string seen;
    while (pending.remaining() > 0) {
      try {
        seen += std::to_string((co_await pending.next()).result());
      } catch (const TimeoutError&) {
        seen += "T";
      }
      co_await sleep(40ms);  // the 50 ms one finishes meanwhile: still a timeout
    }
    co_return seen;
  };
  EXPECT_EQ(run(consume(fs)), "1TT");
  run_until_complete(loop_, spawn(gather(fs)));
}

// asyncio: wait_for(sleep .05, .02) raises TimeoutError at 20 ms.
TEST_F(AsyncioSemanticsTest, WaitForTimesOutAndCancelsTheInnerTask) {
  Future<int> inner = spawn(after(50ms, 1));
  EXPECT_THROW(run(wait_for(inner, 20ms)), TimeoutError);
  EXPECT_EQ(elapsed(), 20ms);
  EXPECT_TRUE(inner.cancelled());
}

TEST_F(AsyncioSemanticsTest, WaitForReturnsTheValueInTime) {
  EXPECT_EQ(run(wait_for(after(10ms, 7), 20ms)), 7);
  EXPECT_EQ(elapsed(), 10ms);
}

// asyncio: the TimeoutError comes after the inner task's cleanup (10 ms).
TEST_F(AsyncioSemanticsTest, WaitForWaitsForTheCleanupOfWhatItCancelled) {
  Future<void> inner = spawn(cleanup_then_rethrow(10ms));
  EXPECT_THROW(run(wait_for(inner, 20ms)), TimeoutError);
  EXPECT_EQ(elapsed(), 30ms);
}

TEST_F(AsyncioSemanticsTest, WaitForCancelledFromOutsideRaisesCancelledError) {
  Future<int> inner = spawn(after(50ms, 1));
  Future<int> outer = spawn(wait_for(inner, 40ms));
  loop_.call_later(10ms, [outer]() mutable { outer.cancel(); });
  EXPECT_THROW(run_until_complete(loop_, outer), CancelledError);
  EXPECT_TRUE(inner.cancelled());
  EXPECT_EQ(elapsed(), 10ms);
}

// asyncio: async with timeout(.02): await sleep(1) -> TimeoutError at 20 ms.
TEST_F(AsyncioSemanticsTest, TimeoutScopeRaisesTimeoutError) {
  auto body = []() -> Task<int> {
    co_await sleep(1s);
    co_return 1;
  };
  EXPECT_THROW(run(timeout(20ms, body())), TimeoutError);
  EXPECT_EQ(elapsed(), 20ms);
  EXPECT_EQ(run(timeout(20ms, after(5ms, 3))), 3);
}

// An outer cancel arriving while the scope's own expiry is being delivered
// stays a CancelledError (asyncio compares the task's cancel count).
TEST_F(AsyncioSemanticsTest, TimeoutScopeLeavesAnOuterCancelIntact) {
  auto body = [](Duration d) -> Task<void> {
    try {
      co_await sleep(1s);
    } catch (const CancelledError&) {}
    co_await sleep(d);
    throw CancelledError();
  };
  Future<void> t = spawn(timeout(20ms, body(10ms)));
  loop_.call_later(25ms, [t]() mutable { t.cancel(); });  // during the cleanup
  EXPECT_THROW(run_until_complete(loop_, t), CancelledError);
  Future<void> alone = spawn(timeout(20ms, body(10ms)));
  std::string what;
  try {
    run_until_complete(loop_, alone);
  } catch (const TimeoutError&) {
    what = "timeout";
  }
  EXPECT_EQ(what, "timeout");
}

}  // namespace
}  // namespace coflags::async::testing
