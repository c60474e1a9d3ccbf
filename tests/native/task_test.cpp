// Task<T> and spawn(): laziness, values and exceptions, ordering, frame lifetime.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "async/sleep.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using namespace std::chrono_literals;
using TaskTest = RuntimeTest;

Task<int> answer(int* runs) {
  ++*runs;
  co_return 42;
}

Task<int> add_one(int* runs) { co_return co_await answer(runs) + 1; }

Task<void> fail_after_sleep() {
  co_await sleep(10ms);
  throw std::runtime_error("failed");
}

Task<std::string> catch_child_error() {
  try {
    co_await fail_after_sleep();
  } catch (const std::runtime_error& e) {
    co_return std::string("caught ") + e.what();
  }
  co_return "not reached";
}

Task<void> log_steps(std::vector<std::string>* log, std::string name, int steps) {
  for (int i = 0; i < steps; ++i) {
    log->push_back(name + std::to_string(i));
    co_await sleep(0s);
  }
}

Task<std::unique_ptr<int>> move_only_value() { co_return std::make_unique<int>(9); }

Task<int> unwrap_move_only() { co_return *(co_await move_only_value()); }

TEST_F(TaskTest, CreatingATaskDoesNotRunIt) {
  int runs = 0;
  {
    Task<int> t = answer(&runs);
    EXPECT_EQ(live_frames(), frames_at_start_ + 1);
    run_ready();
    EXPECT_EQ(runs, 0);
  }
  EXPECT_EQ(live_frames(), frames_at_start_) << "destroying an unstarted task destroys its frame";
}

TEST_F(TaskTest, SpawnSchedulesButDoesNotRunInline) {
  int runs = 0;
  Future<int> f = spawn(answer(&runs));
  EXPECT_EQ(runs, 0);
  EXPECT_FALSE(f.done());
  EXPECT_THROW(f.result(), InvalidStateError);
  run_ready();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(f.result(), 42);
}

TEST_F(TaskTest, AwaitingAChildPropagatesItsValue) {
  int runs = 0;
  EXPECT_EQ(run(add_one(&runs)), 43);
  EXPECT_EQ(runs, 1);
}

TEST_F(TaskTest, ExceptionsPropagateToTheAwaiter) {
  EXPECT_EQ(run(catch_child_error()), "caught failed");
  Future<void> f = spawn(fail_after_sleep());
  EXPECT_THROW(run_until_complete(loop_, f), std::runtime_error);
  EXPECT_FALSE(f.cancelled());
  EXPECT_NE(f.exception(), nullptr);
}

TEST_F(TaskTest, MoveOnlyResultsAreMovedOut) { EXPECT_EQ(run(unwrap_move_only()), 9); }

struct CopyCounter {
  int* copies;
  explicit CopyCounter(int* c) : copies(c) {}
  CopyCounter(const CopyCounter& o) : copies(o.copies) { ++*copies; }
  CopyCounter(CopyCounter&& o) noexcept = default;
  CopyCounter& operator=(const CopyCounter&) = delete;
  CopyCounter& operator=(CopyCounter&&) = delete;
};

Task<CopyCounter> make_counter(int* copies) { co_return CopyCounter(copies); }

Task<void> await_shared_then_unique(int* copies, int* after_shared) {
  Future<CopyCounter> shared = spawn(make_counter(copies));
  [[maybe_unused]] CopyCounter a = co_await shared;  // `shared` still sees the value: copied
  *after_shared = *copies;
  [[maybe_unused]] CopyCounter b = co_await std::move(shared);  // the only handle: moved
}

TEST_F(TaskTest, AwaitingTheOnlyHandleMovesTheValueOut) {
  int copies = 0;
  int after_shared = 0;
  run(await_shared_then_unique(&copies, &after_shared));
  EXPECT_EQ(after_shared, 1);
  EXPECT_EQ(copies, 1) << "the second await must move, not copy";
}

TEST_F(TaskTest, SpawnedTasksInterleaveAtEachSuspension) {
  std::vector<std::string> log;
  Future<void> a = spawn(log_steps(&log, "a", 3));
  Future<void> b = spawn(log_steps(&log, "b", 3));
  run_ready();
  EXPECT_EQ(log, (std::vector<std::string>{"a0", "b0", "a1", "b1", "a2", "b2"}));
  EXPECT_TRUE(a.done() && b.done());
}

TEST_F(TaskTest, SleepZeroYieldsExactlyOneIteration) {
  std::vector<std::string> log;
  Future<void> a = spawn(log_steps(&log, "a", 2));
  loop_.run_once();  // a's first step
  EXPECT_EQ(log.size(), 1u);
  loop_.run_once();  // sleep(0) is over: a's second step
  EXPECT_EQ(log.size(), 2u);
  run_ready();
}

TEST_F(TaskTest, SleepTakesVirtualTime) {
  auto sleeper = []() -> Task<void> {
    co_await sleep(3s);
    co_await sleep(250ms);
  };
  run(sleeper());
  EXPECT_EQ(elapsed(), 3250ms);
  EXPECT_EQ(loop_.timer_count(), 0u);
}

TEST_F(TaskTest, FireAndForgetTaskFreesItsFrameWhenDone) {
  int runs = 0;
  (void)spawn(answer(&runs));
  run_ready();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(live_frames(), frames_at_start_);
}

TEST_F(TaskTest, FinishedTaskKeepsItsResultWhileReferenced) {
  int runs = 0;
  Future<int> f = spawn(answer(&runs));
  run_ready();
  EXPECT_EQ(live_frames(), frames_at_start_ + 1) << "the frame holds the result";
  EXPECT_EQ(f.result(), 42);
  f = Future<int>();
  EXPECT_EQ(live_frames(), frames_at_start_);
}

TEST_F(TaskTest, DoneCallbackOfATaskSeesItsResult) {
  int runs = 0;
  int seen = 0;
  Future<int> f = spawn(answer(&runs));
  f.add_done_callback([&](Future<int>& done) { seen = done.result(); });
  run_ready();
  EXPECT_EQ(seen, 42);
}

TEST_F(TaskTest, UnretrievedTaskExceptionIsReported) {
  (void)spawn(fail_after_sleep());
  run_until_complete(loop_, spawn([]() -> Task<void> { co_await sleep(1s); }()));
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("failed"), std::string::npos);
}

TEST_F(TaskTest, RunUntilCompleteReportsADeadlock) {
  Future<int> never;
  auto waiter = [](Future<int> f) -> Task<int> { co_return co_await f; };
  Future<int> t = spawn(waiter(never));
  EXPECT_THROW(run_until_complete(loop_, t), std::runtime_error);
  t.cancel();
  run_ready();
  EXPECT_TRUE(t.cancelled());
}

TEST_F(TaskTest, ShutdownCancelsWhatIsLeftRunning) {
  bool cleaned_up = false;
  auto forever = [](bool* flag) -> Task<void> {
    try {
      co_await sleep(std::chrono::hours(1));
    } catch (const CancelledError&) {
      *flag = true;
      throw;
    }
  };
  auto main_task = [](Task<void> background) -> Task<int> {
    (void)spawn(std::move(background));
    co_await sleep(1ms);  // lets the background task start
    co_return 1;
  };
  EXPECT_EQ(async::run(loop_, main_task(forever(&cleaned_up))), 1);
  EXPECT_TRUE(cleaned_up);
  EXPECT_EQ(loop_.live_tasks(), 0u);
}

}  // namespace
}  // namespace coflags::async::testing
