#include "app/platform/page_api.hpp"

#include <emscripten.h>

#include <cstdlib>

namespace coflags::app {
namespace {

// clang-format off
EM_JS(char*, coflags_js_location_part, (int which), {
  const parts = [location.protocol, location.hostname, location.origin, location.search];
  const text = parts[which] || "";
  const size = lengthBytesUTF8(text) + 1;
  const ptr = _malloc(size);
  stringToUTF8(text, ptr, size);
  return ptr;
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_replace_query, (const char* query, int size), {
  const q = UTF8ToString(query, size);
  history.replaceState(null, "", location.pathname + q + location.hash);
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_publish, (const char* key, int key_size, const char* json, int json_size), {
  const api = (window.coflags = window.coflags || {});
  api[UTF8ToString(key, key_size)] = JSON.parse(UTF8ToString(json, json_size));
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_widget, (const char* name, int size, float x, float y, float w, float h), {
  const api = (window.coflags = window.coflags || {});
  const widgets = (api.widgets = api.widgets || {});
  // ImGui works in canvas pixels; the page in CSS pixels.
  const canvas = Module['canvas'];
  const rect = canvas.getBoundingClientRect();
  const s = rect.width / canvas.width;
  widgets[UTF8ToString(name, size)] = {x: rect.left + x * s, y: rect.top + y * s, w: w * s, h: h * s};
});
// clang-format on

std::string location_part(int which) {
  char* text = coflags_js_location_part(which);
  std::string result(text);
  std::free(text);
  return result;
}

}  // namespace

PageLocation page_location() { return {location_part(0), location_part(1), location_part(2), location_part(3)}; }

void replace_page_query(std::string_view query) {
  coflags_js_replace_query(query.data(), static_cast<int>(query.size()));
}

void publish_json(std::string_view key, std::string_view json) {
  coflags_js_publish(key.data(), static_cast<int>(key.size()), json.data(), static_cast<int>(json.size()));
}

void publish_widget(std::string_view name, float x, float y, float w, float h) {
  coflags_js_widget(name.data(), static_cast<int>(name.size()), x, y, w, h);
}

}  // namespace coflags::app
