// Which URLs a run's requests go to, and why. Chromium opens at most 6
// HTTP/1.1 connections per origin, so a higher concurrency limit only queues
// inside the browser; HTTP/2 carries up to 256 streams on one connection,
// and sharding spreads requests over s0.localhost, s1.localhost...
// (every *.localhost name is loopback in Chromium): HTTP/1.1 over 6
// connections each, or HTTP/2 over one connection each when the limit is
// above 256. Pure logic: unit-tested.
#pragma once

#include <string>
#include <vector>

#include "session/run_settings.hpp"

namespace coflags::session {

inline constexpr int kConnectionsPerOrigin = 6;
inline constexpr int kMaxShards = 42;              // Chromium's whole-profile socket pool is 256 = 42 x 6 (+4)
inline constexpr int kStreamsPerConnection = 256;  // Chromium's cap on one HTTP/2 connection

// One listener of the serving host, as the page can reach it.
struct Endpoint {
  std::string name;        // "DELAY": its entry in /_stats; "<name>-H2" is its HTTP/2 twin
  std::string h1_root;     // "http://127.0.0.1:8002"
  std::string h2_root;     // "https://localhost:8445", empty when the host offers no HTTP/2
  std::string scheme;      // of h1_root: "http:"
  int port = 0;            // of h1_root
  bool loopback = false;   // h1_root's host is this machine: s<N>.localhost reaches it
  int h2_port = 0;         // of h2_root
  std::string h2_problem;  // why the host's HTTP/2 is not used although offered (h2_root is then empty)
};

// What a user runs once so that their browsers trust the certificate of the
// HTTP/2 listeners (scripts/make_tls_cert.sh makes the CA in build/tls).
inline constexpr const char* kTrustCommand = "CAROOT=build/tls mkcert -install";

struct RoutePlan {
  TransportChoice used = TransportChoice::http1;
  std::vector<std::string> base_urls;  // ".../flags", one per origin
  std::string stats_listener;          // the /_stats entry that sees these requests
  std::string reason;                  // one line for the UI and the log
};

int shard_count(int concurrency);     // ceil(concurrency / 6), 1..kMaxShards
int h2_shard_count(int concurrency);  // ceil(concurrency / 256), at least 1
RoutePlan plan_route(TransportChoice wanted, const Endpoint& endpoint, int concurrency);
bool is_loopback_host(const std::string& hostname);

}  // namespace coflags::session
