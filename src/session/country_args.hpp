// The countries field, split the way the CLI's arguments are: POP20, all,
// every, codes and single letters, separated by spaces or commas. The codes
// themselves are checked by flags::expand_country_codes, as the CLI's are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace coflags::session {

struct CountryArgs {
  std::vector<std::string> codes;  // for expand_country_codes (POP20 becomes its 20 codes)
  bool all = false;                // "all" or "-a"
  bool every = false;              // "every" or "-e"
};

CountryArgs parse_country_field(std::string_view text);

}  // namespace coflags::session
