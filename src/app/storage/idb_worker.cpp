#include "app/storage/idb_worker.hpp"

#include <emscripten.h>

#include <cstdlib>
#include <exception>

#include "async/loop.hpp"

namespace coflags::app {
namespace {

// One IdbWorker per page; the C entry points find it here.
IdbWorker* g_worker = nullptr;

// clang-format off
EM_JS(int, coflags_js_idb_start, (const char* url), {
  const table = (Module['idbWorkers'] = Module['idbWorkers'] || []);
  const handle = table.length + 1;
  const toHeap = (text) => {
    const size = lengthBytesUTF8(text) + 1;
    const ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    return ptr;
  };
  let worker;
  try {
    worker = new Worker(UTF8ToString(url));
  } catch (e) {
    // Reported on the next tick so the constructor has returned first.
    setTimeout(() => { const p = toHeap('cannot start the IndexedDB worker: ' + e); _coflags_idb_worker_error(p); _free(p); });
    table.push(null);
    return handle;
  }
  worker.onmessage = (event) => {
    const m = event.data;
    if (m.records) {
      for (const r of m.records) {
        const bytes = new Uint8Array(r.bytes);
        const data = _malloc(Math.max(1, bytes.length));
        HEAPU8.set(bytes, data);
        const name = toHeap(r.name);
        const meta = r.metadata === null || r.metadata === undefined ? 0 : toHeap(String(r.metadata));
        _coflags_idb_record(m.id, name, data, bytes.length, meta, r.savedAt || 0);  // takes ownership of data
        _free(name);
        if (meta) _free(meta);
      }
    }
    const error = toHeap(m.error || "");
    _coflags_idb_reply(m.id, m.ok ? 1 : 0, error);
    _free(error);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const p = toHeap('IndexedDB worker failed: ' + (event.message || 'could not load ' + UTF8ToString(url)));
    _coflags_idb_worker_error(p);
    _free(p);
  };
  table.push(worker);
  return handle;
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_idb_post, (int handle, int id, const char* op), {
  const worker = Module['idbWorkers'][handle - 1];
  if (worker) worker.postMessage({op: UTF8ToString(op), id: id});
});
// clang-format on

// Copies one image out of the wasm heap into the outgoing batch (the only copy).
// clang-format off
EM_JS(void, coflags_js_idb_stage, (int handle, int id, const char* name, const unsigned char* data, int size, const char* metadata), {
  const staged = (Module['idbStaged'] = Module['idbStaged'] || {});
  const batch = (staged[handle] = staged[handle] || []);
  batch.push({id: id, name: UTF8ToString(name), bytes: HEAPU8.slice(data, data + size).buffer,
              metadata: metadata ? UTF8ToString(metadata) : null});
});
// clang-format on

// One message per frame for all staged images, their buffers transferred, not cloned.
// clang-format off
EM_JS(int, coflags_js_idb_flush, (int handle), {
  const staged = Module['idbStaged'] && Module['idbStaged'][handle];
  if (!staged || staged.length === 0) return 0;
  Module['idbStaged'][handle] = [];
  const worker = Module['idbWorkers'][handle - 1];
  if (worker) worker.postMessage({op: 'putMany', items: staged}, staged.map((item) => item.bytes));
  return staged.length;
});
// clang-format on

// clang-format off
EM_JS(void, coflags_js_idb_stop, (int handle), {
  const table = Module['idbWorkers'];
  if (table && table[handle - 1]) table[handle - 1].terminate();
  if (table) table[handle - 1] = null;
});
// clang-format on

}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE void coflags_idb_reply(int id, int ok, const char* error) {
  if (g_worker) g_worker->on_reply(static_cast<std::uint32_t>(id), ok != 0, error);
}
EMSCRIPTEN_KEEPALIVE void coflags_idb_record(int id, const char* name, unsigned char* data, int size,
                                             const char* metadata, double saved_at) {
  SavedRecord record;
  record.name = name;
  record.bytes.assign(data, data + size);
  std::free(data);
  if (metadata) record.metadata = metadata;
  record.saved_at_ms = saved_at;
  if (g_worker) g_worker->on_record(static_cast<std::uint32_t>(id), std::move(record));
}
EMSCRIPTEN_KEEPALIVE void coflags_idb_worker_error(const char* error) {
  if (g_worker) g_worker->on_worker_error(error);
}
}

IdbWorker::IdbWorker(const char* script_url) {
  g_worker = this;
  handle_ = coflags_js_idb_start(script_url);
}

IdbWorker::~IdbWorker() {
  coflags_js_idb_stop(handle_);
  if (g_worker == this) g_worker = nullptr;
  on_worker_error("the IndexedDB worker was stopped");
}

int IdbWorker::flush() {
  flush_scheduled_ = false;
  return coflags_js_idb_flush(handle_);
}

void IdbWorker::flush_soon(void* self) {
  auto* worker = static_cast<IdbWorker*>(self);
  if (worker->flush_scheduled_) worker->flush();
}

std::uint32_t IdbWorker::next_id() { return ++last_id_; }

template <class T>
bool IdbWorker::refused(async::Future<T>& done) const {
  if (broken_.empty()) return false;
  done.set_exception(std::make_exception_ptr(StorageError(broken_)));
  return true;
}

async::Future<void> IdbWorker::put(const std::string& name, const std::vector<std::uint8_t>& bytes,
                                   const std::optional<std::string>& metadata) {
  async::Future<void> done;
  if (refused(done)) return done;
  std::uint32_t id = next_id();
  void_requests_.emplace(id, done);
  coflags_js_idb_stage(handle_, static_cast<int>(id), name.c_str(), bytes.data(), static_cast<int>(bytes.size()),
                       metadata ? metadata->c_str() : nullptr);
  if (!flush_scheduled_) {
    flush_scheduled_ = true;
    async::current_loop().call_soon(&IdbWorker::flush_soon, this);
  }
  return done;
}

async::Future<std::vector<SavedRecord>> IdbWorker::list() {
  ListRequest request;
  async::Future<std::vector<SavedRecord>> done = request.future;
  if (refused(done)) return done;
  std::uint32_t id = next_id();
  list_requests_.emplace(id, std::move(request));
  coflags_js_idb_post(handle_, static_cast<int>(id), "list");
  return done;
}

async::Future<void> IdbWorker::clear() {
  async::Future<void> done;
  if (refused(done)) return done;
  std::uint32_t id = next_id();
  void_requests_.emplace(id, done);
  flush();  // puts staged before a clear are cleared too
  coflags_js_idb_post(handle_, static_cast<int>(id), "clear");
  return done;
}

void IdbWorker::on_record(std::uint32_t id, SavedRecord record) {
  if (auto it = list_requests_.find(id); it != list_requests_.end()) it->second.records.push_back(std::move(record));
}

void IdbWorker::on_reply(std::uint32_t id, bool ok, std::string error) {
  auto settle = [&](auto& future, auto&& value_setter) {
    if (future.done()) return;  // the awaiting task was cancelled meanwhile
    if (ok) value_setter();
    else future.set_exception(std::make_exception_ptr(StorageError(error)));
  };
  if (auto it = void_requests_.find(id); it != void_requests_.end()) {
    async::Future<void> f = std::move(it->second);
    void_requests_.erase(it);
    settle(f, [&] { f.set_result(); });
  } else if (auto lit = list_requests_.find(id); lit != list_requests_.end()) {
    ListRequest request = std::move(lit->second);
    list_requests_.erase(lit);
    settle(request.future, [&] { request.future.set_result(std::move(request.records)); });
  }
}

void IdbWorker::on_worker_error(std::string error) {
  // Every request in flight fails with the worker's error; nothing is dropped silently.
  auto void_requests = std::move(void_requests_);
  auto list_requests = std::move(list_requests_);
  void_requests_.clear();
  list_requests_.clear();
  auto failure = std::make_exception_ptr(StorageError(error));
  for (auto& [id, f] : void_requests)
    if (!f.done()) f.set_exception(failure);
  for (auto& [id, r] : list_requests)
    if (!r.future.done()) r.future.set_exception(failure);
  broken_ = error;
}

}  // namespace coflags::app
