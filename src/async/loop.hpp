// The event loop: a FIFO ready queue, timers, and one `run_once()` that a
// backend drives (a blocking native loop, or a task posted to the browser's
// or node's event loop: backend/emscripten.cpp).
//
// Semantics follow asyncio's BaseEventLoop._run_once: each iteration moves due
// timers to the ready queue, then runs exactly the callbacks that were ready
// when it started; callbacks they schedule run on the next iteration.
//
// Nothing here ever resumes a coroutine inside another coroutine's awaiter:
// awaiters and JS callbacks only enqueue handles, and the non-coroutine
// run_once() resumes them. That is how the runtime builds with clang 14 for
// wasm, where symmetric transfer gets no tail call (3.1.6 does not enable
// wasm tail calls), and it is asyncio's call_soon semantics anyway.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "async/coro.hpp"

namespace coflags::async {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;
using TimerId = std::uint64_t;

class TaskState;

// What a loop needs from its platform: the time, and a way to be woken.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual TimePoint now() const { return Clock::now(); }
  // New work may be due at `when` (TimePoint::min() = now) while the loop is
  // not running; event-driven backends arm a wakeup, frame-driven ones ignore it.
  // Must not throw: it is called from the ready queue's push, which is noexcept.
  virtual void wakeup(TimePoint when) noexcept { (void)when; }
  // Blocks until `when` (native) or advances a virtual clock (tests). Backends
  // that cannot block (browser, node) leave the default, which throws.
  virtual void wait_until(TimePoint when);
};

class Loop {
 public:
  explicit Loop(Backend* backend = nullptr);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  TimePoint now() const { return backend_->now(); }
  Backend& backend() { return *backend_; }
  void set_backend(Backend* backend);

  // Schedules a coroutine resumption or a callback for the next iteration.
  // noexcept and inline: awaiters call these from coroutine bodies, where with
  // JS-lowered wasm exceptions any call that may throw goes through JS.
  void resume_soon(coro::coroutine_handle<> handle) noexcept { push({nullptr, handle.address()}); }
  void call_soon(void (*fn)(void*), void* arg) noexcept { push({fn, arg}); }
  void call_soon(std::function<void()> callback);

  TimerId call_later(Duration delay, std::function<void()> callback);
  TimerId call_at(TimePoint when, std::function<void()> callback);
  // Stops the timer until the moment its callback starts, even once it is due
  // and queued (asyncio's TimerHandle.cancel); false if it already ran or was cancelled.
  bool cancel_timer(TimerId id);

  // One iteration; returns how many callbacks ran. A callback that throws is
  // reported and the iteration goes on. Calling either of these from inside
  // a callback (a task calling run_until_complete) throws std::runtime_error
  // "This event loop is already running", as asyncio does.
  std::size_t run_once();
  // Iterations until nothing is ready or `budget` is used up; the browser
  // backend's posted task calls this so a burst of ready work cannot hold
  // the page's thread past one slice.
  std::size_t run_for(Duration budget);

  bool running() const { return running_now_; }
  bool has_ready() const { return head_ != tail_; }
  std::size_t ready_count() const { return tail_ - head_; }
  std::size_t timer_count() const { return timers_.size(); }
  std::optional<TimePoint> next_deadline();
  // Nothing ready, no timers: whatever comes next must come from outside.
  bool idle() { return !has_ready() && !next_deadline(); }

  // Unhandled errors in callbacks and never-retrieved task exceptions land here
  // (asyncio's call_exception_handler); the default prints to stderr.
  void set_error_handler(std::function<void(std::string_view)> handler);
  void report_error(std::string_view message);

  // Tasks spawned on this loop and not yet finished.
  // Inline, defined in task_state.hpp (spawn and every task's end call them).
  inline void register_task(TaskState& task) noexcept;
  inline void unregister_task(TaskState& task) noexcept;
  std::size_t live_tasks() const { return live_task_count_; }
  // asyncio.run's teardown: cancels every live task, then runs the loop (its
  // timers included, waiting through the backend) until they have finished,
  // for at most `grace` of loop time and kShutdownIterations iterations.
  // Tasks still running then are abandoned: reported, marked cancelled, and
  // freed once nothing references them. Returns how many were abandoned.
  static constexpr Duration kShutdownGrace = std::chrono::seconds(5);
  static constexpr std::size_t kShutdownIterations = 100000;
  std::size_t shutdown(Duration grace = kShutdownGrace);

 private:
  struct ReadyItem {
    void (*fn)(void*);  // null: `arg` is a coroutine handle's address
    void* arg;
  };
  struct Timer {
    TimePoint when;
    TimerId id;
    bool operator>(const Timer& other) const { return when != other.when ? when > other.when : id > other.id; }
  };

  static void run_callback(void* callback);
  // Marks a ready item whose arg is a TimerId still in timers_.
  static void run_timer_marker(void*) {}
  void run_timer(TimerId id);
  void ensure_not_running() const;
  void push(ReadyItem item) noexcept {
    if (head_ == tail_ && !running_now_) backend_->wakeup(TimePoint::min());
    if (tail_ - head_ == ring_mask_ + 1) grow_ring();
    ring_[tail_++ & ring_mask_] = item;
  }
  void push_back_unwoken(ReadyItem item) noexcept {
    if (tail_ - head_ == ring_mask_ + 1) grow_ring();
    ring_[tail_++ & ring_mask_] = item;
  }
  void grow_ring() noexcept;
  void run_item(ReadyItem item);
  // What a run_for() slice carries across the exceptions it reports.
  struct Slice {
    const TimePoint* deadline;  // null: run_once(), one batch, no clock
    TimePoint t;                // the last clock reading
    std::size_t since_clock = 0;
    std::size_t ran = 0;
  };
  // The hot loop, kept out of line so that no call in it sits inside a try
  // block (with JS-lowered exceptions each would go through a JS invoke).
  [[gnu::noinline]] void run_slice(Slice& s);
  // Runs `slice` with the loop's error reporting around it.
  std::size_t run_reporting(Slice& slice);
  void report_escaped(std::exception_ptr error);
  void move_due_timers(TimePoint t);
  void drop_ready();

  Backend* backend_;
  // The ready queue: a ring of power-of-two size. [head_, tail_) are ready
  // (indices grow without bound and are masked); the first batch_left_ of
  // them form the iteration now running, the rest run in the next one.
  std::vector<ReadyItem> ring_;
  std::size_t ring_mask_ = 0;
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
  std::size_t batch_left_ = 0;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timer_heap_;
  std::unordered_map<TimerId, std::function<void()>> timers_;
  TimerId next_timer_id_ = 1;
  bool running_now_ = false;
  std::function<void(std::string_view)> error_handler_;
  TaskState* live_tasks_ = nullptr;
  std::size_t live_task_count_ = 0;
};

// The loop coroutines schedule on. A process has a default loop; tests and
// programs may install their own with LoopScope.
namespace detail {
inline thread_local Loop* current_loop_ptr = nullptr;
}
Loop& default_loop() noexcept;
inline Loop& current_loop() {
  Loop* loop = detail::current_loop_ptr;
  return loop ? *loop : default_loop();
}

class LoopScope {
 public:
  explicit LoopScope(Loop& loop);
  ~LoopScope();
  LoopScope(const LoopScope&) = delete;
  LoopScope& operator=(const LoopScope&) = delete;

 private:
  Loop* previous_;
};

}  // namespace coflags::async
