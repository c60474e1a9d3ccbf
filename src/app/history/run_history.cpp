#include "app/history/run_history.hpp"

#include <algorithm>

namespace coflags::app::history {

void MemoryHistoryStore::put(const RunRecord& record) {
  auto it = std::find_if(records_.begin(), records_.end(), [&](const RunRecord& r) { return r.id == record.id; });
  if (it != records_.end()) {
    *it = record;
  } else {
    records_.push_back(record);
  }
}

void RunHistory::restore(std::vector<RunRecord> records) {
  std::sort(records.begin(), records.end(), [](const RunRecord& a, const RunRecord& b) { return a.id < b.id; });
  records_ = std::move(records);
  selected_.clear();
  next_id_ = records_.empty() ? 1 : records_.back().id + 1;
}

std::int64_t RunHistory::add(RunRecord record) {
  record.id = next_id_++;
  records_.push_back(record);
  if (store_ != nullptr) store_->put(records_.back());
  return record.id;
}

void RunHistory::clear() {
  records_.clear();
  selected_.clear();
  if (store_ != nullptr) store_->clear();
}

const RunRecord* RunHistory::find(std::int64_t id) const {
  auto it = std::find_if(records_.begin(), records_.end(), [&](const RunRecord& r) { return r.id == id; });
  return it == records_.end() ? nullptr : &*it;
}

void RunHistory::toggle_selected(std::int64_t id) {
  auto it = std::find(selected_.begin(), selected_.end(), id);
  if (it != selected_.end()) {
    selected_.erase(it);
    return;
  }
  if (find(id) == nullptr) return;
  if (selected_.size() == 2) selected_.erase(selected_.begin());
  selected_.push_back(id);
}

bool RunHistory::is_selected(std::int64_t id) const {
  return std::find(selected_.begin(), selected_.end(), id) != selected_.end();
}

}  // namespace coflags::app::history
