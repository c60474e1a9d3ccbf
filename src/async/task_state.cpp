#include "async/task_state.hpp"

namespace coflags::async {

bool TaskState::request_cancel() {
  ++num_cancels_requested_;
  if (waiter_ && waiter_->cancel_from_task()) return true;
  must_cancel_ = true;
  return true;
}

Suspension::~Suspension() {
  if (task_ && task_->waiter_ == this) task_->waiter_ = nullptr;
}

bool Suspension::arm(coro::coroutine_handle<> handle, TaskState* task, bool consume_pending_cancel) {
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

void Suspension::deliver_pending_cancel() {
  if (!task_ || !task_->must_cancel_) return;
  task_->must_cancel_ = false;
  cancel_from_task();
}

void Suspension::complete() {
  if (state_ != State::waiting) return;
  state_ = State::completed;
  current_loop().resume_soon(handle_);
}

bool Suspension::settle() {
  if (task_ && task_->waiter_ == this) task_->waiter_ = nullptr;
  task_ = nullptr;
  state_ = State::idle;
  return cancelled_;
}

bool Suspension::cancel_from_task() {
  switch (state_) {
    case State::waiting:
      if (on_cancel() == CancelAction::wait_for_source) return true;
      cancelled_ = true;
      complete();
      return true;
    case State::completed:
      // Already scheduled to resume with its result: asyncio's _must_cancel
      // case. The resumption throws instead; await_resume undoes the result.
      cancelled_ = true;
      return true;
    case State::idle: break;
  }
  return false;
}

}  // namespace coflags::async
