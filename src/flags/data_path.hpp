// Where a flag server keeps the book's tree: <root>/flags/<cc>/<cc>.gif and
// <root>/flags/country_codes.txt. The app and the session build base URLs with it.
#pragma once

#include <string>
#include <string_view>

namespace coflags::flags {

inline constexpr std::string_view kDataPath = "/flags";

// "<root>/flags" for a server root ("http://127.0.0.1:8001").
inline std::string data_url(std::string_view root) { return std::string(root) + std::string(kDataPath); }

}  // namespace coflags::flags
