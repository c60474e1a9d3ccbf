#include "app/storage/saved_file_name.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace coflags::app {

std::string code_from_file_name(std::string_view file_name) {
  std::string_view stem = file_name.substr(0, file_name.rfind('.'));
  if (auto dash = stem.rfind('-'); dash != std::string_view::npos) stem = stem.substr(dash + 1);
  std::string code(stem);
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::toupper(c); });
  return code;
}

std::string metadata_to_json(const flags::CountryMetadata& m) {
  return nlohmann::json{{"tld_cc", m.tld_cc}, {"iso_cc", m.iso_cc}, {"country", m.country}, {"gec_cc", m.gec_cc}}
      .dump();
}

}  // namespace coflags::app
