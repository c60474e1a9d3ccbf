// metadata.json of a flag (the book's flags3) and the file name it gives.
#pragma once

#include <string>
#include <string_view>

namespace coflags::flags {

// {"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"}
struct CountryMetadata {
  std::string tld_cc;
  std::string iso_cc;
  std::string country;
  std::string gec_cc;
};

// Throws std::invalid_argument naming what is wrong (not JSON, not an
// object, "country" missing or not a non-empty string).
CountryMetadata parse_metadata(std::string_view json_text);

// "<cc>.gif" without metadata; "<Country_Name>-<CC>.gif" with it (spaces to
// '_' as the book; characters unsafe in file names also become '_').
std::string flag_file_name(std::string_view code);
std::string flag_file_name(std::string_view code, const CountryMetadata& metadata);

}  // namespace coflags::flags
