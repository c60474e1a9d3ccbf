#include "stats.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace coflags::server {

void Stats::begin(Mode m, bool h2) {
  both(m, h2, [](Counters& c) {
    ++c.requests;
    ++c.in_flight;
    c.peak_in_flight = std::max(c.peak_in_flight, c.in_flight);
  });
}

void Stats::finish(Mode m, unsigned status, bool h2) {
  both(m, h2, [status](Counters& c) {
    --c.in_flight;
    ++c.by_status[status];
  });
}

void Stats::abandon(Mode m, bool h2) {
  both(m, h2, [](Counters& c) {
    --c.in_flight;
    ++c.client_gone;
  });
}

void Stats::connection_opened(Mode m, bool h2) {
  both(m, h2, [](Counters& c) { ++c.connections; });
}

void Stats::connection_closed(Mode m, bool h2) {
  both(m, h2, [](Counters& c) { --c.connections; });
}

void Stats::host_served(Mode m, bool h2, std::string_view host, bool first, bool shared) {
  both(m, h2, [&](Counters& c) {
    if (first) ++c.connections_used;
    if (shared) ++c.connections_shared;
    if (c.hosts.size() < kMaxHostsListed && c.hosts.find(host) == c.hosts.end()) c.hosts.emplace(host);
  });
}

void Stats::set_listener_address(Mode m, unsigned port, std::string url, bool h2) {
  addresses_[slot(m, h2)] = {port, std::move(url)};
}

void Stats::reset() {
  auto zero = [](Counters& c) {
    c.requests = 0;
    c.client_gone = 0;
    c.by_status.clear();
    c.connections_used = 0;
    c.connections_shared = 0;
    c.hosts.clear();
    c.peak_in_flight = c.in_flight;
  };
  zero(total_);
  for (auto& c : per_) zero(c);
}

namespace {

nlohmann::json counters_json(const Counters& c) {
  nlohmann::json by_status = nlohmann::json::object();
  for (const auto& [status, n] : c.by_status) by_status[std::to_string(status)] = n;
  return {
      {"requests", c.requests}, {"in_flight", c.in_flight},     {"peak_in_flight", c.peak_in_flight},
      {"by_status", by_status}, {"client_gone", c.client_gone}, {"connections", c.connections},
  };
}

}  // namespace

std::string Stats::to_json() const {
  nlohmann::json j = counters_json(total_);
  nlohmann::json listeners = nlohmann::json::object();
  for (bool h2 : {false, true}) {
    for (Mode m : all_modes) {
      const auto i = slot(m, h2);
      // The -H2 listeners exist only with --tls-cert: listed only when bound.
      if (h2 && addresses_[i].port == 0) continue;
      nlohmann::json l = counters_json(per_[i]);
      if (h2) {
        l["connections_used"] = per_[i].connections_used;
        l["connections_shared"] = per_[i].connections_shared;
        l["hosts"] = per_[i].hosts;
      }
      if (addresses_[i].port != 0) {
        l["port"] = addresses_[i].port;
        l["url"] = addresses_[i].url;
      }
      listeners[std::string(mode_name(m)) + (h2 ? "-H2" : "")] = std::move(l);
    }
  }
  j["listeners"] = std::move(listeners);
  return j.dump();
}

}  // namespace coflags::server
