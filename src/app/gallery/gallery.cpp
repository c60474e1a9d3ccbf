#include "app/gallery/gallery.hpp"

#include <emscripten.h>

#include "app/gallery/decoder.hpp"
#include "app/gallery/thumbnail.hpp"

namespace coflags::app {

void Gallery::add(std::string code, std::string name, std::vector<std::uint8_t> bytes, double download_ms, bool kept) {
  std::size_t at;
  if (auto it = index_.find(code); it != index_.end()) {
    at = it->second;
    // The old thumbnail stays on screen until the new bytes are decoded into its cell,
    // so a re-downloaded flag does not flash back to a placeholder.
    entries_[at].error.clear();
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
  entry.kept = kept;
  queue_.push_back({at, std::move(bytes)});
}

std::size_t Gallery::not_kept() const {
  std::size_t n = 0;
  for (const FlagImage& f : entries_) n += f.kept ? 0 : 1;
  return n;
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
