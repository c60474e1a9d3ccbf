#include "cli/args.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>

#include "flags/country_codes.hpp"
#include "flags/downloader.hpp"
#include "net/url.hpp"

namespace coflags::cli {

namespace {

using flags::UsageError;

const std::map<std::string, std::string>& servers() {
  static const std::map<std::string, std::string> table = {
      {"REMOTE", "https://www.fluentpython.com/data/flags"},
      {"LOCAL", "http://localhost:8001/flags"},
      {"DELAY", "http://localhost:8002/flags"},
      {"ERROR", "http://localhost:8003/flags"},
  };
  return table;
}

template <class Int>
bool parse_int(const std::string& text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_seconds(const std::string& text, double& out) {
  // std::from_chars for double is in g++ 12 but not in Emscripten 3.1.6's libc++.
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && std::isfinite(out);
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string server_url(const std::string& label) {
  auto it = servers().find(upper(label));
  return it == servers().end() ? "" : it->second;
}

std::string server_labels() {
  std::string out;
  for (const auto& [label, url] : servers()) out += (out.empty() ? "" : ", ") + label;
  return out;
}

std::string usage_line() {
  return "usage: coflags [-h] [-a] [-e] [-l N] [-m CONCURRENT] [-s LABEL] [--url BASE] [--meta] [--dest DIR] "
         "[--codes-file FILE] "
         "[-v] [--timeout SECONDS] [CC ...]";
}

std::string help_text() {
  return usage_line() + R"(

Download flags for country codes. Default: top 20 countries by population.

positional arguments:
  CC                    country code or 1st letter (eg. B for BA...BZ)

options:
  -h, --help            show this help message and exit
  -a, --all             get all available flags: the codes in ./country_codes.txt
                        (as the book), else the ones the server lists
  --codes-file FILE     the code list -a reads instead of ./country_codes.txt
  -e, --every           get flags for every possible code (AA...ZZ)
  -l N, --limit N       limit to N first codes
  -m CONCURRENT, --max_req CONCURRENT
                        maximum concurrent requests (default=5, at most 1000)
  -s LABEL, --server LABEL
                        Server to hit; one of )" +
         server_labels() + R"( (default=LOCAL)
  --url BASE            base URL of any flag server (overrides -s), e.g. http://127.0.0.1:8001/flags;
                        https:// URLs go over HTTP/2 (one connection); for a self-signed server
                        set NODE_EXTRA_CA_CERTS=build/tls/cert.pem
  --meta                also get metadata.json and name files <Country_Name>-<CC>.gif
  --dest DIR            directory to save flags in (default=downloaded)
  -v, --verbose         output detailed progress info
  --timeout SECONDS     per-request timeout, 0 for none (default=10)
)";
}

CliOptions parse_args(const std::vector<std::string>& args) {
  CliOptions o;
  bool url_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    bool has_inline_value = false;
    if (arg.rfind("--", 0) == 0) {
      if (auto eq = arg.find('='); eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_inline_value = true;
      }
    }
    auto take_value = [&](const char* what) {
      if (has_inline_value) return value;
      if (i + 1 >= args.size()) throw UsageError("*** Usage error: " + arg + " expects " + what);
      return args[++i];
    };

    if (arg == "-h" || arg == "--help") {
      o.help = true;
    } else if (arg == "-a" || arg == "--all") {
      o.all = true;
    } else if (arg == "--codes-file") {
      o.codes_file = take_value("FILE");
      o.codes_file_given = true;
    } else if (arg == "-e" || arg == "--every") {
      o.every = true;
    } else if (arg == "-v" || arg == "--verbose") {
      o.verbose = true;
    } else if (arg == "--meta") {
      o.metadata = true;
    } else if (arg == "-l" || arg == "--limit") {
      long long n = 0;
      if (!parse_int(take_value("N"), n) || n < 1) throw UsageError("*** Usage error: --limit N must be >= 1");
      o.limit = static_cast<std::size_t>(n);
    } else if (arg == "-m" || arg == "--max_req" || arg == "--max-req") {
      int n = 0;
      if (!parse_int(take_value("CONCURRENT"), n) || n < 1) {
        throw UsageError("*** Usage error: --max_req CONCURRENT must be >= 1");
      }
      o.max_req = n;
    } else if (arg == "-s" || arg == "--server") {
      o.server = upper(take_value("LABEL"));
      if (server_url(o.server).empty()) {
        throw UsageError("*** Usage error: --server LABEL must be one of " + server_labels());
      }
    } else if (arg == "--url") {
      o.base_url = take_value("BASE");
      if (const net::ParsedUrl parsed = net::parse_http_url(o.base_url); !parsed.url) {
        if (!o.base_url.starts_with("http://") && !o.base_url.starts_with("https://"))
          throw UsageError("*** Usage error: --url BASE must start with http:// or https://");
        throw UsageError("*** Usage error: --url BASE: " + parsed.error);
      }
      url_given = true;
    } else if (arg == "--dest") {
      o.dest = take_value("DIR");
      if (o.dest.empty()) throw UsageError("*** Usage error: --dest DIR must not be empty");
    } else if (arg == "--timeout") {
      double seconds = 0;
      if (!parse_seconds(take_value("SECONDS"), seconds) || seconds < 0) {
        throw UsageError("*** Usage error: --timeout SECONDS must be a number >= 0");
      }
      o.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError("*** Usage error: unknown option " + arg);
    } else {
      o.codes.push_back(arg);
    }
  }
  if (url_given) {
    o.site_label = "URL";
  } else {
    o.base_url = server_url(o.server);
    o.site_label = o.server;
  }
  return o;
}

}  // namespace coflags::cli
