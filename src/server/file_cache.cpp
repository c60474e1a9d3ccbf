#include "file_cache.hpp"

#include <fstream>

#include "mime.hpp"
#include "paths.hpp"

namespace coflags::server {

namespace {

std::shared_ptr<const std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return nullptr;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return nullptr;
  auto data = std::make_shared<std::string>(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(data->data(), size)) return nullptr;
  return data;
}

}  // namespace

FileCache::FileCache(Clock::duration ttl, std::size_t max_total_bytes, std::size_t max_file_bytes)
    : ttl_(ttl), max_total_(max_total_bytes), max_file_(max_file_bytes) {}

std::optional<CachedFile> FileCache::get(const StaticRoot& root, std::string_view rel) {
  const auto now = Clock::now();
  std::string key = root.path().native();
  key += '\0';
  key += rel;
  if (auto it = entries_.find(key); it != entries_.end()) {
    if (now - it->second.loaded < ttl_) return it->second.file;
    total_ -= it->second.file.body->size();
    entries_.erase(it);
  }
  const auto path = root.resolve(rel);
  if (!path) return std::nullopt;
  auto body = read_file(*path);
  if (!body) return std::nullopt;
  CachedFile file{std::move(body), mime_type(path->native())};
  const std::size_t size = file.body->size();
  if (ttl_.count() > 0 && size <= max_file_) {
    // Full: start over rather than track recency; the working set (a data set) is small.
    if (total_ + size > max_total_) {
      entries_.clear();
      total_ = 0;
    }
    entries_.emplace(std::move(key), Entry{file, now});
    total_ += size;
  }
  return file;
}

}  // namespace coflags::server
