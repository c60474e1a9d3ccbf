#include "app/settings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <optional>

namespace coflags::app {
namespace {

std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < in.size()) {
      int value = 0;
      auto [end, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, value, 16);
      if (ec == std::errc() && end == in.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string percent_encode(std::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' || c == ':') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

std::optional<int> to_int(std::string_view s) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<double> to_double(std::string_view s) {
  // from_chars for double is missing from this libc++; strtod on a copy.
  std::string copy(s);
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

bool to_flag(std::string_view s) { return s == "1" || s == "true" || s == "yes" || s == "on"; }

}  // namespace

ParsedSettings parse_query(std::string_view query) {
  ParsedSettings parsed;
  Settings& s = parsed.settings;
  if (query.starts_with('?')) query.remove_prefix(1);
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "1" : percent_decode(pair.substr(eq + 1));
    auto bad = [&](std::string_view why) {
      parsed.problems.push_back("query parameter " + key + "=" + value + ": " + std::string(why));
    };

    if (key == "server") {
      std::string name = upper(value);
      if (name == "LOCAL") s.server = session::ServerChoice::local;
      else if (name == "DELAY") s.server = session::ServerChoice::delay;
      else if (name == "ERROR") s.server = session::ServerChoice::error;
      else {
        s.server = session::ServerChoice::custom;
        s.custom_url = value;
      }
    } else if (key == "cc") {
      s.countries = value;
    } else if (key == "m") {
      auto m = to_int(value);
      if (!m || !flags::valid_concurrency(*m)) bad("expects a concurrency from 1 to 1000");
      else s.concurrency = *m;
    } else if (key == "limit") {
      auto n = to_int(value);
      if (!n || *n < 0) bad("expects a count of 0 (no limit) or more");
      else s.code_limit = *n;
    } else if (key == "meta") {
      s.metadata = to_flag(value);
    } else if (key == "timeout") {
      auto t = to_double(value);
      if (!t || !flags::valid_timeout_s(*t)) bad("expects seconds, more than 0 and at most 600");
      else s.timeout_s = *t;
    } else if (key == "skip") {
      s.skip_saved = to_flag(value);
    } else if (key == "autostart") {
      s.autostart = to_flag(value);
    } else if (key == "transport") {
      if (value == "h2") s.transport = session::TransportChoice::http2;
      else if (value == "sharded") s.transport = session::TransportChoice::sharded;
      else if (value == "h1") s.transport = session::TransportChoice::http1;
      else bad("expects h2, sharded or h1");
    } else if (key == "fps") {
      auto n = to_int(value);
      if (!n || *n < 0 || *n > 240) bad("expects frames per second during a run, 0 (every frame) to 240");
      else s.fps = *n;
    } else if (key == "delay_port" || key == "error_port") {
      auto p = to_int(value);
      if (!p || *p < 1 || *p > 65535) bad("expects a port number");
      else (key == "delay_port" ? s.delay_port : s.error_port) = *p;
    } else {
      bad("unknown parameter");
    }
  }
  return parsed;
}

std::string to_query(const Settings& s) {
  std::string q = "?server=";
  q += s.server == session::ServerChoice::custom ? percent_encode(s.custom_url)
                                                 : std::string(session::server_choice_name(s.server));
  q += "&cc=" + percent_encode(s.countries);
  q += "&m=" + std::to_string(s.concurrency);
  if (s.code_limit > 0) q += "&limit=" + std::to_string(s.code_limit);
  q += std::string("&meta=") + (s.metadata ? "1" : "0");
  if (s.skip_saved) q += "&skip=1";
  if (s.timeout_s != Settings{}.timeout_s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", s.timeout_s);
    q += std::string("&timeout=") + buf;
  }
  if (s.transport == session::TransportChoice::sharded) q += "&transport=sharded";
  if (s.transport == session::TransportChoice::http1) q += "&transport=h1";
  if (s.delay_port) q += "&delay_port=" + std::to_string(s.delay_port);
  if (s.error_port) q += "&error_port=" + std::to_string(s.error_port);
  if (s.fps >= 0) q += "&fps=" + std::to_string(s.fps);
  return q;
}

}  // namespace coflags::app
