// The main thread's side of web/idb_worker.js: each request becomes a
// Future that the worker's reply resolves. The reply handler only resolves
// the future (the loop resumes whoever awaits it on the next tick).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "async/future.hpp"

namespace coflags::app {

struct SavedRecord {
  std::string name;  // "br.gif"
  std::vector<std::uint8_t> bytes;
  std::optional<std::string> metadata;  // metadata.json text, when saved with it
  double saved_at_ms = 0;               // Date.now() at commit
};

// Raised into the awaiting coroutine when the worker reports a failure
// (quota exceeded, database blocked, worker missing).
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class IdbWorker {
 public:
  // Starts the worker script (relative to the page).
  explicit IdbWorker(const char* script_url = "idb_worker.js");
  ~IdbWorker();
  IdbWorker(const IdbWorker&) = delete;
  IdbWorker& operator=(const IdbWorker&) = delete;

  // Stages the image; everything staged while the loop runs one batch goes
  // to the worker in one message (flush, scheduled by the first put), the
  // buffers transferred: one postMessage per image cost ~0.4 ms each on the
  // main thread in a burst, and the worker writes a batch in one transaction.
  async::Future<void> put(const std::string& name, const std::vector<std::uint8_t>& bytes,
                          const std::optional<std::string>& metadata);
  async::Future<std::vector<SavedRecord>> list();
  async::Future<void> clear();
  // Sends the staged puts now. Returns how many.
  int flush();

  // Why the worker cannot be used (it failed to load or crashed), or empty.
  const std::string& broken() const { return broken_; }
  std::size_t pending() const { return void_requests_.size() + list_requests_.size(); }

  // Called from JavaScript (see idb_worker.cpp); public for the C entry points.
  void on_reply(std::uint32_t id, bool ok, std::string error);
  void on_record(std::uint32_t id, SavedRecord record);
  void on_worker_error(std::string error);

 private:
  std::uint32_t next_id();
  // Fails `done` with the worker's error if the worker is unusable.
  template <class T>
  bool refused(async::Future<T>& done) const;

  static void flush_soon(void* self);

  int handle_ = 0;  // index of the Worker in the JS-side table
  bool flush_scheduled_ = false;
  std::uint32_t last_id_ = 0;
  std::unordered_map<std::uint32_t, async::Future<void>> void_requests_;
  struct ListRequest {
    async::Future<std::vector<SavedRecord>> future;
    std::vector<SavedRecord> records;
  };
  std::unordered_map<std::uint32_t, ListRequest> list_requests_;
  std::string broken_;
};

}  // namespace coflags::app
