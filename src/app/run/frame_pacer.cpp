#include "app/run/frame_pacer.hpp"

namespace coflags::app {

int run_fps_cap(int fps_setting, bool software_webgl) {
  if (fps_setting >= 0) return fps_setting;
  return software_webgl ? kSoftwareRunFps : 0;
}

bool FramePacer::should_draw(double now_ms, bool run_active, double last_input_ms) {
  const bool interacting = now_ms - last_input_ms < kInteractiveMs;
  if (run_active && run_fps_cap_ > 0 && !interacting) {
    // Animation frames come every ~16.7 ms: allow 2 ms of jitter so 15 fps
    // means every 4th frame, not every 5th.
    const double gap_ms = 1000.0 / run_fps_cap_ - 2.0;
    if (now_ms - last_draw_ms_ < gap_ms) return false;
  }
  last_draw_ms_ = now_ms;
  return true;
}

}  // namespace coflags::app
