#include "net/fake_transport.hpp"

#include <algorithm>
#include <memory>

namespace coflags::net {

void FakeTransport::route_text(const std::string& url, int status, const std::string& body, async::Duration delay) {
  Route r;
  r.status = status;
  r.status_text = status == 200 ? "OK" : status == 404 ? "Not Found" : "Error";
  r.body.assign(body.begin(), body.end());
  r.delay = delay;
  route(url, std::move(r));
}

RequestId FakeTransport::start(TransportRequest request, Completion done) {
  RequestId id = next_id_++;
  requested_.push_back(request.url);
  auto found = routes_.find(request.url);
  Route route = found != routes_.end() ? found->second : fallback_;
  Active& active = active_[id];
  active.url = request.url;
  peak_in_flight_ = std::max(peak_in_flight_, active_.size());
  if (!route.hang) {
    // As a platform would: the completion arrives later, from outside any coroutine.
    auto shared_done = std::make_shared<Completion>(std::move(done));
    auto progress = request.on_progress;
    active.timer = async::current_loop().call_later(route.delay, [this, id, route, shared_done, progress] {
      if (progress && !route.network_error) progress(route.body.size(), route.body.size());
      finish(id, route, *shared_done);
    });
  }
  return id;
}

void FakeTransport::finish(RequestId id, const Route& route, Completion& done) {
  if (active_.erase(id) == 0) return;
  TransportReply reply;
  if (route.network_error) {
    reply.kind = TransportReply::Kind::network_error;
    reply.error = "connection refused";
  } else {
    reply.response.status = route.status;
    reply.response.status_text = route.status_text;
    reply.response.body = route.body;
    reply.response.headers = {{"Content-Length", std::to_string(route.body.size())}};
  }
  done(std::move(reply));
}

void FakeTransport::abort(RequestId id) {
  auto it = active_.find(id);
  if (it == active_.end()) return;
  if (it->second.timer) async::current_loop().cancel_timer(it->second.timer);
  aborted_.push_back(it->second.url);
  active_.erase(it);
}

}  // namespace coflags::net
