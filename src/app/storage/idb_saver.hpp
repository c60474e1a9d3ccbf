// flags::Saver for the browser: each image goes to the IndexedDB worker and
// the save completes when the worker acknowledges the commit. A failed write
// throws StorageError (the run session counts it and keeps the flag as not
// kept). It also reads the store back and clears it: the one owner of what
// "saved in this browser" means.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "app/storage/idb_worker.hpp"
#include "app/storage/metered_saver.hpp"
#include "app/storage/saved_file_name.hpp"

namespace coflags::app {

class IdbSaver final : public MeteredSaver {
 public:
  explicit IdbSaver(IdbWorker& worker) : worker_(worker) {}

  async::Task<void> save(std::string file_name, flags::SharedBytes bytes,
                         std::optional<flags::CountryMetadata> metadata) override;
  // The main thread's share: copying each image into the outgoing batch and posting it.
  const MainThreadCost& main_thread_cost() const override { return worker_.main_thread_cost(); }

  struct RestoredFlag {
    std::string code;
    std::string name;  // from its metadata when saved with it, else the country table's
    std::vector<std::uint8_t> bytes;
  };
  // Every stored flag, with `saved_elsewhere` (the records another saver kept, read
  // synchronously), each code remembered as saved. Throws StorageError.
  async::Task<std::vector<RestoredFlag>> restore(std::vector<SavedRecord> saved_elsewhere = {});
  // Deletes every stored flag. Throws StorageError (and then forgets nothing).
  async::Task<void> clear();

  // Codes stored so far (restored on load, or saved since): "skip saved" reads these.
  const std::set<std::string>& saved_codes() const { return saved_codes_; }
  std::set<std::string>& saved_codes() { return saved_codes_; }  // LoopSaver adds to the same set

 private:
  IdbWorker& worker_;
  std::set<std::string> saved_codes_;
};

}  // namespace coflags::app
