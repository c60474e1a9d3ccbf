// The handler's answers as HTTP/2 responses and HTTP/2 requests as the handler's requests:
// the same routing, files, headers and errors for both protocols.
#pragma once

#include <cstdint>
#include <string_view>

#include <nghttp2/nghttp2.h>

#include "handler.hpp"

namespace coflags::server {

// What an HTTP/2 request says that the handler reads.
struct H2RequestFields {
  std::string_view method, path, authority, origin, sec_fetch_site;
};

// Builds a Beast request from an HTTP/2 request's pseudo-headers and fields, for the handler.
Request h2_request(const H2RequestFields& fields);

// Submits the status and header block of `answer` on stream `id` (Content-Length included,
// also for HEAD); `body` reads the body, or null for none. Returns nghttp2's result.
int submit_h2_response(nghttp2_session* session, std::int32_t id, const Answer& answer, nghttp2_data_provider* body);

}  // namespace coflags::server
