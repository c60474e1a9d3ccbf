#include "async/task_state.hpp"

#include "async/errors.hpp"

namespace coflags::async {

void throw_cancelled() { throw CancelledError(); }

bool TaskState::request_cancel() {
  ++num_cancels_requested_;
  if (waiter_ && waiter_->cancel_from_task()) return true;
  must_cancel_ = true;
  return true;
}

void Suspension::deliver_pending_cancel_slow() {
  task_->must_cancel_ = false;
  cancel_from_task();
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
