#include "async/backend/emscripten.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <cstdio>

#include "async/run.hpp"

namespace coflags::async {

void Backend::wait_until(TimePoint) {
  throw std::logic_error("cannot block in the browser or node: the platform's event loop drives the runtime");
}

EventLoopBackend::EventLoopBackend(Loop& loop, Duration budget) : loop_(loop), budget_(budget) {
  loop_.set_backend(this);
  if (loop_.has_ready()) wakeup(TimePoint::min());
  else if (auto deadline = loop_.next_deadline()) wakeup(*deadline);
}

EventLoopBackend::~EventLoopBackend() {
  if (timeout_id_) emscripten_clear_timeout(timeout_id_);
  loop_.set_backend(nullptr);
}

void EventLoopBackend::wakeup(TimePoint when) {
  TimePoint t = now();
  if (when < t) when = t;
  if (timeout_id_ && armed_for_ <= when) return;  // an earlier wakeup is already armed
  if (timeout_id_) emscripten_clear_timeout(timeout_id_);
  double ms = std::chrono::duration<double, std::milli>(when - t).count();
  armed_for_ = when;
  timeout_id_ = emscripten_set_timeout(&EventLoopBackend::on_timeout, ms, this);
}

void EventLoopBackend::on_timeout(void* self) { static_cast<EventLoopBackend*>(self)->tick(); }

void EventLoopBackend::tick() {
  timeout_id_ = 0;
  loop_.run_for(budget_);
  // Re-arm only if something can happen: idle costs nothing.
  if (loop_.has_ready()) {
    wakeup(TimePoint::min());
  } else if (auto deadline = loop_.next_deadline()) {
    wakeup(*deadline);
  }
}

namespace {
EM_JS(void, coflags_mark_unfinished, (), {
  // If node's event loop empties before the main task ends, exit non-zero.
  if (typeof process !== 'undefined') process.exitCode = 3;
});
}  // namespace

int run_main(Task<int> task) {
  static Loop& loop = current_loop();
  static EventLoopBackend backend(loop, std::chrono::milliseconds(50));
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
