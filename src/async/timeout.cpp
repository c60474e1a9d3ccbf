#include "async/timeout.hpp"

#include <utility>

namespace coflags::async {

TimeoutScope::TimeoutScope(TaskState& task, Duration delay) : task_(task), cancelling_at_entry_(task.cancelling()) {
  timer_ = current_loop().call_later(delay, [this] {
    timer_ = 0;
    expired_ = true;
    task_.cancel_task();
  });
}

TimeoutScope::~TimeoutScope() {
  if (timer_) current_loop().cancel_timer(timer_);
}

bool TimeoutScope::leave(bool body_cancelled) {
  if (timer_) current_loop().cancel_timer(std::exchange(timer_, 0));
  if (!expired_) return false;
  // Only this scope's own cancel becomes TimeoutError; one requested from
  // outside as well leaves the count above where it was at entry.
  return task_.uncancel() <= cancelling_at_entry_ && body_cancelled;
}

}  // namespace coflags::async
