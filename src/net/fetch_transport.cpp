#include "net/fetch_transport.hpp"

#include <emscripten/fetch.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "js/string.hpp"

// fetch_library.js.
extern "C" {
void coflags_net_abort_xhr(std::uint32_t xhr_id);
int coflags_net_has_xhr();
char* coflags_net_xhr_error(std::uint32_t xhr_id);
}

namespace coflags::net {

namespace {

FetchTransport* instance = nullptr;

std::uint32_t id_of(emscripten_fetch_t* fetch) {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(fetch->userData));
}

constexpr unsigned short kReadyStateDone = 4;
constexpr unsigned short kReadyStateHeadersReceived = 2;

}  // namespace

Transport* builtin_transport() {
  static FetchTransport transport;
  return &transport;
}

FetchTransport::FetchTransport() {
  if (instance) throw std::logic_error("only one FetchTransport may exist: emscripten_fetch callbacks are global");
  instance = this;
}

FetchTransport::~FetchTransport() {
  for (std::uint32_t id : slots_.ids()) abort(id);
  instance = nullptr;
}

RequestId FetchTransport::start(TransportRequest request, Completion done) {
  if (!coflags_net_has_xhr()) {
    TransportReply reply;
    reply.kind = TransportReply::Kind::network_error;
    reply.error = "XMLHttpRequest is not available (under node, link with the node backend: coflags_node_xhr)";
    done(std::move(reply));
    return 0;
  }
  bool wants_progress = static_cast<bool>(request.on_progress);
  std::uint32_t id = slots_.insert(Slot{nullptr, std::move(done), std::move(request.on_progress)});

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strcpy(attr.requestMethod, "GET");
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.userData = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
  attr.onsuccess = &FetchTransport::on_success;
  attr.onerror = &FetchTransport::on_error;
  if (wants_progress) attr.onprogress = &FetchTransport::on_progress;
  // A send failure calls onerror synchronously in here, which may already free the slot.
  emscripten_fetch_t* fetch = emscripten_fetch(&attr, request.url.c_str());
  if (Slot* still = slots_.find(id)) still->fetch = fetch;
  return id;
}

void FetchTransport::abort(RequestId request_id) {
  auto id = static_cast<std::uint32_t>(request_id);
  auto slot = slots_.take(id);
  if (!slot) return;
  emscripten_fetch_t* fetch = slot->fetch;
  if (!fetch) return;
  coflags_net_abort_xhr(fetch->id);
  // The XHR can no longer call back: mark the fetch done so close() frees it
  // without firing onerror (the 3.1.6 close-in-flight path).
  fetch->readyState = kReadyStateDone;
  emscripten_fetch_close(fetch);
}

void FetchTransport::on_success(emscripten_fetch_t* fetch) { instance->finish(fetch); }
void FetchTransport::on_error(emscripten_fetch_t* fetch) { instance->finish(fetch); }

void FetchTransport::on_progress(emscripten_fetch_t* fetch) {
  if (!instance) return;
  Slot* slot = instance->slots_.find(id_of(fetch));
  if (!slot || !slot->on_progress) return;
  slot->on_progress(fetch->dataOffset + fetch->numBytes, fetch->totalBytes);
}

void FetchTransport::finish(emscripten_fetch_t* fetch) {
  std::uint32_t id = id_of(fetch);
  Slot* slot = slots_.find(id);
  // Stale: aborted already, or close() re-entering onerror (emscripten #21005).
  if (!slot || (slot->fetch && slot->fetch != fetch)) return;

  TransportReply reply;
  if (fetch->status == 0) {
    reply.kind = TransportReply::Kind::network_error;
    if (auto cause = js::adopt_string(coflags_net_xhr_error(fetch->id))) {
      reply.error = std::move(*cause);
    } else {
      reply.error = fetch->statusText[0] ? fetch->statusText : "no response (connection refused, reset, or blocked)";
    }
  } else {
    Response& response = reply.response;
    response.status = fetch->status;
    response.status_text = fetch->statusText;
    if (fetch->data && fetch->numBytes) {
      auto* data = reinterpret_cast<const std::uint8_t*>(fetch->data);
      response.body.assign(data, data + fetch->numBytes);
    }
    if (fetch->readyState >= kReadyStateHeadersReceived) {
      std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
      if (length > 0) {
        std::string block(length, '\0');
        emscripten_fetch_get_response_headers(fetch, block.data(), length);
        block.resize(std::strlen(block.c_str()));
        response.headers = parse_header_block(block);
      }
    }
  }
  Completion done = std::move(slot->done);
  slots_.take(id);
  // Done now, so closing is safe; mark it so close() cannot re-enter onerror.
  fetch->readyState = kReadyStateDone;
  emscripten_fetch_close(fetch);
  if (done) done(std::move(reply));
}

}  // namespace coflags::net
