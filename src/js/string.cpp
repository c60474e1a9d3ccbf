#include "js/string.hpp"

#include <cstdlib>

namespace coflags::js {

std::optional<std::string> adopt_string(char* utf8) {
  if (!utf8) return std::nullopt;
  std::string text(utf8);
  std::free(utf8);
  return text;
}

}  // namespace coflags::js
