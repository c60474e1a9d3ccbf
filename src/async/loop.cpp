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
  TimerId id = next_timer_id_++;
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
  while (!timer_heap_.empty() && timer_heap_.top().when <= t) {
    auto node = timers_.extract(timer_heap_.top().id);
    timer_heap_.pop();
    if (!node.empty()) ready_.push_back({&run_callback, new std::function<void()>(std::move(node.mapped()))});
  }
}

void Loop::run_item(ReadyItem item) {
  if (!item.fn) {
    // Resumptions do not throw: promises keep their exceptions.
    coro::coroutine_handle<>::from_address(item.arg).resume();
    return;
  }
  if (item.fn != &run_callback) {
    item.fn(item.arg);
    return;
  }
  try {
    item.fn(item.arg);
  } catch (const std::exception& e) {
    report_error(std::string("Exception in callback: ") + e.what());
  } catch (...) {
    report_error("Exception in callback (not a std::exception)");
  }
}

std::size_t Loop::run_once() {
  if (!timer_heap_.empty()) move_due_timers(now());
  TimePoint unused;
  std::size_t since_clock = 0;
  return run_batch(nullptr, unused, since_clock);
}

std::size_t Loop::run_for(Duration budget) {
  // Reading the clock costs more than a resumption (a JS call in wasm): the
  // time is read once per kItemsPerClockCheck callbacks, and due timers are
  // judged by that reading.
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

std::size_t Loop::run_batch(const TimePoint* deadline, TimePoint& t, std::size_t& since_clock) {
  running_now_ = true;
  running_.swap(ready_);
  std::size_t i = 0;
  while (i < running_.size()) {
    run_item(running_[i++]);
    if (deadline && ++since_clock == kItemsPerClockCheck) {
      since_clock = 0;
      t = now();
      if (t >= *deadline) break;
    }
  }
  if (i < running_.size()) {  // out of time: unrun items go back in front, in order
    ready_.insert(ready_.begin(), running_.begin() + static_cast<std::ptrdiff_t>(i), running_.end());
  }
  running_.clear();
  running_now_ = false;
  return i;
}

void Loop::drop_ready() {
  for (auto* queue : {&ready_, &running_}) {
    for (ReadyItem item : *queue) {
      if (item.fn == &run_callback) delete static_cast<std::function<void()>*>(item.arg);
    }
    queue->clear();
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

void Loop::shutdown() {
  if (!live_tasks_) return;
  LoopScope scope(*this);
  for (TaskState* t = live_tasks_; t; t = t->next_live_) t->cancel_task();
  // Cancelled tasks normally end within a few iterations; never wait on timers here.
  for (int i = 0; i < 1000 && live_tasks_ && has_ready(); ++i) run_once();
  while (live_tasks_) {
    TaskState* t = live_tasks_;
    report_error("Task was destroyed but it is pending!");
    unregister_task(*t);
    t->destroy_pending();
  }
  drop_ready();
}

Loop& default_loop() {
  // Never destroyed: tearing tasks down from static destructors at exit
  // would resume coroutines after the rest of the program is gone.
  static Loop* loop = new Loop;
  detail::current_loop_ptr = loop;
  return *loop;
}

LoopScope::LoopScope(Loop& loop) : previous_(detail::current_loop_ptr) { detail::current_loop_ptr = &loop; }
LoopScope::~LoopScope() { detail::current_loop_ptr = previous_; }

}  // namespace coflags::async
