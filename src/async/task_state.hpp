// Scheduling state of a task, and Suspension, the base of every awaiter
// that a task can be cancelled at.
//
// A spawned task is always in one of three states (as asyncio's Task):
//   1. waiting: suspended at a Suspension (`waiter` is set) until its source
//      (timer, future, semaphore, HTTP request) completes it;
//   2. scheduled: its handle is in the loop's ready queue;
//   3. running.
// cancel() in state 1 asks the Suspension to detach from its source and
// resume the coroutine with CancelledError; in states 2 and 3 it sets
// `must_cancel`, and the next suspension point throws instead of suspending.
#pragma once

#include <cstdint>

#include "async/coro.hpp"
#include "async/loop.hpp"

namespace coflags::async {

class Suspension;

class TaskState {
 public:
  TaskState() = default;
  TaskState(const TaskState&) = delete;
  TaskState& operator=(const TaskState&) = delete;

  // asyncio's Task.cancel(): false if the task is already done.
  virtual bool cancel_task() = 0;
  // Teardown only (Loop::shutdown): marks a task that never finished cancelled
  // and drops the reference it held while running.
  virtual void abandon() noexcept = 0;

  // How many times cancel() was requested and not yet answered (asyncio's cancelling()).
  std::uint32_t cancelling() const { return num_cancels_requested_; }
  std::uint32_t uncancel() { return num_cancels_requested_ > 0 ? --num_cancels_requested_ : 0; }

 protected:
  ~TaskState() = default;

  bool request_cancel();

 private:
  friend class Loop;
  friend class Suspension;
  template <class T>
  friend class TaskPromise;

  Suspension* waiter_ = nullptr;
  TaskState* next_live_ = nullptr;
  // One slot, two uses: a spawned (root) task is linked in its loop's list of
  // live tasks; a child awaited inline remembers whom to resume instead.
  union {
    TaskState* prev_live_ = nullptr;
    void* continuation_address_;
  };
  std::uint32_t num_cancels_requested_ = 0;
  bool must_cancel_ = false;
  bool started_ = false;
  bool is_root_ = false;
  bool exited_cancelled_ = false;
};

inline void Loop::register_task(TaskState& task) noexcept {
  task.next_live_ = live_tasks_;
  task.prev_live_ = nullptr;
  if (live_tasks_) live_tasks_->prev_live_ = &task;
  live_tasks_ = &task;
  ++live_task_count_;
}

inline void Loop::unregister_task(TaskState& task) noexcept {
  (task.prev_live_ ? task.prev_live_->next_live_ : live_tasks_) = task.next_live_;
  if (task.next_live_) task.next_live_->prev_live_ = task.prev_live_;
  task.prev_live_ = task.next_live_ = nullptr;
  --live_task_count_;
}

// Base of awaiters that suspend a task on some source. Lives in the awaiting
// coroutine's frame. Protocol for subclasses:
//   await_suspend: `if (!arm(h)) return;` then register with the source;
//   the source calls complete() when done (this only schedules the resume);
//   await_resume: `if (settle()) { undo anything granted; throw CancelledError(); }`;
//   on_cancel(): detach from the source (clear a timer, leave a queue, abort a request).
class Suspension {
 public:
  Suspension() = default;
  Suspension(const Suspension&) = delete;
  Suspension& operator=(const Suspension&) = delete;

  // The owning task was cancelled while suspended here. Returns false if
  // there is nothing to cancel at this point.
  bool cancel_from_task();

 protected:
  enum class CancelAction : std::uint8_t {
    resume_now,       // detached: resume with CancelledError now
    wait_for_source,  // cancellation was forwarded; the source completes us later
  };

  // Inline and noexcept, as everything an awaiter calls on the way to a
  // suspension: with JS-lowered wasm exceptions a call that may throw, made
  // from a coroutine body, goes through a JS invoke wrapper.
  ~Suspension() {
    if (task_ && task_->waiter_ == this) task_->waiter_ = nullptr;
  }

  template <class Promise>
  bool arm(coro::coroutine_handle<Promise> handle) noexcept {
    return arm(handle, handle.promise().root_state());
  }
  bool arm(coro::coroutine_handle<> handle, TaskState* task, bool consume_pending_cancel = true) noexcept {
    handle_ = handle;
    task_ = task;
    state_ = State::waiting;
    if (!task) return true;  // awaited outside a task: cannot be cancelled
    task->waiter_ = this;
    if (consume_pending_cancel && task->must_cancel_) {
      task->must_cancel_ = false;
      cancelled_ = true;
      complete();
      return false;
    }
    return true;
  }
  // For awaiters armed with consume_pending_cancel = false, once registered
  // with their source: a cancel requested while the task ran is delivered
  // through on_cancel(), as asyncio cancels the future a task yields.
  void deliver_pending_cancel() {
    if (task_ && task_->must_cancel_) deliver_pending_cancel_slow();
  }
  template <class Promise>
  bool arm_keeping_cancel(coro::coroutine_handle<Promise> handle) noexcept {
    return arm(handle, handle.promise().root_state(), false);
  }
  void complete() noexcept {
    if (state_ != State::waiting) return;
    state_ = State::completed;
    current_loop().resume_soon(handle_);
  }
  bool settle() noexcept {
    if (task_ && task_->waiter_ == this) task_->waiter_ = nullptr;
    task_ = nullptr;
    state_ = State::idle;
    return cancelled_;
  }
  virtual CancelAction on_cancel() { return CancelAction::resume_now; }

 private:
  void deliver_pending_cancel_slow();
  enum class State : std::uint8_t { idle, waiting, completed };
  coro::coroutine_handle<> handle_;
  TaskState* task_ = nullptr;
  State state_ = State::idle;
  bool cancelled_ = false;
};

}  // namespace coflags::async
