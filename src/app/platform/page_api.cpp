#include "app/platform/page_api.hpp"

#include "app/platform/page_library.hpp"
#include "js/string.hpp"

namespace coflags::app {
namespace {

std::string location_part(int which) { return js::adopt_string(coflags_js_location_part(which)).value_or(""); }

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
