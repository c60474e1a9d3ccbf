#include "h2/h2_reply.hpp"

#include <algorithm>
#include <cctype>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace coflags::server {
namespace http = boost::beast::http;

namespace {

// Connection-specific fields are forbidden in HTTP/2 (RFC 9113, 8.2.2).
bool hop_by_hop(std::string_view name) {
  return name == "connection" || name == "keep-alive" || name == "proxy-connection" || name == "transfer-encoding" ||
         name == "upgrade";
}

}  // namespace

Request h2_request(std::string_view method, std::string_view path, std::string_view authority) {
  Request req;
  req.method_string(method);
  req.target(path);
  req.version(11);
  if (!authority.empty()) req.set(http::field::host, authority);
  return req;
}

H2Response to_h2(Reply&& reply, bool head) {
  // The handler's replies are small (flags, pages, JSON): one extra copy is cheap
  // next to TLS, and it keeps one source of truth for headers and status codes.
  std::string wire;
  boost::beast::error_code ec;
  while (!reply.message.is_done()) {
    auto buffers = reply.message.prepare(ec);
    if (ec) break;
    std::size_t n = 0;
    for (auto b : buffers) {
      wire.append(static_cast<const char*>(b.data()), b.size());
      n += b.size();
    }
    reply.message.consume(n);
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(head);
  parser.eager(true);
  parser.put(boost::asio::buffer(wire), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  H2Response out;
  if (ec && !parser.is_header_done()) return out;  // cannot happen for our own replies: plain 500
  auto& msg = parser.get();
  out.status = msg.result_int();
  for (const auto& f : msg) {
    std::string name(f.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (hop_by_hop(name)) continue;
    out.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  if (!head) out.body = std::move(msg.body());
  return out;
}

}  // namespace coflags::server
