#include "app/gallery/decoder.hpp"

#include <GLES3/gl3.h>

#include <climits>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_GIF
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#include <stb/stb_image.h>

namespace coflags::app {

DecodedImage decode_image(const std::uint8_t* data, std::size_t size) {
  DecodedImage image;
  if (size == 0 || size > INT_MAX) {
    image.error = "empty or oversized image";
    return image;
  }
  int channels = 0;
  // GIF: the first frame; flags are not animated.
  stbi_uc* pixels = stbi_load_from_memory(data, static_cast<int>(size), &image.width, &image.height, &channels, 4);
  if (!pixels) {
    image.error = std::string("cannot decode image: ") + stbi_failure_reason();
    return image;
  }
  image.rgba.assign(pixels, pixels + static_cast<std::size_t>(image.width) * image.height * 4);
  stbi_image_free(pixels);
  return image;
}

void delete_texture(unsigned texture) {
  GLuint t = texture;
  if (t) glDeleteTextures(1, &t);
}

}  // namespace coflags::app
