// The chapter's lessons on the page: 18.1's "await sleep 3 s" against
// "block 3 s" beside a heartbeat spinner, 18.4.2's choice of where flags are
// saved (the worker, or synchronous work on the loop), and the frame-time
// strip (always on screen) that shows what a blocked loop and saving on it
// cost. Publishes window.coflags.lessons for tests.
#pragma once

#include "app/lessons/frame_times.hpp"
#include "app/storage/saver_choice.hpp"
#include "async/future.hpp"
#include "async/task.hpp"
#include "session/run_model.hpp"

namespace coflags::app {

class LessonsPanel {
 public:
  LessonsPanel(session::RunLog& log, SaverChoice& saving) : log_(log), saving_(saving) {}
  // Inside an ImGui window, one tab per lesson that acts on the loop: 18.1 (the
  // spinner, the two buttons, Cancel) and 18.4.2 (where flags are saved), each
  // with a line per option on what to look at.
  void draw_block_controls();
  // The last few seconds of frame intervals and frame work, with the 50 ms line.
  void draw_frame_strip();
  // At the end of App::frame(): the frame that started at `start_ms` took `work_ms` of our own work.
  void end_frame(double start_ms, double work_ms);
  // At the start of every animation frame, before the frame pacer may skip it.
  void animation_frame(double at_ms) { times_.animation_frame(at_ms); }
  // Long tasks (animation-frame gaps over 50 ms) between two page times, for the run history.
  int long_tasks_between(double from_ms, double to_ms) const { return times_.long_gaps_between(from_ms, to_ms); }

 private:
  enum class Mode { idle, sleeping, blocking };
  async::Task<void> lesson(Mode mode);
  void draw_spinner();
  void draw_block_tab();
  void draw_save_tab();
  void publish();

  session::RunLog& log_;
  SaverChoice& saving_;
  lessons::FrameTimes times_;
  async::Future<void> task_;
  Mode mode_ = Mode::idle;
  float spinner_angle_ = 0;
  int answers_ = 0;
  int cancelled_ = 0;
  double last_publish_ms_ = 0;
};

}  // namespace coflags::app
