// The type-erased core of a Future: status, stored exception, the list of
// things to tell when it is done, and an intrusive reference count.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <new>
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
  virtual void on_done(FutureBase& future) noexcept = 0;

 protected:
  ~DoneWaiter() = default;

 private:
  friend class FutureBase;
  DoneWaiter* prev_ = nullptr;
  DoneWaiter* next_ = nullptr;
  FutureBase* future_ = nullptr;
};

using CallbackId = std::uint64_t;

// A std::exception_ptr whose empty state costs nothing to destroy. With
// JS-lowered wasm exceptions libc++'s ~exception_ptr is a call into JS even
// when it is null, and every future (every task) has one.
class ErrorSlot {
 public:
  ErrorSlot() noexcept : ptr_() {}
  ~ErrorSlot() { reset(); }
  ErrorSlot(const ErrorSlot&) = delete;
  ErrorSlot& operator=(const ErrorSlot&) = delete;
  ErrorSlot& operator=(std::exception_ptr error) noexcept {
    reset();
    if (error) new (&ptr_) std::exception_ptr(std::move(error));
    return *this;
  }
  ErrorSlot& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  // exception_ptr's own operator bool: comparing with nullptr would build
  // (and destroy) a temporary exception_ptr.
  explicit operator bool() const noexcept { return static_cast<bool>(ptr_); }
  bool operator==(std::nullptr_t) const noexcept { return !ptr_; }
  const std::exception_ptr& get() const noexcept { return ptr_; }
  std::exception_ptr take() noexcept {
    std::exception_ptr out;
    if (ptr_) {
      out = std::move(ptr_);
      reset();
    }
    return out;
  }

 private:
  void reset() noexcept {
    if (ptr_) {
      ptr_.~exception_ptr();
      new (&ptr_) std::exception_ptr();  // null: construction is inline and free
    }
  }
  union {
    std::exception_ptr ptr_;
  };
};

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

  void link(DoneWaiter& waiter) noexcept {
    waiter.future_ = this;
    waiter.prev_ = tail_;
    waiter.next_ = nullptr;
    (tail_ ? tail_->next_ : head_) = &waiter;
    tail_ = &waiter;
  }
  void unlink(DoneWaiter& waiter) noexcept {
    if (waiter.future_ != this) return;
    (waiter.prev_ ? waiter.prev_->next_ : head_) = waiter.next_;
    (waiter.next_ ? waiter.next_->prev_ : tail_) = waiter.prev_;
    waiter.prev_ = waiter.next_ = nullptr;
    waiter.future_ = nullptr;
  }

  // Runs `callback(*this)` through the loop once done (if already done, on
  // the next iteration: never inline, as asyncio's add_done_callback).
  CallbackId add_done_callback(std::function<void(FutureBase&)> callback);
  // How many callbacks with this id were removed (0 or 1).
  int remove_done_callback(CallbackId id);

  void add_ref() noexcept { ++refs_; }
  // Exactly one reference: its holder may take the value instead of copying it.
  bool unique() const noexcept { return refs_ == 1; }
  void release() noexcept {
    if (--refs_ == 0) destroy();
  }

 protected:
  FutureBase() = default;
  virtual ~FutureBase() {
    if (head_ || error_) teardown();
  }
  // Frees the object once the last reference is gone; tasks destroy their frame.
  virtual void destroy() noexcept { delete this; }

  // Throws as result() must before a value is read: InvalidStateError while
  // pending, CancelledError if cancelled, the stored exception if any.
  void check_result() {
    if (status_ != Status::finished || error_) check_result_slow();
  }
  void ensure_pending(const char* operation) const;
  // Drops a reference without destroying; true if it was the last one.
  bool drop_ref() noexcept { return --refs_ == 0; }
  // Sets the final status and tells every waiter, in registration order.
  void finish(Status status) noexcept;

  ErrorSlot error_;

 private:
  class CallbackWaiter;
  void teardown() noexcept;
  [[noreturn]] void check_result_slow();
  DoneWaiter* head_ = nullptr;
  DoneWaiter* tail_ = nullptr;
  std::uint32_t refs_ = 0;
  Status status_ = Status::pending;
  bool error_retrieved_ = false;
};

}  // namespace coflags::async
