#include "cli/report.hpp"

#include <cstdio>

namespace coflags::cli {

namespace {
std::string format(const char* fmt, auto... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, fmt, args...);
  return buffer;
}
}  // namespace

std::string initial_report(const std::vector<std::string>& codes, int actual_req, const std::string& label,
                           const std::string& base_url) {
  std::string cc_msg;
  if (codes.size() <= 10) {
    for (const auto& cc : codes) cc_msg += (cc_msg.empty() ? "" : ", ") + cc;
  } else {
    cc_msg = "from " + codes.front() + " to " + codes.back();
  }
  std::string out = label + " site: " + base_url + "\n";
  out +=
      "Searching for " + std::to_string(codes.size()) + " flag" + (codes.size() != 1 ? "s" : "") + ": " + cc_msg + "\n";
  if (actual_req == 1) {
    out += "1 connection will be used.\n";
  } else {
    out += std::to_string(actual_req) + " concurrent connections will be used.\n";
  }
  return out;
}

std::string final_report(const flags::Summary& summary) {
  const flags::Counts& c = summary.counts;
  std::string out = std::string(20, '-') + "\n";
  out += format("%3zu flag%s downloaded.\n", c.ok, c.ok != 1 ? "s" : "");
  if (c.not_found) out += format("%3zu not found.\n", c.not_found);
  if (c.error) out += format("%3zu error%s.\n", c.error, c.error != 1 ? "s" : "");
  if (c.cancelled) out += format("%3zu cancelled.\n", c.cancelled);
  out += format("Elapsed time: %.2fs\n", summary.elapsed.count());
  return out;
}

std::string verbose_line(const flags::FlagResult& result) {
  switch (result.outcome) {
    case flags::Outcome::ok: return result.code + " OK";
    case flags::Outcome::not_found: return result.code + " " + result.error;
    case flags::Outcome::error: return result.error;  // FetchError: "<CC> error: <cause>"
    case flags::Outcome::cancelled: return result.code + " cancelled";
  }
  return result.code;
}

}  // namespace coflags::cli
