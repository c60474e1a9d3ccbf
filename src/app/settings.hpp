// The page's settings, as the controls edit them and as the page's
// query string carries them (?server=DELAY&m=200&cc=all&meta=1&autostart=1),
// so a run can be shared as a link or started by a test.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "session/run_settings.hpp"

namespace coflags::app {

// A run's settings and the page's own: autostart, where DELAY/ERROR are, frame pacing.
struct Settings : session::RunSettings {
  bool autostart = false;  // start a run as soon as the saved gallery is restored
  int delay_port = 0;      // DELAY/ERROR ports of the serving host, when /_stats does not say
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

}  // namespace coflags::app
