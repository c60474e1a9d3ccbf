// Shrinks a decoded flag to thumbnail size (area average, aspect kept), so
// the gallery holds small textures instead of full-size ones.
#pragma once

#include "app/gallery/decoder.hpp"

namespace coflags::app {

// An image that fits in max_width x max_height; images already small enough come back as they are.
DecodedImage fit_within(const DecodedImage& image, int max_width, int max_height);

}  // namespace coflags::app
