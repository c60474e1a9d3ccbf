#include "app/gallery/thumbnail_atlas.hpp"

#include <GLES3/gl3.h>

namespace coflags::app {
namespace {

unsigned new_page(int size) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  // WebGL initialises a texture without data to zero: transparent borders between cells.
  glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, size, size);
  return texture;
}

}  // namespace

AtlasSlot ThumbnailAtlas::store(const DecodedImage& thumbnail, int reuse) {
  const int cell = reuse >= 0 ? reuse : next_cell_++;
  const int page = cell / kCellsPerPage;
  while (static_cast<int>(pages_.size()) <= page) pages_.push_back(new_page(kPageSize));
  const int in_page = cell % kCellsPerPage;
  const int x = (in_page % kColumns) * kCellWidth + 2;
  const int y = (in_page / kColumns) * kCellHeight + 2;

  AtlasSlot slot;
  slot.texture = pages_[page];
  slot.cell = cell;
  slot.width = std::min(thumbnail.width, kMaxThumbWidth);
  slot.height = std::min(thumbnail.height, kMaxThumbHeight);
  if (reuse >= 0) {
    // Clear the old thumbnail's cell first: the new one may be smaller.
    std::vector<std::uint8_t> blank(static_cast<std::size_t>(kMaxThumbWidth) * kMaxThumbHeight * 4, 0);
    glBindTexture(GL_TEXTURE_2D, slot.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, kMaxThumbWidth, kMaxThumbHeight, GL_RGBA, GL_UNSIGNED_BYTE, blank.data());
  }
  glBindTexture(GL_TEXTURE_2D, slot.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, thumbnail.width);  // WebGL2 has it; copes with a cropped oversize input
  glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, slot.width, slot.height, GL_RGBA, GL_UNSIGNED_BYTE, thumbnail.rgba.data());
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  const float inv = 1.0f / kPageSize;
  slot.uv0 = ImVec2(x * inv, y * inv);
  slot.uv1 = ImVec2((x + slot.width) * inv, (y + slot.height) * inv);
  return slot;
}

void ThumbnailAtlas::clear() {
  for (unsigned page : pages_) delete_texture(page);
  pages_.clear();
  next_cell_ = 0;
}

}  // namespace coflags::app
