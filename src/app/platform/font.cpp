#include "app/platform/font.hpp"

#include <cstdlib>

#include "app/platform/page_library.hpp"

namespace coflags::app {
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
