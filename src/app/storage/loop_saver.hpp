// 18.4.2 without run_in_executor: each flag saved by synchronous work on the
// main thread, inside the loop's slice that finished its download: a copy
// out of the wasm heap, a base64 encode and localStorage.setItem (the
// page's only synchronous store), so every flag costs the loop real time
// that the frame-time strip shows. The same bytes as the worker saves; the
// page reads them back on load. Browser only (page_library.js).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "app/storage/idb_worker.hpp"
#include "app/storage/metered_saver.hpp"

namespace coflags::app {

class LoopSaver final : public MeteredSaver {
 public:
  // `saved_codes`: the page's one set of saved codes ("skip saved"), shared with IdbSaver.
  explicit LoopSaver(std::set<std::string>& saved_codes) : saved_codes_(saved_codes) {}

  // Done before the first co_await: the loop does all of it. Throws StorageError (quota exceeded...).
  async::Task<void> save(std::string file_name, flags::SharedBytes bytes,
                         std::optional<flags::CountryMetadata> metadata) override;
  const MainThreadCost& main_thread_cost() const override { return cost_; }

  // What earlier pages saved this way, read synchronously.
  std::vector<SavedRecord> list();
  void clear();

  void on_record(SavedRecord record) { listed_.push_back(std::move(record)); }  // for the C entry point

 private:
  std::set<std::string>& saved_codes_;
  MainThreadCost cost_;
  std::vector<SavedRecord> listed_;
};

}  // namespace coflags::app
