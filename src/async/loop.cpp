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
constexpr std::size_t kItemsPerClockCheck = 16;

Backend& default_backend() {
  static Backend backend;
  return backend;
}

}  // namespace

Loop::Loop(Backend* backend) : backend_(backend ? backend : &default_backend()) {}

Loop::~Loop() {
  shutdown();
  drop_ready();
}

void Loop::set_backend(Backend* backend) { backend_ = backend ? backend : &default_backend(); }

void Loop::run_callback(void* callback) {
  std::unique_ptr<std::function<void()>> owned(static_cast<std::function<void()>*>(callback));
  (*owned)();
}

void Loop::push(ReadyItem item) {
  if (ready_.empty() && !running_now_) backend_->wakeup(TimePoint::min());
  ready_.push_back(item);
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
      ready_.push_back({&run_timer_marker, reinterpret_cast<void*>(static_cast<std::uintptr_t>(id))});
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
  TimePoint unused;
  std::size_t since_clock = 0;
  return run_batch(nullptr, unused, since_clock);
}

std::size_t Loop::run_for(Duration budget) {
  // Reading the clock costs more than a resumption (a JS call in wasm): the
  // time is read once per kItemsPerClockCheck callbacks, and due timers are
  // judged by that reading.
  ensure_not_running();
  TimePoint t = now();
  const TimePoint deadline = t + budget;
  std::size_t total = 0;
  std::size_t since_clock = 0;
  for (;;) {
    move_due_timers(t);
    if (ready_.empty()) break;
    total += run_batch(&deadline, t, since_clock);
    if (t >= deadline) break;
    if (ready_.empty()) t = now();  // about to look for due timers once more
  }
  return total;
}

// The hot loop: no try block and nothing to destroy, so with JS-lowered
// exceptions (wasm) its calls stay plain calls instead of JS invokes.
bool Loop::run_items(const TimePoint* deadline, TimePoint& t, std::size_t& since_clock) {
  while (batch_pos_ < running_.size()) {
    run_item(running_[batch_pos_++]);
    if (deadline && ++since_clock == kItemsPerClockCheck) {
      since_clock = 0;
      t = now();
      if (t >= *deadline) return false;
    }
  }
  return true;
}

// Unrun items go back in front, in order.
void Loop::end_batch() {
  if (batch_pos_ < running_.size()) {
    ready_.insert(ready_.begin(), running_.begin() + static_cast<std::ptrdiff_t>(batch_pos_), running_.end());
  }
  running_.clear();
  running_now_ = false;
}

std::size_t Loop::run_batch(const TimePoint* deadline, TimePoint& t, std::size_t& since_clock) {
  running_now_ = true;
  running_.swap(ready_);
  batch_pos_ = 0;
  for (;;) {
    // A callback that throws, or an exception escaping a coroutine (see
    // docs/RUNTIME.md, wasm exceptions), is reported and the batch goes on.
    try {
      run_items(deadline, t, since_clock);
      break;
    } catch (...) {
      try {
        report_escaped(std::current_exception());
      } catch (...) {  // the error handler threw: leave the loop usable
        end_batch();
        throw;
      }
    }
  }
  std::size_t ran = batch_pos_;
  end_batch();
  return ran;
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
  // destructors schedule more: take the queues out before deleting.
  while (!ready_.empty() || !running_.empty()) {
    std::vector<ReadyItem> items;
    items.swap(ready_);
    items.insert(items.end(), running_.begin(), running_.end());
    running_.clear();
    for (ReadyItem item : items) {
      if (item.fn == &run_callback) delete static_cast<std::function<void()>*>(item.arg);
    }
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

void Loop::register_task(TaskState& task) {
  task.next_live_ = live_tasks_;
  task.prev_live_ = nullptr;
  if (live_tasks_) live_tasks_->prev_live_ = &task;
  live_tasks_ = &task;
  ++live_task_count_;
}

void Loop::unregister_task(TaskState& task) {
  (task.prev_live_ ? task.prev_live_->next_live_ : live_tasks_) = task.next_live_;
  if (task.next_live_) task.next_live_->prev_live_ = task.prev_live_;
  task.prev_live_ = task.next_live_ = nullptr;
  --live_task_count_;
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

Loop& default_loop() {
  // Never destroyed: tearing tasks down from static destructors at exit
  // would resume coroutines after the rest of the program is gone.
  static Loop* loop = new Loop;
  return *loop;
}

LoopScope::LoopScope(Loop& loop) : previous_(detail::current_loop_ptr) { detail::current_loop_ptr = &loop; }
LoopScope::~LoopScope() { detail::current_loop_ptr = previous_; }

}  // namespace coflags::async
