// Browser and node backends. Both are thin: they only decide when the
// platform calls Loop::run_for().
//
// EventLoopBackend: wakes the loop with setTimeout when work is ready or a
// timer is due, and never otherwise, so an idle program costs no CPU and
// node exits when nothing is left. Used by node programs and tests.
//
// FrameBackend: the browser app's frame callback calls tick(budget) once per
// frame (glfwPollEvents -> tick -> ImGui frame); wakeups are not needed
// because frames keep coming.
#pragma once

#include "async/loop.hpp"

namespace coflags::async {

class EventLoopBackend final : public Backend {
 public:
  explicit EventLoopBackend(Loop& loop, Duration budget = std::chrono::milliseconds(20));
  ~EventLoopBackend() override;
  EventLoopBackend(const EventLoopBackend&) = delete;
  EventLoopBackend& operator=(const EventLoopBackend&) = delete;

  void wakeup(TimePoint when) override;

 private:
  static void on_timeout(void* self);
  void tick();

  Loop& loop_;
  Duration budget_;
  int timeout_id_ = 0;
  TimePoint armed_for_{};
};

class FrameBackend final : public Backend {
 public:
  explicit FrameBackend(Loop& loop) : loop_(loop) { loop_.set_backend(this); }
  ~FrameBackend() override { loop_.set_backend(nullptr); }
  std::size_t tick(Duration budget) { return loop_.run_for(budget); }

 private:
  Loop& loop_;
};

}  // namespace coflags::async
