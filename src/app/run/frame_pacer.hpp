// How often the page draws while a run is active. With software WebGL
// (no GPU: SwiftShader, llvmpipe) every frame is rasterized on the CPU that
// also carries the run's requests and responses. On a 2-core machine with
// software compositing too (bench/concurrency/run.sh --software-compositing,
// ?fps=0 against the default), drawing every frame made W2 1.72 s instead of
// 1.48 s and W4 2.70 s instead of 2.30 s, with 555 of its 676 requests at the
// server at once instead of all; with compositing in the GPU process the cap
// measured neither better nor worse. So under software WebGL a run draws
// at most kSoftwareRunFps frames a second (the spinner still turns); with a
// GPU, when no run is active, and for half a second after any input (Dear
// ImGui 1.86 reads keys once per drawn frame: a key held between two drawn
// frames would be lost), every animation frame is drawn.
// The page's ?fps=N sets the cap during runs (0: every frame). Pure logic.
#pragma once

namespace coflags::app {

inline constexpr int kSoftwareRunFps = 15;
inline constexpr double kInteractiveMs = 500;

// The cap during runs, in frames per second (0: none), from the fps setting
// (-1: automatic) and whether WebGL renders in software.
int run_fps_cap(int fps_setting, bool software_webgl);

class FramePacer {
 public:
  explicit FramePacer(int run_fps_cap) : run_fps_cap_(run_fps_cap) {}
  // Whether to draw the animation frame that starts at now_ms; last_input_ms:
  // when the page last saw a key, mouse or wheel event.
  bool should_draw(double now_ms, bool run_active, double last_input_ms);
  int run_fps_cap() const { return run_fps_cap_; }

 private:
  int run_fps_cap_;
  double last_draw_ms_ = -1e300;
};

}  // namespace coflags::app
