// The main thread's side of web/idb_worker.js: each request becomes a
// Future that the worker's reply resolves, through the JS bridge
// (js::expect_promise; the JavaScript is idb_worker_library.js). The reply
// only resolves the future: the loop resumes whoever awaits it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/storage/main_thread_cost.hpp"
#include "async/future.hpp"
#include "async/task.hpp"

namespace coflags::app {

struct SavedRecord {
  std::string name;  // "br.gif"
  std::vector<std::uint8_t> bytes;
  std::optional<std::string> metadata;  // metadata.json text, when saved with it
};

// Raised into the awaiting coroutine when the worker reports a failure
// (quota exceeded, database blocked, worker missing or crashed).
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
  async::Task<std::vector<SavedRecord>> list();
  async::Future<void> clear();
  // Sends the staged puts now. Returns how many.
  int flush();
  // Main-thread time spent in put (per flag) and flush (per batch) so far (the 18.4.2 lesson's comparison).
  const MainThreadCost& main_thread_cost() const { return cost_; }

  // Called from JavaScript with one record of the list request `id`.
  void on_record(std::uint32_t id, SavedRecord record);

 private:
  static void flush_soon(void* self);

  int handle_ = 0;  // the worker in idb_worker_library.js
  bool flush_scheduled_ = false;
  MainThreadCost cost_;
  // Records of each list request in flight, by its promise id.
  std::unordered_map<std::uint32_t, std::vector<SavedRecord>> listed_;
};

}  // namespace coflags::app
