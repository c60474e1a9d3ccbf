#include "async/loop.hpp"

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "async/task_state.hpp"

namespace coflags::async {

namespace {
// Checking the clock costs more than running a resumption: look every N items.
// 64: in wasm a reading is a JS call (~10 ns under node, more in a page),
// at 16 it was 9% of a spawn+await; 64 items overrun a 6 ms slice by
// microseconds unless one of them is itself slow.
constexpr std::size_t kItemsPerClockCheck = 64;
constexpr std::size_t kInitialRing = 256;

Backend& default_backend() {
  static Backend backend;
  return backend;
}

}  // namespace

Loop::Loop(Backend* backend) : backend_(backend ? backend : &default_backend()) {
  ring_.resize(kInitialRing);
  ring_mask_ = kInitialRing - 1;
}

Loop::~Loop() {
  shutdown();
  drop_ready();
}

void Loop::set_backend(Backend* backend) { backend_ = backend ? backend : &default_backend(); }

void Loop::run_callback(void* callback) {
  std::unique_ptr<std::function<void()>> owned(static_cast<std::function<void()>*>(callback));
  (*owned)();
}

void Loop::grow_ring() noexcept {
  // Twice the size, the items in order from index 0.
  std::vector<ReadyItem> bigger(ring_.size() * 2);
  std::size_t n = tail_ - head_;
  for (std::size_t i = 0; i < n; ++i) bigger[i] = ring_[(head_ + i) & ring_mask_];
  ring_.swap(bigger);
  ring_mask_ = ring_.size() - 1;
  head_ = 0;
  tail_ = n;
}

void Loop::call_soon(std::function<void()> callback) {
  push({&run_callback, new std::function<void()>(std::move(callback))});
}

TimerId Loop::call_later(Duration delay, std::function<void()> callback) {
  return call_at(now() + delay, std::move(callback));
}

TimerId Loop::call_at(TimePoint when, std::function<void()> callback) {
  // Ids fit in a pointer (a due timer travels through the ready queue as one);
  // on wasm32 they wrap after 2^32 timers, skipping 0.
  TimerId id = next_timer_id_;
  next_timer_id_ = static_cast<std::uintptr_t>(next_timer_id_ + 1);
  if (next_timer_id_ == 0) next_timer_id_ = 1;
  bool earliest = timer_heap_.empty() || when < timer_heap_.top().when;
  timers_.emplace(id, std::move(callback));
  timer_heap_.push({when, id});
  if (earliest && !running_now_) backend_->wakeup(when);
  return id;
}

bool Loop::cancel_timer(TimerId id) { return timers_.erase(id) > 0; }

std::optional<TimePoint> Loop::next_deadline() {
  // Cancelled timers stay in the heap until they reach the top.
  while (!timer_heap_.empty() && !timers_.count(timer_heap_.top().id)) timer_heap_.pop();
  if (timer_heap_.empty()) return std::nullopt;
  return timer_heap_.top().when;
}

void Loop::move_due_timers(TimePoint t) {
  // A due timer stays in timers_ until it runs, so cancel_timer() still stops it.
  while (!timer_heap_.empty() && timer_heap_.top().when <= t) {
    TimerId id = timer_heap_.top().id;
    timer_heap_.pop();
    if (timers_.count(id))
      push_back_unwoken({&run_timer_marker, reinterpret_cast<void*>(static_cast<std::uintptr_t>(id))});
  }
}

void Loop::run_timer(TimerId id) {
  auto node = timers_.extract(id);
  if (node.empty()) return;  // cancelled after it became due
  node.mapped()();
}

void Loop::run_item(ReadyItem item) {
  if (!item.fn) {
    coro::coroutine_handle<>::from_address(item.arg).resume();
  } else if (item.fn == &run_timer_marker) {
    run_timer(reinterpret_cast<std::uintptr_t>(item.arg));
  } else {
    item.fn(item.arg);
  }
}

void Loop::ensure_not_running() const {
  if (running_now_) throw std::runtime_error("This event loop is already running");
}

std::size_t Loop::run_once() {
  ensure_not_running();
  if (!timer_heap_.empty()) move_due_timers(now());
  Slice slice{nullptr, TimePoint{}};
  return run_reporting(slice);
}

std::size_t Loop::run_for(Duration budget) {
  ensure_not_running();
  TimePoint t = now();
  const TimePoint deadline = t + budget;
  Slice slice{&deadline, t};
  return run_reporting(slice);
}

// Iterations: each moves the due timers, then runs exactly the items that
// were ready when it started (batch_left_). Reading the clock costs more than
// a resumption (a JS call in wasm): with a deadline it is read once per
// kItemsPerClockCheck items, and due timers are judged by that reading. Items
// left when the deadline passes stay in front of the queue, in order.
void Loop::run_slice(Slice& s) {
  for (;;) {
    if (batch_left_ == 0) {
      if (s.deadline) move_due_timers(s.t);
      batch_left_ = tail_ - head_;
      if (batch_left_ == 0) return;
    }
    while (batch_left_ > 0) {
      --batch_left_;
      ++s.ran;
      run_item(ring_[head_++ & ring_mask_]);
      if (s.deadline && ++s.since_clock == kItemsPerClockCheck) {
        s.since_clock = 0;
        s.t = now();
        if (s.t >= *s.deadline) return;
      }
    }
    if (!s.deadline) return;          // run_once(): one iteration
    if (head_ == tail_) s.t = now();  // about to look for due timers once more
  }
}

std::size_t Loop::run_reporting(Slice& slice) {
  running_now_ = true;
  for (;;) {
    // A callback that throws, or an exception escaping a coroutine (see
    // docs/RUNTIME.md, wasm exceptions), is reported and the slice goes on.
    try {
      run_slice(slice);
      break;
    } catch (...) {
      try {
        report_escaped(std::current_exception());
      } catch (...) {  // the error handler threw: leave the loop usable
        batch_left_ = 0;
        running_now_ = false;
        throw;
      }
    }
  }
  // Unrun items of a batch cut short join the next iteration.
  batch_left_ = 0;
  running_now_ = false;
  return slice.ran;
}

void Loop::report_escaped(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    report_error(std::string("Exception in callback: ") + e.what());
  } catch (...) {
    report_error("Exception in callback (not a std::exception)");
  }
}

void Loop::drop_ready() {
  // Deleting a callback may release the last reference to a frame whose
  // destructors schedule more: pop one at a time until nothing is left.
  batch_left_ = 0;
  while (head_ != tail_) {
    ReadyItem item = ring_[head_++ & ring_mask_];
    if (item.fn == &run_callback) delete static_cast<std::function<void()>*>(item.arg);
  }
}

void Loop::set_error_handler(std::function<void(std::string_view)> handler) { error_handler_ = std::move(handler); }

void Loop::report_error(std::string_view message) {
  if (error_handler_) {
    error_handler_(message);
  } else {
    std::fprintf(stderr, "coflags: %.*s\n", static_cast<int>(message.size()), message.data());
  }
}

std::size_t Loop::shutdown(Duration grace) {
  if (!live_tasks_) return 0;
  ensure_not_running();
  LoopScope scope(*this);
  for (TaskState* t = live_tasks_; t; t = t->next_live_) t->cancel_task();
  const TimePoint limit = now() + grace;
  for (std::size_t i = 0; i < kShutdownIterations && live_tasks_; ++i) {
    if (!has_ready()) {
      auto deadline = next_deadline();
      if (!deadline || *deadline > limit) break;
      try {
        backend_->wait_until(*deadline);
      } catch (const std::exception&) {
        break;  // a backend that cannot block (node, browser): only ready work can run
      }
    }
    run_once();
  }
  std::size_t abandoned = live_task_count_;
  if (abandoned) {
    report_error("shutdown: " + std::to_string(abandoned) +
                 " task(s) still pending after cancellation were abandoned (Task was destroyed but it is pending!)");
  }
  // Abandoned tasks are marked cancelled (a Future someone kept stays valid
  // and says so) and lose the reference they held while running; a frame is
  // destroyed only when nothing references it, so a task awaiting another
  // never outlives what it awaits.
  while (live_tasks_) {
    TaskState* t = live_tasks_;
    unregister_task(*t);
    t->abandon();
  }
  drop_ready();
  return abandoned;
}

Loop& default_loop() noexcept {
  // Never destroyed: tearing tasks down from static destructors at exit
  // would resume coroutines after the rest of the program is gone.
  static Loop* loop = new Loop;
  return *loop;
}

LoopScope::LoopScope(Loop& loop) : previous_(detail::current_loop_ptr) { detail::current_loop_ptr = &loop; }
LoopScope::~LoopScope() { detail::current_loop_ptr = previous_; }

}  // namespace coflags::async
