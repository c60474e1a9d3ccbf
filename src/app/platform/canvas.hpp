// The page's canvas: its CSS size and the device pixel ratio, read each
// frame so the framebuffer follows the window (shell/index.html sizes it).
#pragma once

#include <string>

namespace coflags::app {

struct CanvasSize {
  int css_width = 0;
  int css_height = 0;
  float pixel_ratio = 1.0f;
  bool operator==(const CanvasSize&) const = default;
};

CanvasSize canvas_size();
// Sets the canvas backing store to width x height pixels and tells GLFW.
// (glfwSetWindowSize would request fullscreen when the size equals the
// screen's, which a full-window canvas often does.)
void set_canvas_pixels(int width, int height);
// Hides the shell's loading indicator (called after the first frame is drawn).
void notify_first_frame();
// WebGL's renderer, unmasked when the browser allows ("ANGLE (Google,
// Vulkan 1.3.0 (SwiftShader Device ...))"), and whether it rasterizes on the CPU.
const std::string& webgl_renderer();
bool software_webgl();
// performance.now() of the page's last key, mouse or wheel event (listening
// starts at the first call), or a time long past.
double last_input_ms();

}  // namespace coflags::app
