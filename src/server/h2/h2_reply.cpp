#include "h2/h2_reply.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace coflags::server {
namespace http = boost::beast::http;

Request h2_request(const H2RequestFields& f) {
  Request req;
  req.method_string(f.method);
  req.target(f.path);
  req.version(11);
  if (!f.authority.empty()) req.set(http::field::host, f.authority);
  if (!f.origin.empty()) req.set(http::field::origin, f.origin);
  if (!f.sec_fetch_site.empty()) req.set("Sec-Fetch-Site", f.sec_fetch_site);
  return req;
}

int submit_h2_response(nghttp2_session* session, std::int32_t id, const Answer& a, nghttp2_data_provider* body) {
  // nghttp2 copies the header block: these strings only live for the call.
  const std::string status = std::to_string(a.status);
  const std::string length = std::to_string(a.body_size());
  std::vector<std::string> names;  // lower case, as HTTP/2 requires
  names.reserve(a.fields.size());
  for (const auto& [field, value] : a.fields) {
    std::string n(http::to_string(field));
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
    names.push_back(std::move(n));
  }
  std::vector<nghttp2_nv> nva;
  nva.reserve(6 + a.fields.size());
  auto add = [&nva](std::string_view n, std::string_view v) {
    nva.push_back({reinterpret_cast<std::uint8_t*>(const_cast<char*>(n.data())),
                   reinterpret_cast<std::uint8_t*>(const_cast<char*>(v.data())), n.size(), v.size(),
                   NGHTTP2_NV_FLAG_NONE});
  };
  add(":status", status);
  add("server", server_name);
  if (a.cors) add("access-control-allow-origin", "*");
  add("cache-control", no_store);
  if (!a.content_type.empty()) add("content-type", a.content_type);
  for (std::size_t i = 0; i < a.fields.size(); ++i) add(names[i], a.fields[i].second);
  if (a.status != 204) add("content-length", length);
  return nghttp2_submit_response(session, id, nva.data(), nva.size(), body);
}

}  // namespace coflags::server
