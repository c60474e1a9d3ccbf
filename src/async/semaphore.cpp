#include "async/semaphore.hpp"

#include <stdexcept>

namespace coflags::async {

SemaphoreGuard& SemaphoreGuard::operator=(SemaphoreGuard&& other) noexcept {
  if (this != &other) {
    release();
    semaphore_ = std::exchange(other.semaphore_, nullptr);
  }
  return *this;
}

void SemaphoreGuard::release() {
  if (semaphore_) std::exchange(semaphore_, nullptr)->release();
}

Semaphore::Semaphore(int value) : value_(value), limit_(value) {
  if (value < 0) throw std::invalid_argument("Semaphore initial value must be >= 0");
}

Semaphore::~Semaphore() {
  while (head_) unlink(*head_);
}

Semaphore::Acquire Semaphore::acquire() { return Acquire(*this); }

bool Semaphore::try_acquire() {
  if (locked()) return false;
  --value_;
  return true;
}

void Semaphore::release() {
  ++value_;
  wake_up_waiters();
}

void Semaphore::set_limit(int limit) {
  if (limit < 1) throw std::invalid_argument("Semaphore limit must be >= 1");
  value_ += limit - limit_;
  limit_ = limit;
  wake_up_waiters();
}

void Semaphore::enqueue(Acquire& waiter) {
  waiter.prev_ = tail_;
  waiter.next_ = nullptr;
  (tail_ ? tail_->next_ : head_) = &waiter;
  tail_ = &waiter;
  waiter.queued_ = true;
  ++waiting_;
}

void Semaphore::unlink(Acquire& waiter) {
  if (!waiter.queued_) return;
  (waiter.prev_ ? waiter.prev_->next_ : head_) = waiter.next_;
  (waiter.next_ ? waiter.next_->prev_ : tail_) = waiter.prev_;
  waiter.prev_ = waiter.next_ = nullptr;
  waiter.queued_ = false;
  --waiting_;
}

void Semaphore::wake_up_waiters() {
  while (value_ > 0 && head_) {
    Acquire& waiter = *head_;
    unlink(waiter);
    --value_;  // taken on the waiter's behalf
    waiter.grant();
  }
}

void Semaphore::Acquire::grant() {
  granted_ = true;
  complete();
}

Suspension::CancelAction Semaphore::Acquire::on_cancel() {
  semaphore_.unlink(*this);
  return CancelAction::resume_now;
}

SemaphoreGuard Semaphore::Acquire::await_resume() {
  if (settle()) {
    // Cancelled after being handed a permit: pass it on instead of leaking it.
    if (granted_) semaphore_.release();
    throw CancelledError();
  }
  return SemaphoreGuard(semaphore_);
}

}  // namespace coflags::async
