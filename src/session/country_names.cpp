#include "session/country_names.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace coflags::session {

std::string_view country_name(std::string_view code) {
  static const auto table = [] {
    std::unordered_map<std::string, std::string_view> map;
    for (const CountryName* n = kCountryNames; n->code; ++n) map.emplace(n->code, n->name);
    return map;
  }();
  std::string upper(code);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  auto it = table.find(upper);
  return it == table.end() ? code : it->second;
}

}  // namespace coflags::session
