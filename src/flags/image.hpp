// A flag body must be an image: a server that answers 200 with an HTML page
// or garbage is counted as an error, not saved as a .gif.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace coflags::flags {

// "gif", "png", "jpeg", "webp" from the magic bytes, or "" if none matches.
std::string_view image_format(std::span<const std::uint8_t> bytes);

}  // namespace coflags::flags
