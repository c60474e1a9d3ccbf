#include "app/history/physical_limit.hpp"

namespace coflags::app::history {

double physical_limit_s(int requests, int concurrency, double delay_s) {
  if (requests <= 0 || concurrency <= 0 || delay_s <= 0) return 0;
  int rounds = (requests + concurrency - 1) / concurrency;
  return rounds * delay_s;
}

}  // namespace coflags::app::history
