// Recently served files kept in memory, so a hot flag costs no path resolution,
// open or read: the throughput benchmark holds the server to 0.8x nginx.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace coflags::server {

class StaticRoot;

struct CachedFile {
  std::shared_ptr<const std::string> body;
  std::string_view content_type;
};

class FileCache {
 public:
  using Clock = std::chrono::steady_clock;

  // Entries are trusted for `ttl` (0 disables the cache), then resolved and read again,
  // so a data set rebuilt under a running server shows up within `ttl`.
  // Files over max_file_bytes are read each time but not kept; the total is bounded too.
  FileCache(Clock::duration ttl, std::size_t max_total_bytes, std::size_t max_file_bytes);

  // `rel` comes from decode_url_path and is resolved under `root` (symlinks checked).
  // nullopt: not found (or not readable).
  std::optional<CachedFile> get(const StaticRoot& root, std::string_view rel);

 private:
  struct Entry {
    CachedFile file;
    Clock::time_point loaded;
  };

  Clock::duration ttl_;
  std::size_t max_total_;
  std::size_t max_file_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, Entry> entries_;  // key: root path + '\0' + rel
};

}  // namespace coflags::server
