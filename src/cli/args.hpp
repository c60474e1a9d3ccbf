// The flags2_common command line:
//   coflags [CC ...] [-a] [-e] [-l N] [-m CONCURRENT] [-s LABEL] [--url BASE]
//           [--meta] [--dest DIR] [-v] [--timeout SECONDS]
#pragma once

#include <chrono>
#include <limits>
#include <string>
#include <vector>

namespace coflags::cli {

struct CliOptions {
  std::vector<std::string> codes;  // CC arguments as given
  bool all = false;
  bool every = false;
  std::size_t limit = std::numeric_limits<std::size_t>::max();
  int max_req = 5;                   // flags2_asyncio's DEFAULT_CONCUR_REQ
  std::string server = "LOCAL";      // label
  std::string base_url;              // --url, or the label's URL
  std::string site_label = "LOCAL";  // for the report: the server label, or "URL" with --url
  bool metadata = false;
  std::string dest = "downloaded";
  std::string codes_file = "country_codes.txt";  // -a reads it when present (--codes-file: must exist)
  bool codes_file_given = false;
  bool verbose = false;
  std::chrono::milliseconds timeout{10'000};
  bool help = false;
};

// LOCAL/DELAY/ERROR as in the book (on 8001..8003 here), REMOTE the book's site.
std::string server_url(const std::string& label);  // "" if unknown
std::string server_labels();                       // "DELAY, ERROR, LOCAL, REMOTE"

// Throws flags::UsageError with the book's "*** Usage error: ..." message.
CliOptions parse_args(const std::vector<std::string>& args);

std::string usage_line();
std::string help_text();

}  // namespace coflags::cli
