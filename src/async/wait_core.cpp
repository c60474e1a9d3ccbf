#include "async/wait_core.hpp"

#include <stdexcept>
#include <utility>

namespace coflags::async {

WaitCore::WaitCore(std::vector<FutureBase*> futures, ReturnWhen when, std::optional<Duration> timeout,
                   bool cancel_is_failure)
    : futures_(std::move(futures)), when_(when), timeout_(timeout), cancel_is_failure_(cancel_is_failure) {
  for (FutureBase* f : futures_) {
    if (f->done()) {
      any_done_ = true;
      if (counts_as_failure(*f) && !first_failure_) first_failure_ = f;
    } else {
      ++pending_;
    }
  }
}

WaitCore::~WaitCore() { stop(); }

bool WaitCore::satisfied() const {
  if (pending_ == 0) return true;
  switch (when_) {
    case ReturnWhen::first_completed: return any_done_;
    case ReturnWhen::first_exception: return first_failure_ != nullptr;
    case ReturnWhen::all_completed: return false;
  }
  return false;
}

void WaitCore::start() {
  if (satisfied()) {
    complete();
    return;
  }
  nodes_ = std::make_unique<Node[]>(futures_.size());
  for (std::size_t i = 0; i < futures_.size(); ++i) {
    nodes_[i].owner = this;
    if (!futures_[i]->done()) futures_[i]->link(nodes_[i]);
  }
  if (timeout_) {
    timer_ = current_loop().call_later(*timeout_, [this] {
      timer_ = 0;
      stop();
      complete();
    });
  }
}

void WaitCore::stop() {
  if (timer_) current_loop().cancel_timer(std::exchange(timer_, 0));
  if (!nodes_) return;
  for (std::size_t i = 0; i < futures_.size(); ++i) futures_[i]->unlink(nodes_[i]);
}

void WaitCore::on_future_done(FutureBase& future) {
  --pending_;
  any_done_ = true;
  if (counts_as_failure(future) && !first_failure_) first_failure_ = &future;
  if (satisfied()) {
    stop();
    complete();
  }
}

Suspension::CancelAction WaitCore::on_cancel() {
  stop();
  return CancelAction::resume_now;
}

void WaitCore::await_resume() {
  stop();
  if (settle()) throw CancelledError();
}

}  // namespace coflags::async
