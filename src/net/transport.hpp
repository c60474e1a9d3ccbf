// Transport: the one platform-specific piece of HTTP. http_get() holds all
// the logic (status mapping, timeout, cancellation, JSON); a transport only
// starts a GET, reports how it ended, and can abort it.
//
//   FetchTransport  emscripten_fetch (browser, and node with src/net/node)
//   FakeTransport   scripted replies for native unit tests (fake_transport.hpp)
//
// Contract for implementations:
// - `done` is called exactly once per started request unless it was aborted,
//   possibly synchronously inside start() (a request that fails to send).
// - `done` and `on_progress` may be called from a platform callback: they
//   only resolve futures and enqueue work, never resume a coroutine inline.
// - abort(id) closes the connection (the server sees it go) and guarantees
//   `done` is never called afterwards. Unknown or finished ids are ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "net/response.hpp"

namespace coflags::net {

using RequestId = std::uint64_t;
// Bytes received so far, and the total if the server announced it (else 0).
using ProgressCallback = std::function<void(std::uint64_t received, std::uint64_t total)>;

struct TransportRequest {
  std::string url;
  ProgressCallback on_progress;  // optional
};

struct TransportReply {
  // Any HTTP answer, 2xx or not, is a `response`; `network_error` means none came.
  enum class Kind : std::uint8_t { response, network_error };
  Kind kind = Kind::response;
  Response response;
  std::string error;  // for network_error: what the platform said
};

class Transport {
 public:
  using Completion = std::function<void(TransportReply)>;

  virtual ~Transport() = default;
  virtual RequestId start(TransportRequest request, Completion done) = 0;
  virtual void abort(RequestId id) = 0;
  // Requests started and neither done nor aborted.
  virtual std::size_t in_flight() const = 0;
};

// The transport http_get() uses when GetOptions::transport is null: the
// FetchTransport under Emscripten; natively none until one is installed.
Transport* default_transport();
// Installs `transport` as the default (nullptr restores the built-in one).
void set_default_transport(Transport* transport);

}  // namespace coflags::net
