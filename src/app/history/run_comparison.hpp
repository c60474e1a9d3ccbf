// Two runs of the history, chosen in its table, to be drawn one above the
// other on one time axis: the earlier run on top, and an axis as long as the
// longer of the two, so a run at concurrency 1 and one at 20 show their
// difference as lengths. Platform-free: unit-tested natively.
#pragma once

#include <optional>

#include "app/history/run_history.hpp"

namespace coflags::app::history {

struct RunComparison {
  const RunRecord* upper = nullptr;  // the earlier run (lower id)
  const RunRecord* lower = nullptr;
  double axis_s = 0;  // both timelines span [0, axis_s]
};

// The run's own length: its elapsed time, or a request that ended after it.
double run_span_s(const RunRecord& run);

// The two selected runs, or nothing while fewer than two are selected.
std::optional<RunComparison> compare_selected(const RunHistory& history);

}  // namespace coflags::app::history
