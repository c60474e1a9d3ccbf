// The HTTP/1.1 handler's replies as HTTP/2 responses: the same routing, files, headers
// and errors for both protocols, with no second copy of handler.cpp.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "handler.hpp"

namespace coflags::server {

struct H2Response {
  unsigned status = 500;
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names, no hop-by-hop fields
  std::string body;                                          // empty for HEAD
};

// Builds a Beast request from an HTTP/2 request's pseudo-headers, for the handler.
Request h2_request(std::string_view method, std::string_view path, std::string_view authority);

// Serialises `reply` and reads it back as status, fields and body. For HEAD the body
// is absent although Content-Length stays, as in HTTP/1.1.
H2Response to_h2(Reply&& reply, bool head);

}  // namespace coflags::server
