// Request counters for GET /_stats, overall and per listener.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "chaos.hpp"

namespace coflags::server {

struct Counters {
    std::uint64_t requests = 0;
    std::int64_t in_flight = 0;
    std::int64_t peak_in_flight = 0;
    std::uint64_t client_gone = 0;  // clients that left before their response
    std::int64_t connections = 0;   // open now
    std::map<unsigned, std::uint64_t> by_status;
};

// Single-threaded: lives on the io_context thread.
class Stats {
public:
    void begin(Mode m);
    void finish(Mode m, unsigned status);  // response written (or failed while writing)
    void abandon(Mode m);                  // client gone before the response
    void connection_opened(Mode m);
    void connection_closed(Mode m);
    // Where a listener is, so a page on LOCAL can find DELAY and ERROR ("port", "url").
    void set_listener_address(Mode m, unsigned port, std::string url);

    // Zeroes the counts; peaks restart from what is in flight now.
    void reset();
    std::string to_json() const;

    const Counters& total() const { return total_; }

private:
    template <class F>
    void both(Mode m, F f) {
        f(total_);
        f(per_[static_cast<int>(m)]);
    }

    struct Address {
        unsigned port = 0;
        std::string url;
    };

    Counters total_;
    std::array<Counters, 3> per_;
    std::array<Address, 3> addresses_;
};

// Counts one request as in flight for its lifetime; abandoned unless finished.
class InFlight {
public:
    InFlight(Stats& s, Mode m) : stats_(&s), mode_(m) { s.begin(m); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    ~InFlight() {
        if (stats_) stats_->abandon(mode_);
    }
    void finish(unsigned status) {
        if (stats_) stats_->finish(mode_, status);
        stats_ = nullptr;
    }

private:
    Stats* stats_;
    Mode mode_;
};

}  // namespace coflags::server
