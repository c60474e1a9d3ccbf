// 18.1's lesson on the page: the supervisor waits 3 s and answers 42, once
// awaiting sleep (the loop keeps running: the spinner turns, downloads go
// on, cancel works) and once blocking in a busy wait, the C++ `time.sleep`
// (nothing else runs until it returns; a cancel can only land afterwards).
// Platform-free: unit-tested natively.
#pragma once

#include <chrono>

#include "async/task.hpp"

namespace coflags::app::lessons {

inline constexpr int kAnswer = 42;
inline constexpr std::chrono::seconds kLessonWait{3};

// Spins on steady_clock for `d`: holds the thread like time.sleep does.
void busy_wait(std::chrono::steady_clock::duration d);

// `await asyncio.sleep(3)` then 42.
async::Task<int> answer_after_sleep(std::chrono::steady_clock::duration d = kLessonWait);
// `time.sleep(3)` inside a coroutine, then 42.
async::Task<int> answer_after_block(std::chrono::steady_clock::duration d = kLessonWait);

}  // namespace coflags::app::lessons
