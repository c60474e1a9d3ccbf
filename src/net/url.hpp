// An http(s) URL taken apart: the one parser for the base URLs users type, the
// listener URLs the server reports and the roots the app builds from them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace coflags::net {

struct HttpUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // "127.0.0.1", "s0.localhost", "[::1]"
  int port = 0;        // as written; 0 when the URL gives none
  std::string path;    // from the first '/', or empty

  int port_or_default() const { return port != 0 ? port : scheme == "https" ? 443 : 80; }
};

struct ParsedUrl {
  std::optional<HttpUrl> url;
  std::string error;  // why not, in words for the user ("the server URL has a bad port")
};

// http:// or https://, a host, an optional port 1..65535, a path; no credentials,
// spaces, query or fragment.
ParsedUrl parse_http_url(std::string_view text);

}  // namespace coflags::net
