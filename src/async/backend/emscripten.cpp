#include "async/backend/emscripten.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <cstdio>

#include "async/backend/event_loop_js.hpp"
#include "async/run.hpp"

namespace coflags::async {

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
  return TimePoint(
      std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(emscripten_get_now())));
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

int run_main(Task<int> task) {
  static Loop& loop = current_loop();
  static EventLoopBackend backend(loop);
  detail::current_loop_ptr = &loop;  // current_loop() without the default_loop() call
  coflags_js_mark_unfinished();
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
