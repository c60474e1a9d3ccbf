// Country names by ISO code, for the gallery and the log.
#pragma once

#include <string>
#include <string_view>

namespace coflags::session {

struct CountryName {
  const char* code;
  const char* name;
};
// Generated table (see CMakeLists.txt), ends with {nullptr, nullptr}.
extern const CountryName kCountryNames[];

// The country's name, or the code itself when unknown.
std::string_view country_name(std::string_view code);

}  // namespace coflags::session
