#include "flags/metadata.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace coflags::flags {

namespace {
std::string string_field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// Spaces become '_' as in the book; path separators and characters Windows
// or shells choke on become '_' too, so a country name cannot escape --dest.
char file_safe(char c) {
  static constexpr std::string_view unsafe = " /\\:*?\"<>|";
  if (static_cast<unsigned char>(c) < 0x20 || unsafe.find(c) != std::string_view::npos) return '_';
  return c;
}
}  // namespace

CountryMetadata parse_metadata(std::string_view json_text) {
  auto parsed = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw std::invalid_argument("malformed metadata.json: not valid JSON");
  if (!parsed.is_object()) throw std::invalid_argument("malformed metadata.json: not a JSON object");
  auto country = parsed.find("country");
  if (country == parsed.end() || !country->is_string() || country->get<std::string>().empty()) {
    throw std::invalid_argument("malformed metadata.json: no \"country\" name");
  }
  return {string_field(parsed, "tld_cc"), string_field(parsed, "iso_cc"), country->get<std::string>(),
          string_field(parsed, "gec_cc")};
}

std::string flag_file_name(std::string_view code) {
  std::string name(code);
  for (char& c : name) c = file_safe(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return name + ".gif";
}

std::string flag_file_name(std::string_view code, const CountryMetadata& metadata) {
  std::string name;
  for (char c : metadata.country) name += file_safe(c);
  if (name == "." || name == "..") name = "_";
  name += '-';
  for (char c : code) name += file_safe(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return name + ".gif";
}

}  // namespace coflags::flags
