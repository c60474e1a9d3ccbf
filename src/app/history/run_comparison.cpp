#include "app/history/run_comparison.hpp"

#include <algorithm>

namespace coflags::app::history {

double run_span_s(const RunRecord& run) {
  double span = run.elapsed_s;
  for (const RequestSpan& s : run.spans) span = std::max(span, s.finished_s);
  return span;
}

std::optional<RunComparison> compare_selected(const RunHistory& history) {
  if (history.selected().size() != 2) return std::nullopt;
  const RunRecord* a = history.find(history.selected()[0]);
  const RunRecord* b = history.find(history.selected()[1]);
  if (a == nullptr || b == nullptr) return std::nullopt;
  if (b->id < a->id) std::swap(a, b);
  // A floor keeps two empty runs (cancelled before any request) drawable.
  return RunComparison{a, b, std::max({run_span_s(*a), run_span_s(*b), 0.001})};
}

}  // namespace coflags::app::history
