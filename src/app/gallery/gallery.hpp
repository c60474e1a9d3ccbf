// Every downloaded (or restored) flag, as a thumbnail in a texture atlas.
// Images arrive as bytes and wait in a queue; the frame decodes, shrinks and
// uploads a few at a time, within a time budget, so a burst of downloads
// never stalls a frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/gallery/thumbnail_atlas.hpp"

namespace coflags::app {

struct FlagImage {
  std::string code;
  std::string name;
  std::uint64_t bytes = 0;
  double download_ms = -1;  // < 0: restored from IndexedDB
  AtlasSlot thumb;          // thumb.texture is 0 until decoded (or if decoding failed)
  int width = 0;            // the image's own size
  int height = 0;
  std::string error;  // decoding failure
  bool kept = true;   // false: downloaded, but saving it failed (shown, not stored)
};

class Gallery {
 public:
  Gallery() = default;
  Gallery(const Gallery&) = delete;
  Gallery& operator=(const Gallery&) = delete;
  ~Gallery() { clear(); }

  // Queues an image for decoding; a code already shown is replaced in place, its old
  // thumbnail shown until the new one is decoded.
  void add(std::string code, std::string name, std::vector<std::uint8_t> bytes, double download_ms, bool kept = true);
  // Decodes and uploads queued images until `budget_ms` is spent (at least one).
  void decode_some(double budget_ms);
  // Deletes every texture and forgets every image.
  void clear();

  const std::vector<FlagImage>& entries() const { return entries_; }
  std::size_t decoded() const { return decoded_; }
  std::size_t queued() const { return queue_.size(); }
  std::size_t not_kept() const;
  bool contains(const std::string& code) const { return index_.count(code) != 0; }

 private:
  struct Pending {
    std::size_t entry;
    std::vector<std::uint8_t> bytes;
  };
  std::vector<FlagImage> entries_;
  std::unordered_map<std::string, std::size_t> index_;
  std::deque<Pending> queue_;
  std::size_t decoded_ = 0;
  ThumbnailAtlas atlas_;
};

}  // namespace coflags::app
