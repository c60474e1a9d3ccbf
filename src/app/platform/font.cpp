#include "app/platform/font.hpp"

#include <emscripten.h>

#include <cstdlib>

namespace coflags::app {
namespace {

// 0 pending, 1 ready, 2 unavailable (no font shipped, or the fetch failed).
// clang-format off
EM_JS(int, coflags_js_font_state, (), {
  const f = Module['uiFont'];
  if (f === undefined) return 0;
  return f instanceof ArrayBuffer ? 1 : 2;
});
// clang-format on

// Copies the font into the wasm heap; returns its size (the caller frees *out).
// clang-format off
EM_JS(int, coflags_js_take_font, (unsigned char** out), {
  const f = Module['uiFont'];
  if (!(f instanceof ArrayBuffer)) return 0;
  const ptr = _malloc(f.byteLength);
  HEAPU8.set(new Uint8Array(f), ptr);
  HEAP32[out >> 2] = ptr;
  Module['uiFont'] = null;
  return f.byteLength;
});
// clang-format on

}  // namespace

FontState ui_font_state() {
  switch (coflags_js_font_state()) {
    case 0: return FontState::pending;
    case 1: return FontState::ready;
    default: return FontState::unavailable;
  }
}

std::optional<std::vector<unsigned char>> take_ui_font() {
  unsigned char* data = nullptr;
  int size = coflags_js_take_font(&data);
  if (size <= 0 || !data) return std::nullopt;
  std::vector<unsigned char> bytes(data, data + size);
  std::free(data);
  return bytes;
}

}  // namespace coflags::app
