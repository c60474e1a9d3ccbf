#include "app/storage/main_thread_cost.hpp"

#include <algorithm>
#include <vector>

namespace coflags::app {

void MainThreadCost::add_flag(double ms) {
  total_ms_ += ms;
  flags_ms_.push_back(ms);
  if (flags_ms_.size() > kKept) flags_ms_.pop_front();
}

double MainThreadCost::median_flag_ms() const {
  if (flags_ms_.empty()) return 0;
  std::vector<double> sorted(flags_ms_.begin(), flags_ms_.end());
  const std::size_t mid = sorted.size() / 2;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(mid), sorted.end());
  if (sorted.size() % 2) return sorted[mid];
  const double upper = sorted[mid];
  return (upper + *std::max_element(sorted.begin(), sorted.begin() + static_cast<long>(mid))) / 2;
}

}  // namespace coflags::app
