// What a run is started with, as the controls edit it and as the page's
// query string carries it (?server=DELAY&m=200&cc=all&meta=1&autostart=1),
// so a run can be shared as a link or started by a test.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flags/limits.hpp"

namespace coflags::app {

// The serving host's three listeners, or any base URL.
enum class ServerChoice { local, delay, error, custom };

std::string_view server_choice_name(ServerChoice choice);  // "LOCAL", ..., "CUSTOM"

// How requests reach the serving host. HTTP/2 (when it has -H2 listeners)
// carries up to 256 streams on one connection; HTTP/1.1 gets 6 connections
// per origin, so "sharded" spreads requests over s0.localhost, s1.localhost...
enum class TransportChoice { http2, sharded, http1 };
std::string_view transport_choice_name(TransportChoice choice);  // "HTTP/2", "HTTP/1.1 sharded", "HTTP/1.1"

struct Settings {
  ServerChoice server = ServerChoice::local;
  std::string custom_url;                        // with ServerChoice::custom: base URL of a flags/ tree
  std::string countries = "POP20";               // the CLI's argument syntax: POP20, all, every, AR BR, A B
  int code_limit = 0;                            // "first N codes"; 0: no limit
  bool metadata = false;                         // the book's flags3: also fetch metadata.json
  int concurrency = flags::kDefaultConcurrency;  // 1..1000, the book's default 5
  double timeout_s = 10.0;
  bool skip_saved = false;                             // leave out codes already in IndexedDB
  bool autostart = false;                              // start a run as soon as the saved gallery is restored
  TransportChoice transport = TransportChoice::http2;  // falls back when the host has no HTTP/2
  int delay_port = 0;  // DELAY/ERROR ports of the serving host, when /_stats does not say
  int error_port = 0;
  int fps = -1;  // frames per second while a run is active: -1 automatic, 0 every frame (frame_pacer.hpp)
};

struct ParsedSettings {
  Settings settings;
  std::vector<std::string> problems;  // unknown or malformed parameters, shown in the log
};

ParsedSettings parse_query(std::string_view query);
// The query string for `settings` (without autostart), starting with '?'.
std::string to_query(const Settings& settings);

// Why `url` cannot be a base URL, or nothing when it can.
std::optional<std::string> base_url_problem(std::string_view url);

}  // namespace coflags::app
