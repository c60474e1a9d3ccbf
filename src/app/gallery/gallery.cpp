#include "app/gallery/gallery.hpp"

#include <emscripten.h>

#include "app/gallery/decoder.hpp"
#include "app/gallery/thumbnail.hpp"

namespace coflags::app {

void Gallery::add(std::string code, std::string name, std::vector<std::uint8_t> bytes, double download_ms) {
  std::size_t at;
  if (auto it = index_.find(code); it != index_.end()) {
    at = it->second;
    FlagImage& old = entries_[at];
    if (old.thumb.texture) --decoded_;
    const int cell = old.thumb.cell;
    old = FlagImage{};
    old.thumb.cell = cell;  // its atlas cell is reused
  } else {
    at = entries_.size();
    entries_.emplace_back();
    index_.emplace(code, at);
  }
  FlagImage& entry = entries_[at];
  entry.code = std::move(code);
  entry.name = std::move(name);
  entry.bytes = bytes.size();
  entry.download_ms = download_ms;
  queue_.push_back({at, std::move(bytes)});
}

void Gallery::decode_some(double budget_ms) {
  const double start = emscripten_get_now();
  while (!queue_.empty()) {
    Pending next = std::move(queue_.front());
    queue_.pop_front();
    FlagImage& entry = entries_[next.entry];
    DecodedImage image = decode_image(next.bytes.data(), next.bytes.size());
    if (image.ok()) {
      if (entry.thumb.texture) --decoded_;  // replaced again while queued
      DecodedImage thumb = fit_within(image, ThumbnailAtlas::kMaxThumbWidth, ThumbnailAtlas::kMaxThumbHeight);
      entry.thumb = atlas_.store(thumb, entry.thumb.cell);
      entry.width = image.width;
      entry.height = image.height;
      ++decoded_;
    } else {
      entry.error = image.error;
    }
    if (emscripten_get_now() - start >= budget_ms) break;
  }
}

void Gallery::clear() {
  atlas_.clear();
  entries_.clear();
  index_.clear();
  queue_.clear();
  decoded_ = 0;
}

}  // namespace coflags::app
