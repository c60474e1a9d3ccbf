// FetchTransport: Transport on emscripten_fetch (XMLHttpRequest, load to
// memory). Works in the browser, and under node once XMLHttpRequest is
// polyfilled (src/cli/xhr_polyfill.js).
//
// Emscripten 3.1.6 caveats handled here (../shared/TOOLCHAIN.md):
// - emscripten_fetch_close() on a request in flight does not abort the XHR
//   and leaves a use-after-free: a fetch is closed only once it is done
//   (inside onsuccess/onerror), or after abort() has detached and aborted
//   its XHR from JS (Fetch.xhrs[id-1]) so nothing can call back any more.
// - Callbacks carry a generation-checked slot id in userData, never a
//   pointer, so a late or re-entrant callback for a freed slot does nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "net/transport.hpp"

struct emscripten_fetch_t;

namespace coflags::net {

class FetchTransport final : public Transport {
 public:
  FetchTransport();
  ~FetchTransport() override;
  FetchTransport(const FetchTransport&) = delete;
  FetchTransport& operator=(const FetchTransport&) = delete;

  RequestId start(TransportRequest request, Completion done) override;
  void abort(RequestId id) override;
  std::size_t in_flight() const override { return in_flight_; }

 private:
  struct Slot {
    std::uint32_t generation = 0;
    bool used = false;
    emscripten_fetch_t* fetch = nullptr;
    Completion done;
    ProgressCallback on_progress;
  };

  static void on_success(emscripten_fetch_t* fetch);
  static void on_error(emscripten_fetch_t* fetch);
  static void on_progress(emscripten_fetch_t* fetch);

  Slot* lookup(std::uint32_t id);
  std::uint32_t allocate();
  void release(std::uint32_t id);
  void finish(emscripten_fetch_t* fetch);

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t in_flight_ = 0;
};

}  // namespace coflags::net
