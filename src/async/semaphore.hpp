// Semaphore: asyncio.Semaphore, with the fixes of gh-90155 built in.
//
//   Semaphore sem(5);
//   {
//     auto permit = co_await sem.acquire();   // `async with semaphore:`
//     ...                                     // at most 5 tasks in here
//   }                                         // permit released
//
// FIFO: a newcomer never overtakes a queued waiter (locked() is true while
// anyone waits). release() hands the permit to the first waiter at once
// (its value is taken on the waiter's behalf, as asyncio's _wake_up_next).
// A waiter cancelled while queued leaves the queue without a permit; one
// cancelled after it was handed a permit gives it back to the next waiter.
// set_limit() changes the number of permits while in use (the concurrency
// slider): a lower limit takes effect as holders release.
#pragma once

#include <cstdint>
#include <utility>

#include "async/errors.hpp"
#include "async/task_state.hpp"

namespace coflags::async {

class Semaphore;

// Proof of a held permit; releases it when destroyed (unless released early).
class [[nodiscard]] SemaphoreGuard {
 public:
  SemaphoreGuard() = default;
  explicit SemaphoreGuard(Semaphore& semaphore) : semaphore_(&semaphore) {}
  SemaphoreGuard(SemaphoreGuard&& other) noexcept : semaphore_(std::exchange(other.semaphore_, nullptr)) {}
  SemaphoreGuard& operator=(SemaphoreGuard&& other) noexcept;
  ~SemaphoreGuard() { release(); }
  void release();
  bool holds() const { return semaphore_ != nullptr; }

 private:
  Semaphore* semaphore_ = nullptr;
};

class Semaphore {
 public:
  class Acquire;

  explicit Semaphore(int value = 1);
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;
  ~Semaphore();

  Acquire acquire();
  // Takes a permit if one is free and nobody is queued, without waiting.
  bool try_acquire();
  void release();
  bool locked() const { return value_ <= 0 || head_ != nullptr; }

  // Free permits; negative after set_limit() lowered the limit below the permits in use.
  int value() const { return value_; }
  int limit() const { return limit_; }
  void set_limit(int limit);
  int waiting() const { return waiting_; }

  class Acquire final : public Suspension {
   public:
    explicit Acquire(Semaphore& semaphore) : semaphore_(semaphore) {}
    Acquire(Acquire&& other) noexcept : Suspension(), semaphore_(other.semaphore_) {}
    ~Acquire() { semaphore_.unlink(*this); }

    bool await_ready() { return granted_ = semaphore_.try_acquire(); }
    template <class Promise>
    void await_suspend(coro::coroutine_handle<Promise> handle) {
      if (!arm(handle)) return;
      semaphore_.enqueue(*this);
    }
    SemaphoreGuard await_resume();

   private:
    friend class Semaphore;
    CancelAction on_cancel() override;
    void grant();

    Semaphore& semaphore_;
    Acquire* prev_ = nullptr;
    Acquire* next_ = nullptr;
    bool queued_ = false;
    bool granted_ = false;
  };

 private:
  void enqueue(Acquire& waiter);
  void unlink(Acquire& waiter);
  void wake_up_waiters();

  Acquire* head_ = nullptr;
  Acquire* tail_ = nullptr;
  int value_;
  int limit_;
  int waiting_ = 0;
};

}  // namespace coflags::async
