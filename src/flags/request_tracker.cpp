#include "flags/request_tracker.hpp"

#include <algorithm>

namespace coflags::flags {

void RequestTracker::start_clock() { start_ = async::current_loop().now(); }

Seconds RequestTracker::since_start() const {
  return std::chrono::duration_cast<Seconds>(async::current_loop().now() - start_);
}

RequestEvent RequestTracker::queued(const std::string& code, Resource resource, const std::string& url) {
  RequestEvent event;
  event.id = next_id_++;
  event.code = code;
  event.resource = resource;
  event.url = url;
  event.phase = RequestEvent::Phase::queued;
  event.queued_at = since_start();
  event.in_flight = in_flight_;
  if (observer_) observer_->on_request(event);
  return event;
}

void RequestTracker::started(RequestEvent& event) {
  event.phase = RequestEvent::Phase::started;
  event.started_at = since_start();
  ++in_flight_;
  peak_in_flight_ = std::max(peak_in_flight_, in_flight_);
  event.in_flight = in_flight_;
  if (observer_) observer_->on_request(event);
}

void RequestTracker::finished(RequestEvent& event, Outcome outcome, int http_status, std::size_t bytes,
                              std::string error, ErrorKind kind) {
  if (event.phase == RequestEvent::Phase::finished) return;
  if (event.phase == RequestEvent::Phase::started) --in_flight_;  // a queued request never held a connection
  event.phase = RequestEvent::Phase::finished;
  event.finished_at = since_start();
  event.outcome = outcome;
  event.http_status = http_status;
  event.bytes = bytes;
  event.error = std::move(error);
  event.error_kind = outcome == Outcome::error ? kind : ErrorKind::none;
  event.in_flight = in_flight_;
  if (observer_) observer_->on_request(event);
}

}  // namespace coflags::flags
