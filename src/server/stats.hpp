// Request counters for GET /_stats, overall and per listener.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "chaos.hpp"

namespace coflags::server {

struct Counters {
  std::uint64_t requests = 0;
  std::int64_t in_flight = 0;
  std::int64_t peak_in_flight = 0;
  std::uint64_t client_gone = 0;  // clients that left before their response
  std::int64_t connections = 0;   // open now
  std::map<unsigned, std::uint64_t> by_status;
  // HTTP/2 only, counted at a connection's first request since the last reset: connections
  // that carried requests, those that carried them for more than one :authority (a browser
  // pooling origins onto one connection), and the :authority values seen.
  std::uint64_t connections_used = 0;
  std::uint64_t connections_shared = 0;
  std::set<std::string, std::less<>> hosts;  // at most kMaxHostsListed
};

// A client naming a new :authority in every request must not grow the server's memory
// without bound: past this many, further hosts are served but not listed.
inline constexpr std::size_t kMaxHostsListed = 64;

// Single-threaded: lives on the io_context thread. `h2` selects the HTTP/2-over-TLS
// listener of a mode ("LOCAL-H2"); the totals include both.
class Stats {
 public:
  void begin(Mode m, bool h2 = false);
  void finish(Mode m, unsigned status, bool h2 = false);  // response written (or failed while writing)
  void abandon(Mode m, bool h2 = false);                  // client gone before the response
  void connection_opened(Mode m, bool h2 = false);
  void connection_closed(Mode m, bool h2 = false);
  // A request for `host` on a connection: `first` of the connection's requests, or the
  // first for a host other than its first one's (`shared`).
  void host_served(Mode m, bool h2, std::string_view host, bool first, bool shared);
  // Where a listener is, so a page on LOCAL can find DELAY and ERROR ("port", "url").
  void set_listener_address(Mode m, unsigned port, std::string url, bool h2 = false);

  // Zeroes the counts; peaks restart from what is in flight now.
  void reset();
  std::string to_json() const;

  const Counters& total() const { return total_; }

 private:
  static std::size_t slot(Mode m, bool h2) { return static_cast<std::size_t>(m) + (h2 ? 3 : 0); }
  template <class F>
  void both(Mode m, bool h2, F f) {
    f(total_);
    f(per_[slot(m, h2)]);
  }

  struct Address {
    unsigned port = 0;
    std::string url;
  };

  Counters total_;
  std::array<Counters, 6> per_;  // LOCAL, DELAY, ERROR, then their -H2 twins
  std::array<Address, 6> addresses_;
};

// Counts one request as in flight for its lifetime; abandoned unless finished.
class InFlight {
 public:
  InFlight(Stats& s, Mode m, bool h2 = false) : stats_(&s), mode_(m), h2_(h2) { s.begin(m, h2); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  ~InFlight() {
    if (stats_) stats_->abandon(mode_, h2_);
  }
  void finish(unsigned status) {
    if (stats_) stats_->finish(mode_, status, h2_);
    stats_ = nullptr;
  }

 private:
  Stats* stats_;
  Mode mode_;
  bool h2_;
};

}  // namespace coflags::server
