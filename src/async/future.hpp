// Future<T>: asyncio's Future for C++. A shared handle to a result that
// arrives later; many handles may refer to the same future.
//
//   Future<int> f;                 // pending
//   f.add_done_callback([](Future<int>& d) { ... });   // runs via the loop
//   f.set_result(42);              // tells waiters; callbacks run next iteration
//   int v = co_await f;            // inside a Task; rethrows f's exception
//
// result() throws InvalidStateError before completion and CancelledError if
// cancelled. Differences from asyncio: result() returns a reference into the
// shared state; `co_await` gives a copy of the value, or moves it out when
// the awaited handle was the only one (`co_await spawn(f())`); `co_await` on
// a done future does not suspend (asyncio's `await fut` does not yield either).
#pragma once

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "async/errors.hpp"
#include "async/future_base.hpp"
#include "async/task_state.hpp"

namespace coflags::async {

// A future core that also stores the value.
template <class T>
class ValueFuture : public FutureBase {
 public:
  void set_result(T value) {
    ensure_pending("set_result");
    value_.emplace(std::move(value));
    finish(Status::finished);
  }
  T& result() {
    check_result();
    return *value_;
  }

 protected:
  std::optional<T> value_;
};

template <>
class ValueFuture<void> : public FutureBase {
 public:
  void set_result() {
    ensure_pending("set_result");
    finish(Status::finished);
  }
  void result() { check_result(); }
};

template <class T>
class FutureAwaiter;

template <class T = void>
class Future {
 public:
  using value_type = T;

  // A new pending future (asyncio's loop.create_future()).
  Future() : core_(new ValueFuture<T>) {}
  explicit Future(ValueFuture<T>* core) : core_(core) {}

  bool valid() const { return static_cast<bool>(core_); }
  bool done() const { return core_->done(); }
  bool cancelled() const { return core_->cancelled(); }
  bool cancel() { return core_->cancel(); }

  decltype(auto) result() const { return core_->result(); }
  std::exception_ptr exception() const { return core_->exception(); }

  template <class U = T>
  requires(!std::is_void_v<U>) void set_result(U value) const { core_->set_result(std::move(value)); }
  template <class U = T>
  requires std::is_void_v<U>
  void set_result() const { core_->set_result(); }
  void set_exception(std::exception_ptr error) const { core_->set_exception(std::move(error)); }

  // `callback(Future<T>&)` or `callback()`, run through the loop once done.
  template <class F>
  CallbackId add_done_callback(F callback) const {
    return core_->add_done_callback([callback = std::move(callback)](FutureBase& base) mutable {
      if constexpr (std::is_invocable_v<F&, Future<T>&>) {
        Future<T> self(static_cast<ValueFuture<T>*>(&base));
        callback(self);
      } else {
        callback();
      }
    });
  }
  int remove_done_callback(CallbackId id) const { return core_->remove_done_callback(id); }

  FutureAwaiter<T> operator co_await() const& { return FutureAwaiter<T>(*this); }
  // `co_await spawn(...)` or `co_await std::move(f)`: the value is moved out
  // when no other handle can see it.
  FutureAwaiter<T> operator co_await() && { return FutureAwaiter<T>(std::move(*this)); }

  ValueFuture<T>* core() const { return core_.get(); }
  bool operator==(const Future& other) const { return core_.get() == other.core_.get(); }

 private:
  Ref<ValueFuture<T>> core_;
};

// `co_await future` inside a task. Cancelling the awaiting task cancels the
// awaited future (asyncio cancels Task._fut_waiter); if that future is a task
// that swallows the cancellation, the awaiter gets its result.
template <class T>
class FutureAwaiter final : public Suspension, private DoneWaiter {
 public:
  explicit FutureAwaiter(Future<T> future) : future_(std::move(future)) {}
  FutureAwaiter(FutureAwaiter&& other) noexcept : Suspension(), DoneWaiter(), future_(std::move(other.future_)) {}
  ~FutureAwaiter() {
    if (future_.valid()) future_.core()->unlink(*this);
  }

  bool await_ready() const noexcept { return future_.done(); }
  template <class Promise>
  void await_suspend(coro::coroutine_handle<Promise> handle) {
    arm_keeping_cancel(handle);
    future_.core()->link(*this);
    deliver_pending_cancel();  // cancels the awaited future, as asyncio does
  }
  T await_resume() {
    if (settle()) throw_cancelled();
    if constexpr (std::is_void_v<T>) {
      future_.result();
    } else if constexpr (!std::is_copy_constructible_v<T>) {
      return std::move(future_.result());  // a move-only value goes to its (first) awaiter
    } else {
      if (future_.core()->unique()) return std::move(future_.result());
      return future_.result();
    }
  }

 private:
  void on_done(FutureBase&) noexcept override { complete(); }
  CancelAction on_cancel() override {
    return future_.cancel() ? CancelAction::wait_for_source : CancelAction::resume_now;
  }

  Future<T> future_;
};

}  // namespace coflags::async
