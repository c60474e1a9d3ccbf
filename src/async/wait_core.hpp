// The type-erased engine under wait() and gather(): one
// DoneWaiter per future, linked until the wait ends.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "async/errors.hpp"
#include "async/future_base.hpp"
#include "async/loop.hpp"
#include "async/task_state.hpp"

namespace coflags::async {

enum class ReturnWhen { first_completed, first_exception, all_completed };

// co_await on it suspends until `when` holds for `futures` or the timeout
// passes (no exception on timeout, as asyncio.wait). Cancelling the awaiting
// task leaves the futures alone.
class WaitCore final : public Suspension {
 public:
  // `cancel_is_failure`: a cancelled future ends a first_exception wait too (gather's rule).
  WaitCore(std::vector<FutureBase*> futures, ReturnWhen when, std::optional<Duration> timeout,
           bool cancel_is_failure = false);
  WaitCore(WaitCore&&) = delete;
  ~WaitCore();

  // Always yields once, as asyncio's wait() and gather() do (they await a
  // waiter future even when everything is done): a pending cancel lands here.
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(coro::coroutine_handle<Promise> handle) {
    if (!arm(handle)) return;
    start();
  }
  void await_resume();

  // The first future that failed (or was cancelled, with cancel_is_failure),
  // in completion order (gather's error).
  FutureBase* first_failure() const { return first_failure_; }

 private:
  struct Node final : DoneWaiter {
    WaitCore* owner = nullptr;
    void on_done(FutureBase& future) noexcept override { owner->on_future_done(future); }
  };

  bool satisfied() const;
  bool counts_as_failure(const FutureBase& f) const { return f.failed() || (cancel_is_failure_ && f.cancelled()); }
  void start();
  void stop();
  void on_future_done(FutureBase& future);
  CancelAction on_cancel() override;

  std::vector<FutureBase*> futures_;
  std::unique_ptr<Node[]> nodes_;
  ReturnWhen when_;
  std::optional<Duration> timeout_;
  TimerId timer_ = 0;
  std::size_t pending_ = 0;
  FutureBase* first_failure_ = nullptr;
  bool any_done_ = false;
  bool cancel_is_failure_ = false;
};

}  // namespace coflags::async
