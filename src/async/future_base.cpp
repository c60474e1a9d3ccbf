#include "async/future_base.hpp"

#include <string>
#include <utility>

#include "async/errors.hpp"
#include "async/loop.hpp"

namespace coflags::async {

namespace {
CallbackId next_callback_id = 1;

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}
}  // namespace

// A user callback waiting in the done list; it owns itself until it fires.
class FutureBase::CallbackWaiter final : public DoneWaiter {
 public:
  CallbackWaiter(std::function<void(FutureBase&)> callback, CallbackId id) : callback_(std::move(callback)), id_(id) {}
  void on_done(FutureBase& future) noexcept override {
    schedule(future, std::move(callback_));
    delete this;
  }
  CallbackId id() const { return id_; }

  static void schedule(FutureBase& future, std::function<void(FutureBase&)> callback) {
    current_loop().call_soon([callback = std::move(callback), ref = Ref<FutureBase>(&future)] { callback(*ref); });
  }

 private:
  std::function<void(FutureBase&)> callback_;
  CallbackId id_;
};

void FutureBase::teardown() noexcept {
  // Only callback waiters can still be linked here: awaiters hold a reference.
  while (head_) {
    auto* waiter = static_cast<CallbackWaiter*>(head_);
    unlink(*waiter);
    delete waiter;
  }
  if (error_ && !error_retrieved_) {
    current_loop().report_error("Future exception was never retrieved: " + describe(error_.get()));
  }
}

bool FutureBase::cancel() {
  if (done()) return false;
  finish(Status::cancelled);
  return true;
}

std::exception_ptr FutureBase::exception() {
  if (status_ == Status::pending) throw InvalidStateError("Exception is not set.");
  if (status_ == Status::cancelled) throw CancelledError();
  error_retrieved_ = true;
  return error_.get();
}

void FutureBase::set_exception(std::exception_ptr error) {
  ensure_pending("set_exception");
  error_ = std::move(error);
  finish(Status::finished);
}

void FutureBase::check_result_slow() {
  if (status_ == Status::pending) throw InvalidStateError("Result is not ready.");
  if (status_ == Status::cancelled) throw CancelledError();
  error_retrieved_ = true;
  std::rethrow_exception(error_.get());
}

void FutureBase::ensure_pending(const char* operation) const {
  if (done()) throw InvalidStateError(std::string(operation) + ": invalid state, the future is already done");
}

CallbackId FutureBase::add_done_callback(std::function<void(FutureBase&)> callback) {
  CallbackId id = next_callback_id++;
  if (done()) {
    CallbackWaiter::schedule(*this, std::move(callback));
  } else {
    link(*new CallbackWaiter(std::move(callback), id));
  }
  return id;
}

int FutureBase::remove_done_callback(CallbackId id) {
  for (DoneWaiter* w = head_; w; w = w->next_) {
    auto* callback = dynamic_cast<CallbackWaiter*>(w);
    if (callback && callback->id() == id) {
      unlink(*callback);
      delete callback;
      return 1;
    }
  }
  return 0;
}

void FutureBase::finish(Status status) noexcept {
  status_ = status;
  // Keep this future alive while waiters react: one of them may drop the
  // last other reference.
  add_ref();
  while (head_) {
    DoneWaiter* waiter = head_;
    unlink(*waiter);
    waiter->on_done(*this);
  }
  release();
}

}  // namespace coflags::async
