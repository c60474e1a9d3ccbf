#include "flags/image.hpp"

#include <cstring>

namespace coflags::flags {

namespace {
bool starts_with(std::span<const std::uint8_t> bytes, std::string_view magic, std::size_t offset = 0) {
  return bytes.size() >= offset + magic.size() && std::memcmp(bytes.data() + offset, magic.data(), magic.size()) == 0;
}
}  // namespace

std::string_view image_format(std::span<const std::uint8_t> bytes) {
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return "gif";
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) return "png";
  if (starts_with(bytes, "\xFF\xD8\xFF")) return "jpeg";
  if (starts_with(bytes, "RIFF") && starts_with(bytes, "WEBP", 8)) return "webp";
  return "";
}

}  // namespace coflags::flags
