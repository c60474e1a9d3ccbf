#include "session/country_args.hpp"

#include <algorithm>
#include <cctype>

#include "flags/country_codes.hpp"

namespace coflags::session {

CountryArgs parse_country_field(std::string_view text) {
  CountryArgs args;
  std::string token;
  auto flush = [&] {
    if (token.empty()) return;
    std::string word = token;
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
    if (word == "pop20") {
      args.codes.insert(args.codes.end(), flags::kPop20.begin(), flags::kPop20.end());
    } else if (word == "all" || word == "-a") {
      args.all = true;
    } else if (word == "every" || word == "-e") {
      args.every = true;
    } else {
      args.codes.push_back(token);
    }
    token.clear();
  };
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') flush();
    else token += c;
  }
  flush();
  return args;
}

}  // namespace coflags::session
