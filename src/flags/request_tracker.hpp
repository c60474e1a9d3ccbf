// RequestTracker: ids, timestamps and the in-flight count for every HTTP
// request of a run, turned into RequestEvents for the observer.
#pragma once

#include <cstdint>
#include <string>

#include "async/loop.hpp"
#include "flags/events.hpp"

namespace coflags::flags {

class RequestTracker {
 public:
  explicit RequestTracker(Observer* observer = nullptr) : observer_(observer) {}

  // Starts the run's clock; timestamps are relative to it.
  void start_clock();
  Seconds since_start() const;

  // Each updates the event and tells the observer; queued() creates it.
  RequestEvent queued(const std::string& code, Resource resource, const std::string& url);
  void started(RequestEvent& event);
  void finished(RequestEvent& event, Outcome outcome, int http_status, std::size_t bytes, std::string error,
                ErrorKind kind = ErrorKind::none);

  int in_flight() const { return in_flight_; }
  int peak_in_flight() const { return peak_in_flight_; }

 private:
  Observer* observer_;
  async::TimePoint start_{};
  std::uint32_t next_id_ = 1;
  int in_flight_ = 0;
  int peak_in_flight_ = 0;
};

}  // namespace coflags::flags
