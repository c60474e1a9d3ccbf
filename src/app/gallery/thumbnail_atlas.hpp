// Gallery thumbnails packed into a few large textures (pages of fixed
// cells), so the whole grid draws in one or two draw calls and 250 flags
// take a few MB of texture memory instead of a hundred.
#pragma once

#include <vector>

#include "app/gallery/decoder.hpp"
#include "imgui.h"

namespace coflags::app {

struct AtlasSlot {
  unsigned texture = 0;  // the page's GL texture
  int cell = -1;         // index over all pages
  ImVec2 uv0, uv1;       // the thumbnail inside the page
  int width = 0;         // thumbnail size in pixels
  int height = 0;
};

class ThumbnailAtlas {
 public:
  static constexpr int kPageSize = 2048;
  static constexpr int kCellWidth = 168;  // thumbnail area plus a 2-pixel transparent border
  static constexpr int kCellHeight = 112;
  static constexpr int kMaxThumbWidth = kCellWidth - 4;
  static constexpr int kMaxThumbHeight = kCellHeight - 4;

  ThumbnailAtlas() = default;
  ThumbnailAtlas(const ThumbnailAtlas&) = delete;
  ThumbnailAtlas& operator=(const ThumbnailAtlas&) = delete;
  ~ThumbnailAtlas() { clear(); }

  // Uploads a thumbnail (at most kMaxThumbWidth x kMaxThumbHeight) into a
  // free cell, or into `reuse` when given (a flag downloaded again).
  AtlasSlot store(const DecodedImage& thumbnail, int reuse = -1);
  // Deletes every page.
  void clear();
  int pages() const { return static_cast<int>(pages_.size()); }

 private:
  static constexpr int kColumns = kPageSize / kCellWidth;
  static constexpr int kRows = kPageSize / kCellHeight;
  static constexpr int kCellsPerPage = kColumns * kRows;

  std::vector<unsigned> pages_;
  int next_cell_ = 0;
};

}  // namespace coflags::app
