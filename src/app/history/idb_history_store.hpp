// The run history in the page's IndexedDB (database "coflags-history",
// store "runs", one JSON record per run), apart from the saved flags and
// their worker: a run is a few hundred bytes written once, on the main
// thread. Browser only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/history/run_history.hpp"

namespace coflags::app::history {

class IdbHistoryStore final : public HistoryStore {
 public:
  using Loaded = std::function<void(std::vector<RunRecord> records, std::string error)>;
  IdbHistoryStore();
  ~IdbHistoryStore() override;
  // Reads every stored run; `done` runs later, from a JS callback (error empty on success).
  void load(Loaded done);
  void put(const RunRecord& record) override;
  void clear() override;
  void on_loaded(const char* json, bool ok);  // for the C entry point

 private:
  Loaded loaded_;
};

}  // namespace coflags::app::history
