// Command-line options of coflags-server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace coflags::server {

struct Options {
  std::filesystem::path flags_dir;  // served under /flags/; empty = none
  std::filesystem::path web_dir;    // served at /; empty = none
  std::string host = "127.0.0.1";
  std::uint16_t local_port = 8001;
  std::uint16_t delay_port = 8002;
  std::uint16_t error_port = 8003;
  double delay_s = 1.0;
  double error_rate = 0.25;
  std::optional<std::uint64_t> seed;  // none = from std::random_device
  double header_timeout_s = 10.0;     // whole request (line, headers, body), idle keep-alive too
  double write_timeout_s = 30.0;
  double grace_s = 5.0;
  double cache_ttl_s = 1.0;          // how long a file read from disk is served from memory
  double handshake_timeout_s = 5.0;  // TLS handshake of an -H2 connection
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_connections = 15000;      // HTTP/1.1 listeners together
  std::size_t max_h2_connections = 4000;    // HTTP/2-over-TLS listeners together
  std::size_t h2_max_streams = 1000;        // SETTINGS_MAX_CONCURRENT_STREAMS; extras are refused
  std::size_t h2_max_buffer = 1024 * 1024;  // per HTTP/2 connection: request fields held + output waiting
  int backlog = 4096;
  bool access_log = false;
  // HTTP/2 over TLS (h2): enabled by giving both files.
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  std::filesystem::path tls_cert_dir;  // NAME.pem served to clients asking for NAME (SNI)
  std::uint16_t tls_local_port = 8443;
  std::uint16_t tls_delay_port = 8444;
  std::uint16_t tls_error_port = 8445;
  bool tls() const { return !tls_cert.empty(); }
};

struct ParsedOptions {
  Options options;
  bool help = false;
  std::string error;  // non-empty: bad command line
};

ParsedOptions parse_options(int argc, char** argv);
std::string usage(const std::string& program);

}  // namespace coflags::server
