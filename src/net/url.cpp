#include "net/url.hpp"

#include <cctype>
#include <charconv>

namespace coflags::net {

ParsedUrl parse_http_url(std::string_view text) {
  auto fail = [](std::string why) { return ParsedUrl{std::nullopt, std::move(why)}; };
  if (text.empty()) return fail("the server URL is empty");
  HttpUrl url;
  std::string_view rest;
  if (text.starts_with("http://")) {
    url.scheme = "http";
    rest = text.substr(7);
  } else if (text.starts_with("https://")) {
    url.scheme = "https";
    rest = text.substr(8);
  } else {
    return fail("the server URL must start with http:// or https://");
  }
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)))
      return fail("the server URL contains spaces or control characters");
  }
  if (rest.find_first_of("?#") != std::string_view::npos)
    return fail("the server URL must not have a query or fragment");
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos) return fail("the server URL must not contain credentials");
  std::string_view host = authority;
  // A colon after the last ']' (or in a name without brackets) starts the port.
  const auto bracket = authority.rfind(']');
  if (const auto colon = authority.rfind(':');
      colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = authority.substr(0, colon);
    const std::string_view digits = authority.substr(colon + 1);
    int port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535)
      return fail("the server URL has a bad port");
    url.port = port;
  }
  if (host.empty()) return fail("the server URL has no host");
  for (char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':'))
      return fail("the server URL's host has invalid characters");
  }
  url.host = std::string(host);
  url.path = std::string(rest.substr(authority.size()));
  return {std::move(url), {}};
}

}  // namespace coflags::net
