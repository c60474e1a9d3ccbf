// URL path to file, refusing anything that could leave the served root.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace coflags::server {

// Percent-decodes the path part of a request target (query already removed) and
// returns it relative ("flags/br/br.gif"), or nullopt when it is unsafe or malformed:
// not starting with '/', bad %-escapes, encoded '/' or '\', backslashes, NUL or
// control bytes, empty, "." or ".." segments. A trailing '/' is kept.
std::optional<std::string> decode_url_path(std::string_view path);

// A directory served read-only. resolve() follows symlinks and refuses results
// outside the root, so a link pointing elsewhere is simply "not found".
class StaticRoot {
 public:
  StaticRoot() = default;
  explicit StaticRoot(const std::filesystem::path& dir);

  bool empty() const { return root_.empty(); }
  const std::filesystem::path& path() const { return root_; }

  // rel comes from decode_url_path. Directories resolve to their index.html.
  std::optional<std::filesystem::path> resolve(std::string_view rel) const;

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace coflags::server
