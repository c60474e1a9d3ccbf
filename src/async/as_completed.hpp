// as_completed(): asyncio.as_completed (3.11). Yields the futures themselves
// in the order they finish:
//
//   auto pending = as_completed(std::move(futures));
//   while (pending.remaining() > 0) {
//     Future<Result> f = co_await pending.next();
//     ... f.result() ...
//   }
//
// A future given twice is yielded once. With a timeout, once the deadline
// passes every future not finished by then makes one next() throw
// TimeoutError (asyncio queues one None per remaining future); completions
// after the deadline are not yielded. Several tasks may await next() at
// once: each finished future goes to the longest-waiting one. Destroying it
// early unlinks from the futures (it never cancels them).
#pragma once

#include <algorithm>
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

  explicit AsCompleted(std::vector<Future<T>> futures, std::optional<Duration> timeout = std::nullopt) {
    for (auto& f : futures) {
      if (std::find(futures_.begin(), futures_.end(), f) == futures_.end()) futures_.push_back(std::move(f));
    }
    nodes_ = std::make_unique<Node[]>(futures_.size());
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
        on_timeout();
      });
    }
  }
  AsCompleted(AsCompleted&&) = delete;
  ~AsCompleted() {
    if (timer_) current_loop().cancel_timer(timer_);
    unlink_all();
  }

  // Futures (or timeouts) not yet handed out by next().
  std::size_t remaining() const { return futures_.size() - yielded_; }
  Next next() { return Next(*this); }

  class Next final : public Suspension {
   public:
    explicit Next(AsCompleted& owner) : owner_(owner) {}
    Next(Next&& other) noexcept : Suspension(), owner_(other.owner_) {}
    ~Next() { owner_.forget(*this); }
    bool await_ready() const { return !owner_.finished_.empty() || owner_.unclaimed() == 0; }
    template <class Promise>
    void await_suspend(coro::coroutine_handle<Promise> handle) {
      if (!arm(handle)) return;
      owner_.waiters_.push_back(this);
    }
    Future<T> await_resume() {
      owner_.forget(*this);
      if (settle()) {
        if (granted_) owner_.give_back(*std::exchange(granted_, std::nullopt));
        throw CancelledError();
      }
      if (!granted_) granted_ = owner_.claim();
      return owner_.take(*std::exchange(granted_, std::nullopt));
    }

   private:
    friend class AsCompleted;
    CancelAction on_cancel() override {
      owner_.forget(*this);
      return CancelAction::resume_now;
    }
    void grant(std::size_t index) {
      granted_ = index;
      complete();
    }
    AsCompleted& owner_;
    std::optional<std::size_t> granted_;
  };

 private:
  static constexpr std::size_t kTimedOut = static_cast<std::size_t>(-1);

  struct Node final : DoneWaiter {
    AsCompleted* owner = nullptr;
    std::size_t index = 0;
    void on_done(FutureBase&) noexcept override {
      owner->finished_.push_back(index);
      owner->hand_out();
    }
  };

  // Futures neither yielded nor granted to a waiter.
  std::size_t unclaimed() const { return remaining() - granted_count_; }
  void hand_out() {
    while (!waiters_.empty() && !finished_.empty()) {
      Next* waiter = waiters_.front();
      waiters_.pop_front();
      ++granted_count_;
      std::size_t index = finished_.front();
      finished_.pop_front();
      waiter->grant(index);
    }
  }
  std::size_t claim() {
    if (finished_.empty()) throw std::out_of_range("as_completed: every future was already yielded");
    std::size_t index = finished_.front();
    finished_.pop_front();
    ++granted_count_;
    return index;
  }
  void give_back(std::size_t index) {
    --granted_count_;
    finished_.push_front(index);
    hand_out();
  }
  Future<T> take(std::size_t index) {
    --granted_count_;
    ++yielded_;
    if (index == kTimedOut) throw TimeoutError("as_completed: timed out");
    return futures_[index];
  }
  void forget(Next& waiter) {
    auto it = std::find(waiters_.begin(), waiters_.end(), &waiter);
    if (it != waiters_.end()) waiters_.erase(it);
  }
  void on_timeout() {
    for (std::size_t i = 0; i < futures_.size(); ++i) {
      if (!futures_[i].done()) {
        futures_[i].core()->unlink(nodes_[i]);
        finished_.push_back(kTimedOut);
      }
    }
    hand_out();
  }
  void unlink_all() {
    for (std::size_t i = 0; i < futures_.size(); ++i) futures_[i].core()->unlink(nodes_[i]);
  }

  std::vector<Future<T>> futures_;
  std::unique_ptr<Node[]> nodes_;
  std::deque<std::size_t> finished_;  // indexes into futures_, or kTimedOut
  std::deque<Next*> waiters_;
  std::size_t yielded_ = 0;
  std::size_t granted_count_ = 0;
  TimerId timer_ = 0;
};

template <class T>
AsCompleted<T> as_completed(std::vector<Future<T>> futures, std::optional<Duration> timeout = std::nullopt) {
  return AsCompleted<T>(std::move(futures), timeout);
}

}  // namespace coflags::async
