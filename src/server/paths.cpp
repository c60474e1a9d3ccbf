#include "paths.hpp"

#include <algorithm>

namespace coflags::server {
namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when `inner` is `root` itself or lies below it, compared segment by segment
// (a string prefix would accept /srv/flags-evil for root /srv/flags).
bool is_within(const fs::path& root, const fs::path& inner) {
  auto [r, i] = std::mismatch(root.begin(), root.end(), inner.begin(), inner.end());
  return r == root.end();
}

}  // namespace

std::optional<std::string> decode_url_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;  // "*", absolute-form, ...
  std::string out;
  out.reserve(path.size());
  std::string segment;
  // Segments are checked after decoding, so "%2e%2e" is caught like "..".
  auto finish_segment = [&](bool last) {
    if (segment == "." || segment == "..") return false;
    if (segment.empty() && !last) return false;  // "//": would make the rest absolute
    out += segment;
    segment.clear();
    return true;
  };
  for (std::size_t i = 1; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/') {
      if (!finish_segment(false)) return std::nullopt;
      out += '/';
      continue;
    }
    if (c == '%') {
      if (path.size() - i < 3) return std::nullopt;
      const int hi = hex_value(path[i + 1]);
      const int lo = hex_value(path[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
      if (c == '/') return std::nullopt;  // an encoded slash would hide a segment from the checks
    }
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
    segment += c;
  }
  if (!finish_segment(true)) return std::nullopt;
  return out;
}

StaticRoot::StaticRoot(const fs::path& dir) : root_(fs::weakly_canonical(fs::absolute(dir))) {}

std::optional<fs::path> StaticRoot::resolve(std::string_view rel) const {
  if (root_.empty()) return std::nullopt;
  std::error_code ec;
  fs::path file = fs::weakly_canonical(root_ / fs::path(rel), ec);
  if (ec || !is_within(root_, file)) return std::nullopt;
  if (fs::is_directory(file, ec)) {
    file = fs::weakly_canonical(file / "index.html", ec);
    if (ec || !is_within(root_, file)) return std::nullopt;
  }
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  return file;
}

}  // namespace coflags::server
