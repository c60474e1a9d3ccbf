// Image decoding (GIF and PNG, with stb_image).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace coflags::app {

struct DecodedImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // width * height * 4
  std::string error;               // set when decoding failed
  bool ok() const { return error.empty(); }
};

DecodedImage decode_image(const std::uint8_t* data, std::size_t size);

void delete_texture(unsigned texture);

}  // namespace coflags::app
