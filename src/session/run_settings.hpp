// What one run is started with: where, which codes, how many at once, how.
// The page's controls and query string edit these (app/settings.hpp adds the
// page's own options); the session validates and plans from them.
#pragma once

#include <string>
#include <string_view>

#include "flags/limits.hpp"

namespace coflags::session {

// The serving host's three listeners, or any base URL.
enum class ServerChoice { local, delay, error, custom };

std::string_view server_choice_name(ServerChoice choice);  // "LOCAL", ..., "CUSTOM"

// How requests reach the serving host. HTTP/2 (when it has -H2 listeners)
// carries up to 256 streams on one connection; HTTP/1.1 gets 6 connections
// per origin, so "sharded" spreads requests over s0.localhost, s1.localhost...
enum class TransportChoice { http2, sharded, http1 };
std::string_view transport_choice_name(TransportChoice choice);  // "HTTP/2", "HTTP/1.1 sharded", "HTTP/1.1"

struct RunSettings {
  ServerChoice server = ServerChoice::local;
  std::string custom_url;                        // with ServerChoice::custom: base URL of a flags/ tree
  std::string countries = "POP20";               // the CLI's argument syntax: POP20, all, every, AR BR, A B
  int code_limit = 0;                            // "first N codes"; 0: no limit
  bool metadata = false;                         // the book's flags3: also fetch metadata.json
  int concurrency = flags::kDefaultConcurrency;  // 1..1000, the book's default 5
  double timeout_s = 10.0;
  bool skip_saved = false;                             // leave out codes already in IndexedDB
  TransportChoice transport = TransportChoice::http2;  // falls back when the host has no HTTP/2
};

}  // namespace coflags::session
