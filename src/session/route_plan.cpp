#include "session/route_plan.hpp"

#include <algorithm>

#include "flags/data_path.hpp"

namespace coflags::session {

int shard_count(int concurrency) {
  return std::clamp((concurrency + kConnectionsPerOrigin - 1) / kConnectionsPerOrigin, 1, kMaxShards);
}

int h2_shard_count(int concurrency) {
  return std::max(1, (concurrency + kStreamsPerConnection - 1) / kStreamsPerConnection);
}

bool is_loopback_host(const std::string& h) {
  return h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h.ends_with(".localhost");
}

RoutePlan plan_route(TransportChoice wanted, const Endpoint& e, int concurrency) {
  RoutePlan plan;
  std::string no_h2;
  if (e.h2_root.empty() && wanted == TransportChoice::http2)
    no_h2 = e.h2_problem.empty() ? " (this server offers no HTTP/2)" : ". HTTP/2 is off: " + e.h2_problem;
  if (wanted == TransportChoice::http2 && !e.h2_root.empty()) {
    plan.used = TransportChoice::http2;
    plan.stats_listener = e.name + "-H2";
    const int shards = h2_shard_count(concurrency);
    if (shards > 1 && e.loopback && e.h2_port > 0) {
      for (int i = 0; i < shards; ++i)
        plan.base_urls.push_back(
            flags::data_url("https://s" + std::to_string(i) + ".localhost:" + std::to_string(e.h2_port)));
      plan.reason = "HTTP/2 over " + std::to_string(shards) +
                    " origins: the browser carries at most 256 streams on one connection";
      return plan;
    }
    plan.base_urls = {flags::data_url(e.h2_root)};
    plan.reason = "HTTP/2: one connection, up to 256 streams";
    return plan;
  }
  plan.stats_listener = e.name;
  const int shards = shard_count(concurrency);
  if (wanted != TransportChoice::http1 && e.loopback && shards > 1) {
    plan.used = TransportChoice::sharded;
    for (int i = 0; i < shards; ++i)
      plan.base_urls.push_back(
          flags::data_url(e.scheme + "//s" + std::to_string(i) + ".localhost:" + std::to_string(e.port)));
    plan.reason = "HTTP/1.1 over " + std::to_string(shards) +
                  " origins: the browser opens at most 6 connections per origin" + no_h2;
    return plan;
  }
  plan.used = TransportChoice::http1;
  plan.base_urls = {flags::data_url(e.h1_root)};
  plan.reason = "HTTP/1.1: the browser opens at most 6 connections per origin" + no_h2;
  return plan;
}

}  // namespace coflags::session
