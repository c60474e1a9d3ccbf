// The page around the app: its URL, and window.coflags, where the app
// publishes what tests and the benchmark read (lastRun, state, widgets).
#pragma once

#include <string>
#include <string_view>

namespace coflags::app {

struct PageLocation {
  std::string protocol;  // "http:"
  std::string hostname;  // "127.0.0.1"
  std::string origin;    // "http://127.0.0.1:8001"
  std::string search;    // "?cc=POP20&autostart=1" or ""
};

PageLocation page_location();
// Rewrites the query string without reloading (history.replaceState).
void replace_page_query(std::string_view query);
// window.coflags[key] = JSON.parse(json)
void publish_json(std::string_view key, std::string_view json);
// window.coflags.widgets[name] = {x, y, w, h} in CSS pixels, for clicks from tests.
void publish_widget(std::string_view name, float x, float y, float w, float h);

}  // namespace coflags::app
