#include "net/http.hpp"

#include <memory>
#include <utility>

#include "async/future.hpp"
#include "async/loop.hpp"

namespace coflags::net {

namespace {

// Shared between the coroutine and the callbacks that may outlive it.
struct Pending {
  async::Future<TransportReply> reply;
  bool timed_out = false;
  bool active = true;  // false once http_get has returned or thrown: late progress is dropped
};

// Aborts the request when http_get leaves early (cancelled, timed out,
// frame destroyed) so the server sees the connection go.
class AbortUnlessDone {
 public:
  AbortUnlessDone(Transport& transport, std::shared_ptr<Pending> pending)
      : transport_(transport), pending_(std::move(pending)) {}
  AbortUnlessDone(const AbortUnlessDone&) = delete;
  AbortUnlessDone& operator=(const AbortUnlessDone&) = delete;
  ~AbortUnlessDone() {
    pending_->active = false;
    if (timer_) async::current_loop().cancel_timer(timer_);
    const auto& reply = pending_->reply;
    bool answered = reply.done() && !reply.cancelled() && !pending_->timed_out;
    if (id_ && !answered) transport_.abort(id_);
  }
  void set_request(RequestId id) { id_ = id; }
  void set_timer(async::TimerId timer) { timer_ = timer; }

 private:
  Transport& transport_;
  std::shared_ptr<Pending> pending_;
  RequestId id_ = 0;
  async::TimerId timer_ = 0;
};

Response to_response(std::string url, TransportReply reply, const GetOptions& options, bool keep_404) {
  if (reply.kind == TransportReply::Kind::network_error) throw NetworkError(url, reply.error);
  Response& response = reply.response;
  response.url = url;
  if (response.status == 404 && keep_404) return std::move(response);
  if (response.status == 404) throw NotFound(url, response.status_text.empty() ? "Not Found" : response.status_text);
  if (response.status < 200 || response.status > 299) throw HttpStatusError(url, response.status, response.status_text);
  if (options.parse_json) {
    auto parsed =
        nlohmann::json::parse(response.body.begin(), response.body.end(), nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) throw BadBody(url, "not valid JSON");
    response.json = std::move(parsed);
  }
  return std::move(response);
}

async::Task<Response> get(std::string url, GetOptions options, bool keep_404) {
  Transport* transport = options.transport ? options.transport : default_transport();
  if (!transport) throw NetworkError(url, "no HTTP transport installed");

  auto pending = std::make_shared<Pending>();
  AbortUnlessDone guard(*transport, pending);

  TransportRequest request{url, {}};
  if (options.on_progress) {
    // Platform callbacks only enqueue; the user's callback runs from the loop.
    request.on_progress = [pending, callback = options.on_progress](std::uint64_t received, std::uint64_t total) {
      async::current_loop().call_soon([pending, callback, received, total] {
        if (pending->active) callback(received, total);
      });
    };
  }
  if (options.timeout > std::chrono::milliseconds::zero()) {
    guard.set_timer(async::current_loop().call_later(options.timeout, [pending] {
      if (pending->reply.done()) return;
      pending->timed_out = true;
      pending->reply.set_result(TransportReply{TransportReply::Kind::network_error, {}, "timeout"});
    }));
  }
  guard.set_request(transport->start(std::move(request), [pending](TransportReply reply) {
    if (!pending->reply.done()) pending->reply.set_result(std::move(reply));
  }));

  co_await pending->reply;  // cancelling the task cancels this future
  // Moved, not copied, out of the shared state: nobody else reads the reply.
  TransportReply reply = std::move(pending->reply.result());
  if (pending->timed_out) {
    throw RequestTimeout(url, std::chrono::duration<double>(options.timeout).count());
  }
  co_return to_response(std::move(url), std::move(reply), options, keep_404);
}

}  // namespace

async::Task<Response> http_get(std::string url, GetOptions options) {
  co_return co_await get(std::move(url), std::move(options), false);
}

async::Task<Response> http_get_or_404(std::string url, GetOptions options) {
  co_return co_await get(std::move(url), std::move(options), true);
}

}  // namespace coflags::net
