// What http_get() returns for a 2xx answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace coflags::net {

using Bytes = std::vector<std::uint8_t>;

struct Response {
  std::string url;
  int status = 0;
  std::string status_text;
  // In arrival order; names as the server sent them (lookups ignore case).
  std::vector<std::pair<std::string, std::string>> headers;
  Bytes body;
  // Set when GetOptions::parse_json asked for it.
  std::optional<nlohmann::json> json;

  // First header with this name (case-insensitive), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
  std::string_view text() const { return {reinterpret_cast<const char*>(body.data()), body.size()}; }
};

// Splits "Name: value\r\n..." (XMLHttpRequest.getAllResponseHeaders()).
std::vector<std::pair<std::string, std::string>> parse_header_block(std::string_view block);

}  // namespace coflags::net
