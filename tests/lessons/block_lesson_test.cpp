#include "app/lessons/block_lesson.hpp"

#include <gtest/gtest.h>

#include "async/errors.hpp"
#include "async/sleep.hpp"
#include "runtime_fixture.hpp"

namespace coflags::app::lessons {
namespace {

using namespace std::chrono_literals;

class BlockLessonTest : public async::testing::RuntimeTest {
 protected:
  // The spinner: one tick every 100 ms of loop time until cancelled.
  async::Task<void> spin() {
    for (;;) {
      co_await async::sleep(100ms);
      ++ticks_;
    }
  }
  int ticks_ = 0;
};

TEST_F(BlockLessonTest, AwaitedSleepAnswersAfterThreeSecondsWhileTheSpinnerTurns) {
  async::Future<void> spinner = async::spawn(spin());
  EXPECT_EQ(run(answer_after_sleep()), kAnswer);
  EXPECT_EQ(elapsed(), 3s);
  EXPECT_GE(ticks_, 29);
  spinner.cancel();
  run_ready();
}

TEST_F(BlockLessonTest, AwaitedSleepCanBeCancelled) {
  async::Future<int> answer = async::spawn(answer_after_sleep());
  auto cancel_later = [](async::Future<int>& f) -> async::Task<void> {
    co_await async::sleep(1s);
    f.cancel();
  };
  run(cancel_later(answer));
  EXPECT_THROW(async::run_until_complete(loop_, std::move(answer)), async::CancelledError);
  EXPECT_LT(elapsed(), 3s);
}

TEST_F(BlockLessonTest, BlockingHoldsTheThreadAndWhatWasQueuedBehindItWaits) {
  const auto before = std::chrono::steady_clock::now();
  async::Future<int> answer = async::spawn(answer_after_block(60ms));
  std::chrono::steady_clock::duration other_waited{};
  loop_.call_soon([&] { other_waited = std::chrono::steady_clock::now() - before; });
  loop_.run_once();
  EXPECT_GE(other_waited, 60ms) << "the callback queued behind the blocking step ran only after it";
  EXPECT_EQ(elapsed(), 0s) << "the loop's clock never moved: no timer could fire meanwhile";
  EXPECT_EQ(async::run_until_complete(loop_, std::move(answer)), kAnswer);
}

TEST_F(BlockLessonTest, CancelDuringTheBlockLandsTooLate) {
  async::Future<int> answer = async::spawn(answer_after_block(20ms));
  loop_.run_once();  // blocks, then finishes: nobody could ask for a cancel meanwhile
  EXPECT_FALSE(answer.cancel());
  EXPECT_EQ(async::run_until_complete(loop_, std::move(answer)), kAnswer);
}

}  // namespace
}  // namespace coflags::app::lessons
