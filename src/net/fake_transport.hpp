// FakeTransport: a scripted Transport for native tests of the logic above
// HTTP (http_get, download_one, the Downloader). Replies come through the
// loop after a per-route delay, so tests see real interleavings; it records
// what was requested, aborted, and the most requests in flight at once.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "async/loop.hpp"
#include "net/transport.hpp"

namespace coflags::net {

class FakeTransport final : public Transport {
 public:
  struct Route {
    int status = 200;
    std::string status_text = "OK";
    Bytes body;
    async::Duration delay{0};
    bool network_error = false;  // no answer at all
    bool hang = false;           // never answers (until aborted)
  };

  // Unknown URLs get `fallback` (404 by default).
  void route(const std::string& url, Route route) { routes_[url] = std::move(route); }
  void route_text(const std::string& url, int status, const std::string& body, async::Duration delay = {});
  void set_fallback(Route route) { fallback_ = std::move(route); }

  RequestId start(TransportRequest request, Completion done) override;
  void abort(RequestId id) override;
  std::size_t in_flight() const override { return active_.size(); }

  const std::vector<std::string>& requested() const { return requested_; }
  const std::vector<std::string>& aborted() const { return aborted_; }
  std::size_t peak_in_flight() const { return peak_in_flight_; }

 private:
  struct Active {
    std::string url;
    async::TimerId timer = 0;
  };
  void finish(RequestId id, const Route& route, Completion& done);

  std::map<std::string, Route> routes_;
  Route fallback_{404, "Not Found", {}, {}, false, false};
  std::map<RequestId, Active> active_;
  std::vector<std::string> requested_;
  std::vector<std::string> aborted_;
  std::size_t peak_in_flight_ = 0;
  RequestId next_id_ = 1;
};

}  // namespace coflags::net
