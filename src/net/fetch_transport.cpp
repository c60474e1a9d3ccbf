#include "net/fetch_transport.hpp"

#include <emscripten.h>
#include <emscripten/fetch.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace coflags::net {

namespace {

// Slot ids: low 16 bits index + 1, high 16 bits generation. Fits userData.
constexpr std::uint32_t kIndexBits = 16;
constexpr std::uint32_t kIndexMask = (1u << kIndexBits) - 1;

FetchTransport* instance = nullptr;

std::uint32_t id_of(emscripten_fetch_t* fetch) {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(fetch->userData));
}

// Detaches every handler from the XHR and aborts it: the socket closes and
// nothing calls back into the (about to be freed) fetch.
// clang-format off
EM_JS(void, coflags_net_abort_xhr, (std::uint32_t xhr_id), {
  var xhr = Fetch.xhrs[xhr_id - 1];
  if (!xhr) return;
  xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onprogress = xhr.onreadystatechange = null;
  try { xhr.abort(); } catch (e) {}
});
// clang-format on

// emscripten_fetch throws a JS ReferenceError through the wasm without it.
// clang-format off
EM_JS(int, coflags_net_has_xhr, (), { return typeof XMLHttpRequest !== 'undefined' ? 1 : 0; });
// clang-format on

// The cause of a network error if the XHR implementation kept one (the node
// polyfill does; browsers do not say), malloc'ed, or null.
// clang-format off
EM_JS(char*, coflags_net_xhr_error, (std::uint32_t xhr_id), {
  var xhr = Fetch.xhrs[xhr_id - 1];
  if (!xhr || !xhr.coflagsError) return 0;
  var message = String(xhr.coflagsError);
  var length = lengthBytesUTF8(message) + 1;
  var p = _malloc(length);
  stringToUTF8(message, p, length);
  return p;
});
// clang-format on

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
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].used) abort(((slots_[i].generation & kIndexMask) << kIndexBits) | (i + 1));
  }
  instance = nullptr;
}

std::uint32_t FetchTransport::allocate() {
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    if (slots_.size() >= kIndexMask) throw std::runtime_error("too many HTTP requests in flight");
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& slot = slots_[index];
  slot.used = true;
  ++in_flight_;
  return ((slot.generation & kIndexMask) << kIndexBits) | (index + 1);
}

FetchTransport::Slot* FetchTransport::lookup(std::uint32_t id) {
  std::uint32_t index = (id & kIndexMask);
  if (index == 0 || index > slots_.size()) return nullptr;
  Slot& slot = slots_[index - 1];
  if (!slot.used || (slot.generation & kIndexMask) != (id >> kIndexBits)) return nullptr;
  return &slot;
}

void FetchTransport::release(std::uint32_t id) {
  Slot* slot = lookup(id);
  if (!slot) return;
  slot->used = false;
  slot->fetch = nullptr;
  slot->done = nullptr;
  slot->on_progress = nullptr;
  ++slot->generation;
  free_.push_back((id & kIndexMask) - 1);
  --in_flight_;
}

RequestId FetchTransport::start(TransportRequest request, Completion done) {
  if (!coflags_net_has_xhr()) {
    TransportReply reply;
    reply.kind = TransportReply::Kind::network_error;
    reply.error = "XMLHttpRequest is not available (under node, link with --pre-js src/cli/xhr_polyfill.js)";
    done(std::move(reply));
    return 0;
  }
  std::uint32_t id = allocate();
  Slot& slot = *lookup(id);
  slot.done = std::move(done);
  slot.on_progress = std::move(request.on_progress);

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strcpy(attr.requestMethod, "GET");
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.userData = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
  attr.onsuccess = &FetchTransport::on_success;
  attr.onerror = &FetchTransport::on_error;
  attr.onprogress = &FetchTransport::on_progress;
  // A send failure calls onerror synchronously in here, which may already free the slot.
  emscripten_fetch_t* fetch = emscripten_fetch(&attr, request.url.c_str());
  if (Slot* still = lookup(id)) still->fetch = fetch;
  return id;
}

void FetchTransport::abort(RequestId request_id) {
  auto id = static_cast<std::uint32_t>(request_id);
  Slot* slot = lookup(id);
  if (!slot) return;
  emscripten_fetch_t* fetch = slot->fetch;
  release(id);
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
  Slot* slot = instance->lookup(id_of(fetch));
  if (!slot || !slot->on_progress) return;
  slot->on_progress(fetch->dataOffset + fetch->numBytes, fetch->totalBytes);
}

void FetchTransport::finish(emscripten_fetch_t* fetch) {
  std::uint32_t id = id_of(fetch);
  Slot* slot = lookup(id);
  // Stale: aborted already, or close() re-entering onerror (emscripten #21005).
  if (!slot || (slot->fetch && slot->fetch != fetch)) return;

  TransportReply reply;
  if (fetch->status == 0) {
    reply.kind = TransportReply::Kind::network_error;
    if (char* cause = coflags_net_xhr_error(fetch->id)) {
      reply.error = cause;
      std::free(cause);
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
  release(id);
  // Done now, so closing is safe; mark it so close() cannot re-enter onerror.
  fetch->readyState = kReadyStateDone;
  emscripten_fetch_close(fetch);
  if (done) done(std::move(reply));
}

}  // namespace coflags::net
