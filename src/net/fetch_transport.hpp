// FetchTransport: Transport on emscripten_fetch (XMLHttpRequest, load to
// memory). Works in the browser, and under node with the net layer's node
// backend (src/net/node/xhr.js). Its JavaScript is fetch_library.js.
//
// Emscripten 3.1.6 caveats handled here (docs/DOWNLOADER.md):
// - emscripten_fetch_close() on a request in flight does not abort the XHR
//   and leaves a use-after-free: a fetch is closed only once it is done
//   (inside onsuccess/onerror), or after abort() has detached and aborted
//   its XHR from JS (Fetch.xhrs[id-1]) so nothing can call back any more.
// - Callbacks carry a generation-checked id (js::HandleTable) in userData,
//   never a pointer, so a late or re-entrant callback for a freed slot does
//   nothing.
#pragma once

#include <cstdint>

#include "js/handle_table.hpp"
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
  std::size_t in_flight() const override { return slots_.size(); }

 private:
  struct Slot {
    emscripten_fetch_t* fetch = nullptr;
    Completion done;
    ProgressCallback on_progress;
  };

  static void on_success(emscripten_fetch_t* fetch);
  static void on_error(emscripten_fetch_t* fetch);
  static void on_progress(emscripten_fetch_t* fetch);

  void finish(emscripten_fetch_t* fetch);

  js::HandleTable<Slot> slots_;
};

}  // namespace coflags::net
