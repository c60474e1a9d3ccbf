#include "app/history/run_comparison.hpp"

#include <gtest/gtest.h>

namespace coflags::app::history {
namespace {

RunRecord run_at(int concurrency, double elapsed_s, std::vector<RequestSpan> spans = {}) {
  RunRecord r;
  r.server = "DELAY";
  r.transport = "h1";
  r.code_count = static_cast<int>(spans.size());
  r.concurrency = concurrency;
  r.elapsed_s = elapsed_s;
  r.spans = std::move(spans);
  return r;
}

TEST(RunComparison, NeedsTwoSelectedRuns) {
  RunHistory h;
  const auto a = h.add(run_at(1, 2.0));
  h.add(run_at(20, 0.2));
  EXPECT_FALSE(compare_selected(h));
  h.toggle_selected(a);
  EXPECT_FALSE(compare_selected(h));
}

TEST(RunComparison, TheEarlierRunIsOnTopAndTheAxisIsTheLongerRun) {
  RunHistory h;
  const auto slow = h.add(run_at(1, 2.0, {{0, 0.5, 0}, {0.5, 1.0, 0}, {1.0, 1.5, 0}, {1.5, 2.0, 0}}));
  h.add(run_at(5, 1.0));
  const auto fast = h.add(run_at(20, 0.5, {{0, 0.5, 0}, {0, 0.5, 0}, {0, 0.5, 0}, {0, 0.5, 0}}));
  h.toggle_selected(fast);  // chosen in either order
  h.toggle_selected(slow);
  auto c = compare_selected(h);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->upper->id, slow);
  EXPECT_EQ(c->lower->id, fast);
  EXPECT_DOUBLE_EQ(c->axis_s, 2.0);
}

TEST(RunComparison, ARequestEndingAfterTheRunsElapsedTimeStretchesTheAxis) {
  RunHistory h;
  const auto a = h.add(run_at(2, 1.0, {{0.1, 1.25, 0}}));
  const auto b = h.add(run_at(4, 0.8));
  h.toggle_selected(a);
  h.toggle_selected(b);
  EXPECT_DOUBLE_EQ(run_span_s(*h.find(a)), 1.25);
  EXPECT_DOUBLE_EQ(compare_selected(h)->axis_s, 1.25);
}

TEST(RunComparison, TwoEmptyRunsStillHaveAnAxis) {
  RunHistory h;
  const auto a = h.add(run_at(1, 0));
  const auto b = h.add(run_at(1, 0));
  h.toggle_selected(a);
  h.toggle_selected(b);
  EXPECT_GT(compare_selected(h)->axis_s, 0);
}

}  // namespace
}  // namespace coflags::app::history
