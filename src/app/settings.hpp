// What a run is started with, as the controls edit it and as the page's
// query string carries it (?server=DELAY&m=200&cc=all&meta=1&autostart=1),
// so a run can be shared as a link or started by a test.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flags/downloader.hpp"

namespace coflags::app {

// The serving host's three listeners, or any base URL.
enum class ServerChoice { local, delay, error, custom };

std::string_view server_choice_name(ServerChoice choice);  // "LOCAL", ..., "CUSTOM"

struct Settings {
  ServerChoice server = ServerChoice::local;
  std::string custom_url;        // with ServerChoice::custom: base URL of a flags/ tree
  std::string countries = "POP20";  // the CLI's argument syntax: POP20, all, every, AR BR, A B
  int limit = 0;                 // 0: no limit
  bool metadata = false;         // the book's flags3: also fetch metadata.json
  int concurrency = flags::kDefaultConcurrency;  // 1..1000, the book's default 5
  double timeout_s = 10.0;
  bool skip_saved = false;       // leave out codes already in IndexedDB
  bool autostart = false;        // start a run as soon as the saved gallery is restored
  int delay_port = 0;            // DELAY/ERROR ports of the serving host, when /_stats does not say
  int error_port = 0;
};

constexpr int kMinConcurrency = 1;
constexpr int kMaxConcurrency = flags::kMaxConcurrency;

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
