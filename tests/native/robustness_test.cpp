// Regressions for issue 11: the places an asyncio user reaches for that used
// to crash or lose a wake-up (shutdown, due timers, throwing callbacks,
// reentry, concurrent as_completed waiters, odd exceptions, LoopScope).
#include <stdexcept>
#include <string>
#include <vector>

#include "async/as_completed.hpp"
#include "async/sleep.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using RobustnessTest = RuntimeTest;

bool any_error_contains(const std::vector<std::string>& errors, const std::string& text) {
  for (const auto& e : errors) {
    if (e.find(text) != std::string::npos) return true;
  }
  return false;
}

// --- 1. shutdown cancels, then runs the cancelled tasks to completion ---

Task<void> cleanup_with_sleep(std::vector<std::string>* log) {
  try {
    co_await sleep(1h);
  } catch (const CancelledError&) {
    log->push_back("cleanup started");
  }
  co_await sleep(10ms);  // asyncio.run runs timers during teardown too
  log->push_back("cleanup finished");
}

Task<void> await_other(Future<void> other, std::vector<std::string>* log) {
  try {
    co_await other;
  } catch (const CancelledError&) {
    if (log) log->push_back("awaiter cancelled");
    throw;
  }
  if (log) log->push_back("awaiter got result");
}

TEST_F(RobustnessTest, ShutdownRunsCleanupThatSleepsWhileAnotherTaskAwaitsIt) {
  std::vector<std::string> log;
  auto main_task = [](std::vector<std::string>* out) -> Task<int> {
    Future<void> cleaner = spawn(cleanup_with_sleep(out));
    (void)spawn(await_other(cleaner, out));
    co_await sleep(1ms);
    co_return 0;
  };
  EXPECT_EQ(async::run(loop_, main_task(&log)), 0);
  // As CPython 3.11: the awaiter's cancel went to the awaited task, which swallowed it.
  EXPECT_EQ(log, (std::vector<std::string>{"cleanup started", "cleanup finished", "awaiter got result"}));
  EXPECT_EQ(elapsed(), 11ms);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
}

Task<void> refuse_to_die() {
  for (;;) {
    try {
      co_await sleep(1s);
    } catch (const CancelledError&) {}
  }
}

TEST_F(RobustnessTest, ShutdownAbandonsTasksThatNeverEndAndReportsThem) {
  Future<void> kept = spawn(refuse_to_die());
  Future<void> awaiting = spawn(await_other(kept, nullptr));
  run_ready();
  EXPECT_EQ(loop_.shutdown(), 2u);
  EXPECT_TRUE(any_error_contains(errors_, "2 task(s) still pending")) << errors_.size();
  EXPECT_LE(elapsed(), Loop::kShutdownGrace + 1s) << "the grace bounds the teardown";
  // Futures kept across shutdown stay valid and say what happened.
  EXPECT_TRUE(kept.done());
  EXPECT_TRUE(kept.cancelled());
  EXPECT_TRUE(awaiting.cancelled());
  EXPECT_EQ(loop_.live_tasks(), 0u);
}

// --- 2. timers can be cancelled until they run ---

TEST_F(RobustnessTest, CancelTimerStopsATimerThatIsAlreadyDue) {
  int fired = 0;
  TimerId second = 0;
  loop_.call_later(5ms, [&] { EXPECT_TRUE(loop_.cancel_timer(second)); });
  second = loop_.call_later(5ms, [&] { ++fired; });
  clock_.advance(5ms);
  loop_.run_once();  // both are due in this iteration; the first cancels the second
  EXPECT_EQ(fired, 0);
  EXPECT_EQ(loop_.timer_count(), 0u);
}

TEST_F(RobustnessTest, AsCompletedLeftInTheIterationItsDeadlinePassesTouchesNothingFreed) {
  Future<int> f;
  bool left = false;
  auto consumer = [](Future<int> only, bool* done) -> Task<void> {
    auto pending = as_completed(std::vector<Future<int>>{only}, 10ms);
    EXPECT_EQ((co_await pending.next()).result(), 1);
    *done = true;  // `pending` and its timeout callback's `this` go away here
  };
  Future<void> t = spawn(consumer(f, &left));
  loop_.run_once();
  clock_.advance(9ms);
  f.set_result(1);      // schedules the consumer
  clock_.advance(1ms);  // the deadline is due in the same iteration
  loop_.run_once();
  run_ready();
  EXPECT_TRUE(left);
  EXPECT_TRUE(t.done());
}

// --- 3. the loop survives throwing callbacks and refuses reentry ---

TEST_F(RobustnessTest, ThrowingPlainCallbackIsReportedAndTheRestRunOnce) {
  int after = 0;
  loop_.call_soon([](void*) { throw std::runtime_error("plain boom"); }, nullptr);
  loop_.call_soon([&] { ++after; });
  EXPECT_EQ(loop_.run_once(), 2u);
  EXPECT_EQ(after, 1);
  EXPECT_FALSE(loop_.running());
  EXPECT_TRUE(any_error_contains(errors_, "plain boom"));
  loop_.run_once();
  EXPECT_EQ(after, 1) << "nothing runs twice";
}

// A coroutine whose exceptions escape resume(), as a miscompiled handler does.
struct Escaping {
  struct promise_type {
    Escaping get_return_object() { return {coro::coroutine_handle<promise_type>::from_promise(*this)}; }
    coro::suspend_always initial_suspend() noexcept { return {}; }
    coro::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
  coro::coroutine_handle<promise_type> handle;
};

Escaping escape() {
  throw std::runtime_error("escaped resume");
  co_return;
}

TEST_F(RobustnessTest, ExceptionEscapingAResumptionIsReportedAndTheLoopGoesOn) {
  Escaping e = escape();
  int after = 0;
  loop_.resume_soon(e.handle);
  loop_.call_soon([&] { ++after; });
  loop_.run_once();
  EXPECT_EQ(after, 1);
  EXPECT_FALSE(loop_.running());
  EXPECT_TRUE(any_error_contains(errors_, "escaped resume"));
  e.handle.destroy();
}

TEST_F(RobustnessTest, ErrorHandlerThatThrowsLeavesTheLoopUsable) {
  int after = 0;
  loop_.set_error_handler([](std::string_view) { throw std::logic_error("handler gave up"); });
  loop_.call_soon([] { throw std::runtime_error("boom"); });
  loop_.call_soon([&] { ++after; });
  EXPECT_THROW(loop_.run_once(), std::logic_error);
  EXPECT_FALSE(loop_.running());
  EXPECT_EQ(loop_.ready_count(), 1u) << "the unrun callback is kept, the thrower is not";
  loop_.run_once();
  EXPECT_EQ(after, 1);
}

TEST_F(RobustnessTest, RunUntilCompleteInsideATaskRaisesAlreadyRunning) {
  auto reenter = [](Loop* loop) -> Task<std::string> {
    Future<int> other;
    try {
      run_until_complete(*loop, other);
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "accepted";
  };
  EXPECT_EQ(run(reenter(&loop_)), "This event loop is already running");
}

// --- 4. concurrent as_completed waiters ---

TEST_F(RobustnessTest, TwoTasksAwaitingAsCompletedAtOnceBothFinish) {
  Future<int> a;
  Future<int> b;
  auto pending = as_completed(std::vector<Future<int>>{a, b});
  auto take_one = [](AsCompleted<int>* p) -> Task<int> { co_return (co_await p->next()).result(); };
  Future<int> first = spawn(take_one(&pending));
  Future<int> second = spawn(take_one(&pending));
  run_ready();
  a.set_result(1);
  b.set_result(2);
  run_ready();
  ASSERT_TRUE(first.done());
  ASSERT_TRUE(second.done());
  EXPECT_EQ(first.result(), 1);
  EXPECT_EQ(second.result(), 2);
}

TEST_F(RobustnessTest, CancelledAsCompletedWaiterPassesItsFutureOn) {
  Future<int> a;
  auto pending = as_completed(std::vector<Future<int>>{a});
  auto take_one = [](AsCompleted<int>* p) -> Task<int> { co_return (co_await p->next()).result(); };
  Future<int> first = spawn(take_one(&pending));
  Future<int> second = spawn(take_one(&pending));
  run_ready();
  a.set_result(7);  // granted to `first`, which is cancelled before it resumes
  first.cancel();
  run_ready();
  EXPECT_TRUE(first.cancelled());
  ASSERT_TRUE(second.done());
  EXPECT_EQ(second.result(), 7);
}

// --- 5. anything thrown out of the main task is an exit code of 1 ---

TEST_F(RobustnessTest, NonStdExceptionFromTheMainTaskIsExitCodeOne) {
  Future<int> main_task;
  main_task.set_exception(std::make_exception_ptr(42));
  EXPECT_EQ(exit_code_of(main_task), 1);
}

// --- 6. default_loop() leaves an active LoopScope alone ---

TEST_F(RobustnessTest, DefaultLoopDoesNotOverrideTheCurrentScope) {
  Loop& fallback = default_loop();
  EXPECT_NE(&fallback, &loop_);
  EXPECT_EQ(&current_loop(), &loop_);
}

}  // namespace
}  // namespace coflags::async::testing
