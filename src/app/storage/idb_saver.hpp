// flags::Saver for the browser: each image goes to the IndexedDB worker and
// the save completes when the worker acknowledges the commit. A failed
// write throws StorageError, which the downloader counts as that flag's error.
#pragma once

#include <set>
#include <string>

#include "app/storage/idb_worker.hpp"
#include "app/storage/saved_file_name.hpp"
#include "app/storage/metered_saver.hpp"

namespace coflags::app {

class IdbSaver final : public MeteredSaver {
 public:
  explicit IdbSaver(IdbWorker& worker) : worker_(worker) {}

  async::Task<void> save(std::string file_name, flags::SharedBytes bytes,
                         std::optional<flags::CountryMetadata> metadata) override;
  // The main thread's share: copying each image into the outgoing batch and posting it.
  double main_thread_ms() const override { return worker_.main_thread_ms(); }

  // Codes stored so far (restored on load, or saved since): "skip saved" reads these.
  const std::set<std::string>& saved_codes() const { return saved_codes_; }
  std::set<std::string>& saved_codes() { return saved_codes_; }  // LoopSaver adds to the same set
  void remember(const std::string& code) { saved_codes_.insert(code); }
  void forget_all() { saved_codes_.clear(); }

 private:
  IdbWorker& worker_;
  std::set<std::string> saved_codes_;
};

}  // namespace coflags::app
