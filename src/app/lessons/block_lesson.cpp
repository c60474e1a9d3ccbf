#include "app/lessons/block_lesson.hpp"

#include "async/sleep.hpp"

namespace coflags::app::lessons {

void busy_wait(std::chrono::steady_clock::duration d) {
  const auto end = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < end) {}
}

async::Task<int> answer_after_sleep(std::chrono::steady_clock::duration d) {
  co_await async::sleep(d);
  co_return kAnswer;
}

async::Task<int> answer_after_block(std::chrono::steady_clock::duration d) {
  busy_wait(d);
  co_return kAnswer;
}

}  // namespace coflags::app::lessons
