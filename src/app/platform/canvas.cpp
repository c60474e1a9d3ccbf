#include "app/platform/canvas.hpp"

#include <string>

#include <string_view>

#include "app/platform/page_library.hpp"
#include "js/string.hpp"

namespace coflags::app {
CanvasSize canvas_size() {
  CanvasSize size;
  coflags_js_canvas_size(&size.css_width, &size.css_height, &size.pixel_ratio);
  return size;
}

void set_canvas_pixels(int width, int height) { coflags_js_set_canvas_pixels(width, height); }

void notify_first_frame() { coflags_js_first_frame(); }

// Asked once: the renderer does not change for the page's lifetime.
const std::string& webgl_renderer() {
  static const std::string name = js::adopt_string(coflags_js_webgl_renderer()).value_or("");
  return name;
}

double last_input_ms() { return coflags_js_last_input_ms(); }

bool software_webgl() {
  const std::string_view name = webgl_renderer();
  for (std::string_view cpu : {"SwiftShader", "llvmpipe", "softpipe", "Software"})
    if (name.find(cpu) != std::string_view::npos) return true;
  return false;
}

}  // namespace coflags::app
