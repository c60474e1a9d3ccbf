// as_completed(): asyncio.as_completed. Yields the futures themselves in the
// order they finish:
//
//   auto pending = as_completed(std::move(futures));
//   while (pending.remaining() > 0) {
//     Future<Result> f = co_await pending.next();
//     ... f.result() ...
//   }
//
// With a timeout, next() throws TimeoutError once the deadline has passed
// and nothing finished is left to yield. Destroying it early unlinks from
// the futures (it never cancels them).
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "async/errors.hpp"
#include "async/future.hpp"
#include "async/loop.hpp"
#include "async/task_state.hpp"

namespace coflags::async {

template <class T>
class AsCompleted {
 public:
  class Next;

  explicit AsCompleted(std::vector<Future<T>> futures, std::optional<Duration> timeout = std::nullopt)
      : futures_(std::move(futures)), nodes_(std::make_unique<Node[]>(futures_.size())) {
    for (std::size_t i = 0; i < futures_.size(); ++i) {
      nodes_[i].owner = this;
      nodes_[i].index = i;
      if (futures_[i].done()) {
        finished_.push_back(i);
      } else {
        futures_[i].core()->link(nodes_[i]);
      }
    }
    if (timeout && finished_.size() < futures_.size()) {
      timer_ = current_loop().call_later(*timeout, [this] {
        timer_ = 0;
        timed_out_ = true;
        wake();
      });
    }
  }
  AsCompleted(AsCompleted&&) = delete;
  ~AsCompleted() {
    if (timer_) current_loop().cancel_timer(timer_);
    for (std::size_t i = 0; i < futures_.size(); ++i) futures_[i].core()->unlink(nodes_[i]);
  }

  // Futures not yet yielded by next().
  std::size_t remaining() const { return futures_.size() - yielded_; }
  Next next() { return Next(*this); }

  class Next final : public Suspension {
   public:
    explicit Next(AsCompleted& owner) : owner_(owner) {}
    Next(Next&& other) noexcept : Suspension(), owner_(other.owner_) {}
    ~Next() {
      if (owner_.waiter_ == this) owner_.waiter_ = nullptr;
    }
    bool await_ready() const { return !owner_.finished_.empty() || owner_.timed_out_ || owner_.remaining() == 0; }
    template <class Promise>
    void await_suspend(coro::coroutine_handle<Promise> handle) {
      if (!arm(handle)) return;
      owner_.waiter_ = this;
    }
    Future<T> await_resume() {
      if (owner_.waiter_ == this) owner_.waiter_ = nullptr;
      if (settle()) throw CancelledError();
      return owner_.take();
    }

   private:
    friend class AsCompleted;
    CancelAction on_cancel() override {
      owner_.waiter_ = nullptr;
      return CancelAction::resume_now;
    }
    void wake() { complete(); }
    AsCompleted& owner_;
  };

 private:
  struct Node final : DoneWaiter {
    AsCompleted* owner = nullptr;
    std::size_t index = 0;
    void on_done(FutureBase&) override {
      owner->finished_.push_back(index);
      owner->wake();
    }
  };

  void wake() {
    if (waiter_) std::exchange(waiter_, nullptr)->wake();
  }
  Future<T> take() {
    if (finished_.empty()) {
      if (remaining() == 0) throw std::out_of_range("as_completed: every future was already yielded");
      throw TimeoutError("as_completed: timed out");
    }
    std::size_t i = finished_.front();
    finished_.pop_front();
    ++yielded_;
    return futures_[i];
  }

  std::vector<Future<T>> futures_;
  std::unique_ptr<Node[]> nodes_;
  std::deque<std::size_t> finished_;
  Next* waiter_ = nullptr;
  std::size_t yielded_ = 0;
  TimerId timer_ = 0;
  bool timed_out_ = false;
};

template <class T>
AsCompleted<T> as_completed(std::vector<Future<T>> futures, std::optional<Duration> timeout = std::nullopt) {
  return AsCompleted<T>(std::move(futures), timeout);
}

}  // namespace coflags::async
