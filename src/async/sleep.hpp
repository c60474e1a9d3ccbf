// co_await sleep(d): suspends the task for d. sleep(0) yields for exactly one
// loop iteration (asyncio's `await asyncio.sleep(0)`). Cancelling the task
// clears the timer and throws CancelledError here.
#pragma once

#include "async/errors.hpp"
#include "async/loop.hpp"
#include "async/task_state.hpp"

namespace coflags::async {

class SleepAwaiter final : public Suspension {
 public:
  explicit SleepAwaiter(Duration delay) : delay_(delay) {}
  SleepAwaiter(SleepAwaiter&& other) noexcept : Suspension(), delay_(other.delay_) {}
  ~SleepAwaiter() { clear_timer(); }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(coro::coroutine_handle<Promise> handle) {
    if (!arm(handle)) return;
    if (delay_ <= Duration::zero()) {
      complete();
    } else {
      timer_ = current_loop().call_later(delay_, [this] {
        timer_ = 0;
        complete();
      });
    }
  }
  void await_resume() {
    if (settle()) throw_cancelled();
  }

 private:
  CancelAction on_cancel() override {
    clear_timer();
    return CancelAction::resume_now;
  }
  void clear_timer() {
    if (timer_) current_loop().cancel_timer(timer_);
    timer_ = 0;
  }

  Duration delay_;
  TimerId timer_ = 0;
};

template <class Rep, class Period>
SleepAwaiter sleep(std::chrono::duration<Rep, Period> delay) {
  return SleepAwaiter(std::chrono::duration_cast<Duration>(delay));
}

}  // namespace coflags::async
