// The backend for the browser and node: thin, it only decides when the
// platform calls Loop::run_for().
//
// EventLoopBackend: runs the loop in a task of the platform's own event loop
// as soon as work is ready (a MessageChannel message in a page, setImmediate
// in node: no 4 ms clamp, no wait for an animation frame) and with
// setTimeout when only a timer is due; never otherwise, so an idle program
// costs no CPU and node exits when nothing is left. Each task runs for at
// most `budget` and then yields, so a burst of hundreds of requests is
// started over several short tasks between which the page draws and takes
// input, instead of one long task.
#pragma once

#include "async/loop.hpp"

namespace coflags::async {

class EventLoopBackend final : public Backend {
 public:
  // 6 ms: in a page no task comes near the 50 ms of a long task; in node the
  // requests a slice starts reach the socket when the slice yields (a 50 ms
  // slice held 676 HTTP/2 requests back ~50 ms: W4 took 1.23 s, not 1.18 s).
  static constexpr Duration kDefaultBudget = std::chrono::milliseconds(6);
  explicit EventLoopBackend(Loop& loop, Duration budget = kDefaultBudget);
  ~EventLoopBackend() override;
  EventLoopBackend(const EventLoopBackend&) = delete;
  EventLoopBackend& operator=(const EventLoopBackend&) = delete;

  void wakeup(TimePoint when) noexcept override;
  // steady_clock's own source (emscripten_get_now(), as clock_gettime reads
  // it) without libc++'s noexcept wrapper around clock_gettime: three JS hops
  // and a throw path fewer per reading.
  TimePoint now() const override;

  // Called by the platform task posted for ready work (public for the C entry point).
  void on_ready_task();

 private:
  static void on_timeout(void* self);
  void tick();
  void rearm();

  Loop& loop_;
  Duration budget_;
  int ready_task_id_ = 0;  // a posted task for ready work, 0 if none
  int timeout_id_ = 0;     // a setTimeout for the next timer, 0 if none
  TimePoint armed_for_{};
};

}  // namespace coflags::async
