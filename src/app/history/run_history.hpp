// The list of kept runs and where they persist. RunHistory holds the records
// in memory for the table and the chart, and hands every change to a
// HistoryStore: IndexedDB in the page, MemoryHistoryStore natively.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/history/run_record.hpp"

namespace coflags::app::history {

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;
  virtual void put(const RunRecord& record) = 0;  // record.id is set
  virtual void clear() = 0;
};

// Keeps what it was given; what a reload would read back.
class MemoryHistoryStore final : public HistoryStore {
 public:
  void put(const RunRecord& record) override;
  void clear() override { records_.clear(); }
  const std::vector<RunRecord>& records() const { return records_; }

 private:
  std::vector<RunRecord> records_;
};

class RunHistory {
 public:
  explicit RunHistory(HistoryStore* store = nullptr) : store_(store) {}

  // Records read back from the store (e.g. after a reload): ids are kept, later ones continue after them.
  void restore(std::vector<RunRecord> records);
  // Gives the record the next id, keeps it, stores it; returns the id.
  std::int64_t add(RunRecord record);
  void clear();

  const std::vector<RunRecord>& records() const { return records_; }
  const RunRecord* find(std::int64_t id) const;

  // Two runs chosen for the timeline comparison: selecting a third drops the oldest choice.
  void toggle_selected(std::int64_t id);
  bool is_selected(std::int64_t id) const;
  const std::vector<std::int64_t>& selected() const { return selected_; }

  std::string export_all() const { return export_json(records_); }

 private:
  HistoryStore* store_;
  std::vector<RunRecord> records_;
  std::vector<std::int64_t> selected_;
  std::int64_t next_id_ = 1;
};

}  // namespace coflags::app::history
