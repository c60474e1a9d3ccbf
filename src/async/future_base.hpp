// The type-erased core of a Future: status, stored exception, the list of
// things to tell when it is done, and an intrusive reference count.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <utility>

namespace coflags::async {

class FutureBase;

// Something waiting for a future: an awaiting coroutine, a user callback, an
// as_completed or wait() in progress. Nodes live in their owner (usually the
// awaiting coroutine's frame) and unlink themselves; no allocation per wait.
class DoneWaiter {
 public:
  DoneWaiter() = default;
  DoneWaiter(const DoneWaiter&) = delete;
  DoneWaiter& operator=(const DoneWaiter&) = delete;

  // Called once, synchronously, when the future becomes done. Implementations
  // only schedule work (Loop::call_soon); they never run user code inline.
  virtual void on_done(FutureBase& future) = 0;

 protected:
  ~DoneWaiter() = default;

 private:
  friend class FutureBase;
  DoneWaiter* prev_ = nullptr;
  DoneWaiter* next_ = nullptr;
  FutureBase* future_ = nullptr;
};

using CallbackId = std::uint64_t;

// An owning reference to a future core (intrusive count).
template <class F>
class Ref {
 public:
  Ref() = default;
  explicit Ref(F* p) : p_(p) {
    if (p_) p_->add_ref();
  }
  Ref(const Ref& o) : Ref(o.p_) {}
  Ref(Ref&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  Ref& operator=(Ref o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~Ref() {
    if (p_) p_->release();
  }
  F* get() const { return p_; }
  F& operator*() const { return *p_; }
  F* operator->() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  F* p_ = nullptr;
};

class FutureBase {
 public:
  enum class Status : std::uint8_t { pending, finished, cancelled };

  FutureBase(const FutureBase&) = delete;
  FutureBase& operator=(const FutureBase&) = delete;

  Status status() const { return status_; }
  bool done() const { return status_ != Status::pending; }
  bool cancelled() const { return status_ == Status::cancelled; }
  // Finished with an exception (without marking it retrieved).
  bool failed() const { return status_ == Status::finished && error_ != nullptr; }

  // Plain futures: marks it cancelled and tells the waiters. Tasks override
  // this to deliver CancelledError inside the coroutine instead.
  virtual bool cancel();

  // asyncio's exception(): InvalidStateError while pending, CancelledError if
  // cancelled, else the stored exception (null if it finished with a value).
  std::exception_ptr exception();
  void set_exception(std::exception_ptr error);

  void link(DoneWaiter& waiter);
  void unlink(DoneWaiter& waiter);

  // Runs `callback(*this)` through the loop once done (if already done, on
  // the next iteration: never inline, as asyncio's add_done_callback).
  CallbackId add_done_callback(std::function<void(FutureBase&)> callback);
  // How many callbacks with this id were removed (0 or 1).
  int remove_done_callback(CallbackId id);

  void add_ref() noexcept { ++refs_; }
  // Exactly one reference: its holder may take the value instead of copying it.
  bool unique() const noexcept { return refs_ == 1; }
  void release() noexcept;

 protected:
  FutureBase() = default;
  virtual ~FutureBase();
  // Frees the object once the last reference is gone; tasks destroy their frame.
  virtual void destroy() noexcept { delete this; }

  // Throws as result() must before a value is read: InvalidStateError while
  // pending, CancelledError if cancelled, the stored exception if any.
  void check_result();
  void ensure_pending(const char* operation) const;
  // Drops a reference without destroying; true if it was the last one.
  bool drop_ref() noexcept { return --refs_ == 0; }
  // Sets the final status and tells every waiter, in registration order.
  void finish(Status status);

  std::exception_ptr error_;

 private:
  class CallbackWaiter;
  DoneWaiter* head_ = nullptr;
  DoneWaiter* tail_ = nullptr;
  std::uint32_t refs_ = 0;
  Status status_ = Status::pending;
  bool error_retrieved_ = false;
};

}  // namespace coflags::async
