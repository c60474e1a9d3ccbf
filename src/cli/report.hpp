// The book's initial and final reports (flags2_common), and the verbose
// per-code lines, as an Observer of the run.
#pragma once

#include <string>
#include <vector>

#include "flags/events.hpp"

namespace coflags::cli {

// "LOCAL site: http://...\nSearching for 20 flags: from BD to VN\n5 concurrent connections will be used.\n"
std::string initial_report(const std::vector<std::string>& codes, int actual_req, const std::string& label,
                           const std::string& base_url);
// "--------------------\n 20 flags downloaded.\n  3 not found.\n  1 error.\nElapsed time: 0.25s\n"
std::string final_report(const flags::Summary& summary);
// "BR OK", "QQ not found: <url>", "XX error: <cause>", "CN cancelled"
std::string verbose_line(const flags::FlagResult& result);

}  // namespace coflags::cli
