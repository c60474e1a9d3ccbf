#include "app/storage/idb_worker.hpp"

#include <emscripten.h>

#include <cstdlib>

#include "async/loop.hpp"
#include "js/promise.hpp"
#include "js/string.hpp"

// idb_worker_library.js.
extern "C" {
int coflags_idb_start(const char* url);
void coflags_idb_stop(int handle);
void coflags_idb_put(int handle, std::uint32_t id, const char* name, const unsigned char* data, int size,
                     const char* metadata);
int coflags_idb_flush(int handle);
void coflags_idb_request(int handle, std::uint32_t id, const char* op, coflags::app::IdbWorker* self);

// One record of a list reply; every pointer is malloc'ed by JS and adopted here.
EMSCRIPTEN_KEEPALIVE void coflags_idb_record(coflags::app::IdbWorker* self, std::uint32_t id, char* name,
                                             unsigned char* data, int size, char* metadata) {
  coflags::app::SavedRecord record;
  record.name = coflags::js::adopt_string(name).value_or("");
  record.bytes.assign(data, data + size);
  std::free(data);
  record.metadata = coflags::js::adopt_string(metadata);
  self->on_record(id, std::move(record));
}
}

namespace coflags::app {

IdbWorker::IdbWorker(const char* script_url) : handle_(coflags_idb_start(script_url)) {}

// Every request still in flight fails with "the IndexedDB worker was stopped".
IdbWorker::~IdbWorker() { coflags_idb_stop(handle_); }

int IdbWorker::flush() {
  const double start = emscripten_get_now();
  flush_scheduled_ = false;
  const int sent = coflags_idb_flush(handle_);
  cost_.add_shared(emscripten_get_now() - start);
  return sent;
}

void IdbWorker::flush_soon(void* self) {
  auto* worker = static_cast<IdbWorker*>(self);
  if (worker->flush_scheduled_) worker->flush();
}

async::Future<void> IdbWorker::put(const std::string& name, const std::vector<std::uint8_t>& bytes,
                                   const std::optional<std::string>& metadata) {
  const double start = emscripten_get_now();
  js::PendingPromise call = js::expect_promise<StorageError>();
  coflags_idb_put(handle_, call.id, name.c_str(), bytes.data(), static_cast<int>(bytes.size()),
                  metadata ? metadata->c_str() : nullptr);
  if (!flush_scheduled_) {
    flush_scheduled_ = true;
    async::current_loop().call_soon(&IdbWorker::flush_soon, this);
  }
  cost_.add_flag(emscripten_get_now() - start);
  return call.future;
}

async::Task<std::vector<SavedRecord>> IdbWorker::list() {
  js::PendingPromise call = js::expect_promise<StorageError>();
  listed_[call.id];
  // Also when cancelled or failed: records arriving later find no entry and are dropped.
  struct Forget {
    IdbWorker* self;
    std::uint32_t id;
    ~Forget() { self->listed_.erase(id); }
  } forget{this, call.id};
  coflags_idb_request(handle_, call.id, "list", this);
  co_await call.future;
  co_return std::move(listed_[call.id]);
}

async::Future<void> IdbWorker::clear() {
  js::PendingPromise call = js::expect_promise<StorageError>();
  flush();  // puts staged before a clear are cleared too
  coflags_idb_request(handle_, call.id, "clear", this);
  return call.future;
}

void IdbWorker::on_record(std::uint32_t id, SavedRecord record) {
  if (auto it = listed_.find(id); it != listed_.end()) it->second.push_back(std::move(record));
}

}  // namespace coflags::app
