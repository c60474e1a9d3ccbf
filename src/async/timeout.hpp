// wait_for() and timeout(): asyncio.wait_for and asyncio.timeout (3.11).
//
//   int v = co_await wait_for(spawn(fetch()), 2s);     // TimeoutError after 2 s
//   int w = co_await timeout(2s, fetch());             // `async with timeout(2):`
//
// On expiry both cancel the inner work, wait until it has finished its
// cleanup, and raise TimeoutError. A cancel of the awaiting task from outside
// stays a CancelledError. wait_for runs the work as a task of its own (a
// Future, or a Task it spawns); timeout() runs the body inside the current
// task and cancels that task at the deadline, as asyncio.timeout does, telling
// its own cancellation from an outer one by the task's cancel count.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "async/errors.hpp"
#include "async/future.hpp"
#include "async/task.hpp"
#include "async/wait_core.hpp"

namespace coflags::async {

namespace detail {
template <class T>
T result_of(Future<T>& f) {
  if constexpr (std::is_void_v<T>) {
    f.result();
  } else {
    return T(f.result());
  }
}

// asyncio's _cancel_and_wait: cancels `f` and waits until it is done.
inline Task<void> cancel_and_wait(FutureBase* f) {
  f->cancel();
  WaitCore done(std::vector<FutureBase*>{f}, ReturnWhen::all_completed, std::nullopt);
  co_await done;
}

// The inner future after wait_for cancelled it on expiry.
template <class T>
T result_after_expiry(Future<T>& f) {
  if (f.cancelled()) throw TimeoutError("wait_for: timed out");
  return result_of(f);  // it swallowed the cancel: its outcome stands
}

// Suspends not at all: tells the awaiting coroutine which task it runs in.
struct CurrentTask {
  TaskState* task = nullptr;
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(coro::coroutine_handle<Promise> handle) noexcept {
    task = handle.promise().root_state();
    return false;
  }
  TaskState* await_resume() const noexcept { return task; }
};
}  // namespace detail

namespace detail {
// `work`, if given, is spawned when wait_for starts (not when it is called),
// so the work's first step follows wait_for's as with asyncio's ensure_future.
template <class T>
Task<T> wait_for_impl(Future<T> future, Task<T> work, Duration timeout) {
  if (work) future = spawn(std::move(work));
  if (timeout <= Duration::zero()) {
    if (future.done()) co_return result_of(future);
    co_await cancel_and_wait(future.core());
    co_return result_after_expiry(future);
  }
  bool cancelled = false;
  try {
    WaitCore first(std::vector<FutureBase*>{future.core()}, ReturnWhen::first_completed, timeout);
    co_await first;
  } catch (const CancelledError&) {
    cancelled = true;
  }
  // Cancelled just as the future finished: asyncio 3.11 returns its outcome.
  if (future.done()) co_return result_of(future);
  co_await cancel_and_wait(future.core());
  if (cancelled) throw CancelledError();
  co_return result_after_expiry(future);
}
}  // namespace detail

template <class T>
Task<T> wait_for(Future<T> future, Duration timeout) {
  return detail::wait_for_impl(std::move(future), Task<T>(), timeout);
}

template <class T>
Task<T> wait_for(Task<T> task, Duration timeout) {
  return detail::wait_for_impl(Future<T>(), std::move(task), timeout);
}

// The deadline of a timeout() scope: cancels `task` when it passes.
class TimeoutScope {
 public:
  TimeoutScope(TaskState& task, Duration delay);
  ~TimeoutScope();
  TimeoutScope(const TimeoutScope&) = delete;
  TimeoutScope& operator=(const TimeoutScope&) = delete;

  bool expired() const { return expired_; }
  // Leaves the scope: disarms the timer; true if the CancelledError that
  // ended the body is this scope's own and must become TimeoutError.
  bool leave(bool body_cancelled);

 private:
  TaskState& task_;
  TimerId timer_ = 0;
  std::uint32_t cancelling_at_entry_;
  bool expired_ = false;
};

template <class T>
Task<T> timeout(Duration delay, Task<T> body) {
  TaskState* task = co_await detail::CurrentTask{};
  if (!task) throw std::logic_error("timeout() must run inside a spawned task");
  TimeoutScope scope(*task, delay);
  bool cancelled = false;
  std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value{};
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(body);
    } else {
      value.emplace(co_await std::move(body));
    }
  } catch (const CancelledError&) {
    cancelled = true;
  }
  if (scope.leave(cancelled)) throw TimeoutError("timeout: the deadline passed");
  if (cancelled) throw CancelledError();
  if constexpr (!std::is_void_v<T>) co_return std::move(*value);
}

}  // namespace coflags::async
