#include "options.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <string_view>

namespace coflags::server {
namespace {

bool to_double(std::string_view s, double& out) {
  // std::from_chars for double is in g++ 12; it rejects "1.0s" and "", as we want.
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(out);
}

template <class Int>
bool to_int(std::string_view s, Int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

std::string check_file(const std::filesystem::path& p, const char* what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return std::string(what) + " '" + p.string() + "' is not a file";
  return {};
}

std::string check_dir(const std::filesystem::path& p, const char* what) {
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return std::string(what) + " '" + p.string() + "' is not a directory";
  return {};
}

}  // namespace

std::string usage(const std::string& program) {
  return "usage: " + program + R"( [options]

Serves the flag data set and the web app on three listeners:
  LOCAL  plain and fast
  DELAY  every response delayed by --delay
  ERROR  --error-rate of responses are 500/503, half of the rest delayed by --delay/2

  --flags DIR            flag data set in the book's layout (<cc>/<cc>.gif, <cc>/metadata.json,
                         country_codes.txt), served under /flags/
  --web DIR              static web app served at / (index.html by default)
  --host ADDR            address to bind (default 127.0.0.1)
  --local-port N         LOCAL listener port (default 8001)
  --delay-port N         DELAY listener port (default 8002)
  --error-port N         ERROR listener port (default 8003)
  --port N               0: all three ephemeral; N>0: N, N+1, N+2
  --delay SECONDS        DELAY mode delay (default 1.0)
  --error-rate R         ERROR mode failure fraction, 0..1 (default 0.25)
  --seed N               seed for the ERROR mode dice (default: random)
  --header-timeout S     time allowed to send a whole request, idle keep-alive included; an
                         HTTP/2 connection answering nothing is closed after it (default 10)
  --write-timeout S      time allowed to take a response, a zero HTTP/2 window included (default 30)
  --grace S              on SIGINT/SIGTERM, time in-flight requests get to finish (default 5)
  --cache-ttl S          serve a file from memory for S seconds after reading it; 0: always
                         read from disk (default 1)
  --max-header-bytes N   request line + headers limit, else 431 (default 8192)
  --max-body-bytes N     request body limit, else 413 (default 65536)
  --max-connections N    open HTTP/1.1 connections limit (default 15000); at the limit a new
                         connection closes the longest-idle one, or is closed when none is idle
  --max-h2-connections N the same for the HTTP/2 listeners, counted apart (default 4000)
  --h2-max-streams N     concurrent streams per HTTP/2 connection; more are refused with
                         RST_STREAM REFUSED_STREAM (default 1000)
  --h2-max-buffer N      bytes an HTTP/2 connection may hold: request fields of its open streams
                         and output the client has not taken; new streams over it are refused
                         (default 1048576)
  --handshake-timeout S  time allowed for the TLS handshake (default 5)
  --backlog N            listen backlog (default 4096)
  --access-log           log one line per request to stderr
  --tls-cert FILE        PEM certificate (scripts/make_tls_cert.sh writes build/tls/cert.pem);
                         with --tls-key, adds HTTP/2-over-TLS listeners LOCAL-H2, DELAY-H2, ERROR-H2
  --tls-key FILE         PEM private key for --tls-cert
  --tls-cert-dir DIR     certificates by name, same key: a client asking for NAME (SNI) gets
                         DIR/NAME.pem; one name each keeps browsers from pooling the
                         s<N>.localhost origins onto one connection (build/tls/names/)
  --tls-local-port N     LOCAL-H2 port (default 8443; --port 0 makes all six ephemeral)
  --tls-delay-port N     DELAY-H2 port (default 8444)
  --tls-error-port N     ERROR-H2 port (default 8445)
  --help                 this text

On startup prints "LISTEN LOCAL http://HOST:PORT/" (then DELAY, ERROR; with TLS also
"LISTEN LOCAL-H2 https://localhost:PORT/" and so on) and "READY".
)";
}

ParsedOptions parse_options(int argc, char** argv) {
  ParsedOptions r;
  Options& o = r.options;
  std::optional<std::uint16_t> all_ports;

  using Setter = std::function<std::string(std::string_view)>;
  auto port = [](std::uint16_t& dst) {
    return Setter([&dst](std::string_view v) { return to_int(v, dst) ? "" : "expects a port number 0..65535"; });
  };
  auto seconds = [](double& dst) {
    return Setter([&dst](std::string_view v) {
      return to_double(v, dst) && dst >= 0 && dst <= 3600 ? "" : "expects seconds, 0..3600";
    });
  };
  auto size = [](std::size_t& dst) {
    return Setter([&dst](std::string_view v) { return to_int(v, dst) && dst > 0 ? "" : "expects a positive integer"; });
  };
  const std::map<std::string, Setter, std::less<>> with_value = {
      {"--flags",
       [&](std::string_view v) {
         o.flags_dir = std::string(v);
         return check_dir(o.flags_dir, "--flags");
       }},
      {"--web",
       [&](std::string_view v) {
         o.web_dir = std::string(v);
         return check_dir(o.web_dir, "--web");
       }},
      {"--host",
       [&](std::string_view v) {
         o.host = std::string(v);
         return v.empty() ? "expects an address" : "";
       }},
      {"--local-port", port(o.local_port)},
      {"--delay-port", port(o.delay_port)},
      {"--error-port", port(o.error_port)},
      {"--port",
       [&](std::string_view v) {
         std::uint16_t p = 0;
         if (!to_int(v, p) || p > 65533) return "expects 0 or a base port up to 65533";
         all_ports = p;
         return "";
       }},
      {"--tls-cert",
       [&](std::string_view v) {
         o.tls_cert = std::string(v);
         return check_file(o.tls_cert, "--tls-cert");
       }},
      {"--tls-cert-dir",
       [&](std::string_view v) {
         o.tls_cert_dir = std::string(v);
         return check_dir(o.tls_cert_dir, "--tls-cert-dir");
       }},
      {"--tls-key",
       [&](std::string_view v) {
         o.tls_key = std::string(v);
         return check_file(o.tls_key, "--tls-key");
       }},
      {"--tls-local-port", port(o.tls_local_port)},
      {"--tls-delay-port", port(o.tls_delay_port)},
      {"--tls-error-port", port(o.tls_error_port)},
      {"--delay", seconds(o.delay_s)},
      {"--error-rate",
       [&](std::string_view v) {
         return to_double(v, o.error_rate) && o.error_rate >= 0 && o.error_rate <= 1 ? "" : "expects a fraction 0..1";
       }},
      {"--seed",
       [&](std::string_view v) {
         std::uint64_t s = 0;
         if (!to_int(v, s)) return "expects a non-negative integer";
         o.seed = s;
         return "";
       }},
      {"--header-timeout", seconds(o.header_timeout_s)},
      {"--write-timeout", seconds(o.write_timeout_s)},
      {"--grace", seconds(o.grace_s)},
      {"--cache-ttl", seconds(o.cache_ttl_s)},
      {"--max-header-bytes", size(o.max_header_bytes)},
      {"--max-body-bytes", size(o.max_body_bytes)},
      {"--max-connections", size(o.max_connections)},
      {"--max-h2-connections", size(o.max_h2_connections)},
      {"--h2-max-streams",
       [&](std::string_view v) {
         return to_int(v, o.h2_max_streams) && o.h2_max_streams > 0 && o.h2_max_streams <= 100000
                    ? ""
                    : "expects a stream count 1..100000";
       }},
      {"--h2-max-buffer", size(o.h2_max_buffer)},
      {"--handshake-timeout", seconds(o.handshake_timeout_s)},
      {"--backlog",
       [&](std::string_view v) { return to_int(v, o.backlog) && o.backlog > 0 ? "" : "expects a positive integer"; }},
  };

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      r.help = true;
      return r;
    }
    if (arg == "--access-log") {
      o.access_log = true;
      continue;
    }
    std::string_view name = arg, value;
    bool inline_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    auto it = with_value.find(name);
    if (it == with_value.end()) {
      r.error = "unknown option '" + std::string(arg) + "'";
      return r;
    }
    if (!inline_value) {
      if (i + 1 >= argc) {
        r.error = std::string(name) + " needs a value";
        return r;
      }
      value = argv[++i];
    }
    if (std::string err = it->second(value); !err.empty()) {
      r.error = std::string(name) + " " + err + " (got '" + std::string(value) + "')";
      return r;
    }
  }
  if (all_ports) {
    const std::uint16_t p = *all_ports;
    o.local_port = p;
    o.delay_port = p == 0 ? 0 : static_cast<std::uint16_t>(p + 1);
    o.error_port = p == 0 ? 0 : static_cast<std::uint16_t>(p + 2);
    if (p == 0) o.tls_local_port = o.tls_delay_port = o.tls_error_port = 0;
  }
  if (o.tls_cert.empty() != o.tls_key.empty()) r.error = "--tls-cert and --tls-key go together";
  if (!o.tls_cert_dir.empty() && o.tls_cert.empty()) r.error = "--tls-cert-dir needs --tls-cert and --tls-key";
  return r;
}

}  // namespace coflags::server
