#include "app/platform/canvas.hpp"

#include <emscripten.h>

#include <string_view>

namespace coflags::app {
namespace {

// clang-format off
EM_JS(void, coflags_js_canvas_size, (int* w, int* h, float* ratio), {
  const canvas = Module['canvas'];
  const rect = canvas.getBoundingClientRect();
  HEAP32[w >> 2] = Math.max(1, Math.round(rect.width || window.innerWidth));
  HEAP32[h >> 2] = Math.max(1, Math.round(rect.height || window.innerHeight));
  HEAPF32[ratio >> 2] = window.devicePixelRatio || 1;
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_set_canvas_pixels, (int w, int h), {
  Browser.setCanvasSize(w, h);
  if (GLFW.active) {
    GLFW.active.width = w;
    GLFW.active.height = h;
  }
});
// clang-format on

// A static string for the page's lifetime (malloc'ed once).
// clang-format off
EM_JS(const char*, coflags_js_webgl_renderer, (), {
  if (Module['coflagsRenderer']) return Module['coflagsRenderer'];
  const gl = (typeof GLctx !== 'undefined' && GLctx) || Module['ctx'];
  let name = "";
  if (gl) {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || "");
  }
  const size = lengthBytesUTF8(name) + 1;
  const ptr = _malloc(size);
  stringToUTF8(name, ptr, size);
  Module['coflagsRenderer'] = ptr;
  return ptr;
});
// clang-format on

// clang-format off
EM_JS(double, coflags_js_last_input_ms, (), {
  if (Module['coflagsLastInput'] === undefined) {
    Module['coflagsLastInput'] = -1e9;
    const seen = function() { Module['coflagsLastInput'] = performance.now(); };
    for (const type of ['keydown', 'keyup', 'mousedown', 'mouseup', 'mousemove', 'wheel', 'touchstart', 'touchend'])
      window.addEventListener(type, seen, {capture: true, passive: true});
  }
  return Module['coflagsLastInput'];
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_first_frame, (), {
  if (Module['onFirstFrame']) Module['onFirstFrame']();
});
// clang-format on

}  // namespace

CanvasSize canvas_size() {
  CanvasSize size;
  coflags_js_canvas_size(&size.css_width, &size.css_height, &size.pixel_ratio);
  return size;
}

void set_canvas_pixels(int width, int height) { coflags_js_set_canvas_pixels(width, height); }

void notify_first_frame() { coflags_js_first_frame(); }

const char* webgl_renderer() { return coflags_js_webgl_renderer(); }

double last_input_ms() { return coflags_js_last_input_ms(); }

bool software_webgl() {
  const std::string_view name = webgl_renderer();
  for (std::string_view cpu : {"SwiftShader", "llvmpipe", "softpipe", "Software"})
    if (name.find(cpu) != std::string_view::npos) return true;
  return false;
}

}  // namespace coflags::app
