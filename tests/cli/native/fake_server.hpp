// A FakeTransport dressed as the flag server: GIFs, metadata.json and
// country_codes.txt under one base URL, with per-code failures to script.
#pragma once

#include <string>

#include "flags/download_one.hpp"
#include "net/fake_transport.hpp"

namespace coflags::flags::testing {

inline constexpr const char* kBase = "http://flags.test/flags";

inline net::Bytes gif_bytes(const std::string& code) {
  std::string s = "GIF89a-" + code;
  return net::Bytes(s.begin(), s.end());
}

inline void serve_flag(net::FakeTransport& fake, const std::string& code, async::Duration delay = {},
                       const std::string& country = "") {
  fake.route(flag_url(kBase, code), {.body = gif_bytes(code), .delay = delay});
  std::string name = country.empty() ? "Country " + code : country;
  fake.route_text(metadata_url(kBase, code), 200, R"({"iso_cc": ")" + code + R"(", "country": ")" + name + R"("})",
                  delay);
}

}  // namespace coflags::flags::testing
