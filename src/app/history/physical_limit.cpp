#include "app/history/physical_limit.hpp"

namespace coflags::app::history {

double physical_limit_s(int requests, int concurrency, double delay_s) {
  if (requests <= 0 || concurrency <= 0 || delay_s <= 0) return 0;
  int rounds = (requests + concurrency - 1) / concurrency;
  return rounds * delay_s;
}

double server_delay_s(const std::vector<RunRecord>& runs, std::string_view server) {
  double shortest = 0;
  for (const RunRecord& r : runs)
    if (r.server == server && r.delay_s > 0 && (shortest == 0 || r.delay_s < shortest)) shortest = r.delay_s;
  return shortest;
}

}  // namespace coflags::app::history
