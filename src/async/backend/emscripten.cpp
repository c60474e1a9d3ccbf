#include "async/backend/emscripten.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <cstdio>

#include "async/run.hpp"

namespace coflags::async {

namespace {

// Posts a task that calls coflags_event_loop_ready(self): a MessageChannel
// message in a page (setTimeout(0) is clamped to 4 ms once nested), node's
// setImmediate elsewhere. Returns an id for coflags_js_cancel_ready_task.
// clang-format off
EM_JS(int, coflags_js_post_ready_task, (void* self), {
  var q = Module['coflagsReadyTasks'];
  if (!q) {
    q = Module['coflagsReadyTasks'] = {next: 1, live: new Map()};
    var run = function(id) {
      var target = q.live.get(id);
      if (target === undefined) return;
      q.live.delete(id);
      _coflags_event_loop_ready(target);
    };
    if (typeof window !== 'undefined' && typeof MessageChannel !== 'undefined') {
      var channel = new MessageChannel();
      channel.port1.onmessage = function(e) { run(e.data); };
      q.post = function(id) { channel.port2.postMessage(id); };
    } else {
      q.post = function(id) { setImmediate(function() { run(id); }); };
    }
  }
  var id = q.next++;
  q.live.set(id, self);
  q.post(id);
  return id;
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_cancel_ready_task, (int id), {
  var q = Module['coflagsReadyTasks'];
  if (q) q.live.delete(id);
});
// clang-format on

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void coflags_event_loop_ready(void* backend) {
  static_cast<EventLoopBackend*>(backend)->on_ready_task();
}

void Backend::wait_until(TimePoint) {
  throw std::logic_error("cannot block in the browser or node: the platform's event loop drives the runtime");
}

EventLoopBackend::EventLoopBackend(Loop& loop, Duration budget) : loop_(loop), budget_(budget) {
  loop_.set_backend(this);
  rearm();
}

EventLoopBackend::~EventLoopBackend() {
  if (ready_task_id_) coflags_js_cancel_ready_task(ready_task_id_);
  if (timeout_id_) emscripten_clear_timeout(timeout_id_);
  loop_.set_backend(nullptr);
}

TimePoint EventLoopBackend::now() const {
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(emscripten_get_now())));
}

void EventLoopBackend::wakeup(TimePoint when) noexcept {
  TimePoint t = now();
  if (when <= t) {
    if (!ready_task_id_) ready_task_id_ = coflags_js_post_ready_task(this);
    return;
  }
  if (timeout_id_ && armed_for_ <= when) return;  // an earlier wakeup is already armed
  if (timeout_id_) emscripten_clear_timeout(timeout_id_);
  double ms = std::chrono::duration<double, std::milli>(when - t).count();
  armed_for_ = when;
  timeout_id_ = emscripten_set_timeout(&EventLoopBackend::on_timeout, ms, this);
}

void EventLoopBackend::on_ready_task() {
  ready_task_id_ = 0;
  tick();
}

void EventLoopBackend::on_timeout(void* self) {
  auto* backend = static_cast<EventLoopBackend*>(self);
  backend->timeout_id_ = 0;
  backend->tick();
}

void EventLoopBackend::tick() {
  loop_.run_for(budget_);
  rearm();
}

// Arms only what can happen: idle costs nothing.
void EventLoopBackend::rearm() {
  if (loop_.has_ready()) wakeup(TimePoint::min());
  else if (auto deadline = loop_.next_deadline()) wakeup(*deadline);
}

namespace {
// clang-format off
EM_JS(void, coflags_mark_unfinished, (), {
  // If node's event loop empties before the main task ends, exit non-zero.
  if (typeof process !== 'undefined') process.exitCode = 3;
});
// clang-format on
}  // namespace

int run_main(Task<int> task) {
  static Loop& loop = current_loop();
  static EventLoopBackend backend(loop);
  detail::current_loop_ptr = &loop;  // current_loop() without the default_loop() call
  coflags_mark_unfinished();
  Future<int> main_task = spawn(std::move(task));
  main_task.add_done_callback([](Future<int>& done) {
    int code = exit_code_of(done);
    std::fflush(stdout);
    std::fflush(stderr);
    emscripten_force_exit(code);
  });
  emscripten_exit_with_live_runtime();
  return 0;  // not reached
}

}  // namespace coflags::async
