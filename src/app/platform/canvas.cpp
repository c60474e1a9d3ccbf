#include "app/platform/canvas.hpp"

#include <emscripten.h>

namespace coflags::app {
namespace {

EM_JS(void, coflags_js_canvas_size, (int* w, int* h, float* ratio), {
  const canvas = Module['canvas'];
  const rect = canvas.getBoundingClientRect();
  HEAP32[w >> 2] = Math.max(1, Math.round(rect.width || window.innerWidth));
  HEAP32[h >> 2] = Math.max(1, Math.round(rect.height || window.innerHeight));
  HEAPF32[ratio >> 2] = window.devicePixelRatio || 1;
});

EM_JS(void, coflags_js_set_canvas_pixels, (int w, int h), {
  Browser.setCanvasSize(w, h);
  if (GLFW.active) {
    GLFW.active.width = w;
    GLFW.active.height = h;
  }
});

EM_JS(void, coflags_js_first_frame, (), {
  if (Module['onFirstFrame']) Module['onFirstFrame']();
});

}  // namespace

CanvasSize canvas_size() {
  CanvasSize size;
  coflags_js_canvas_size(&size.css_width, &size.css_height, &size.pixel_ratio);
  return size;
}

void set_canvas_pixels(int width, int height) { coflags_js_set_canvas_pixels(width, height); }

void notify_first_frame() { coflags_js_first_frame(); }

}  // namespace coflags::app
