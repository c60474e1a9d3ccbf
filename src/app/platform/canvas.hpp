// The page's canvas: its CSS size and the device pixel ratio, read each
// frame so the framebuffer follows the window (shell/index.html sizes it).
#pragma once

namespace coflags::app {

struct CanvasSize {
  int css_width = 0;
  int css_height = 0;
  float pixel_ratio = 1.0f;
  bool operator==(const CanvasSize&) const = default;
};

CanvasSize canvas_size();
// Hides the shell's loading indicator (called after the first frame is drawn).
void notify_first_frame();

}  // namespace coflags::app
