#include "app/gallery/thumbnail.hpp"

#include <algorithm>
#include <cmath>

namespace coflags::app {

DecodedImage fit_within(const DecodedImage& image, int max_width, int max_height) {
  if (image.width <= max_width && image.height <= max_height) return image;
  const double scale =
      std::min(static_cast<double>(max_width) / image.width, static_cast<double>(max_height) / image.height);
  DecodedImage out;
  out.width = std::max(1, static_cast<int>(std::lround(image.width * scale)));
  out.height = std::max(1, static_cast<int>(std::lround(image.height * scale)));
  out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
  // Each output pixel averages the source pixels its area covers (a box filter).
  for (int y = 0; y < out.height; ++y) {
    const int y0 = y * image.height / out.height;
    const int y1 = std::max(y0 + 1, (y + 1) * image.height / out.height);
    for (int x = 0; x < out.width; ++x) {
      const int x0 = x * image.width / out.width;
      const int x1 = std::max(x0 + 1, (x + 1) * image.width / out.width);
      unsigned sum[4] = {0, 0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        const std::uint8_t* row = &image.rgba[(static_cast<std::size_t>(sy) * image.width + x0) * 4];
        for (int sx = x0; sx < x1; ++sx, row += 4) {
          sum[0] += row[0];
          sum[1] += row[1];
          sum[2] += row[2];
          sum[3] += row[3];
        }
      }
      const unsigned n = static_cast<unsigned>((y1 - y0) * (x1 - x0));
      std::uint8_t* dst = &out.rgba[(static_cast<std::size_t>(y) * out.width + x) * 4];
      for (int c = 0; c < 4; ++c) dst[c] = static_cast<std::uint8_t>((sum[c] + n / 2) / n);
    }
  }
  return out;
}

}  // namespace coflags::app
