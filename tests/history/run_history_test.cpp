#include "app/history/run_history.hpp"

#include <gtest/gtest.h>

#include "app/history/physical_limit.hpp"

namespace coflags::app::history {
namespace {

RunRecord run_at(int concurrency) {
  RunRecord r;
  r.server = "DELAY";
  r.transport = "h1";
  r.code_count = 20;
  r.concurrency = concurrency;
  r.elapsed_s = 2.0 / concurrency;
  r.ok = 20;
  return r;
}

TEST(RunHistory, StoredRunsComeBackAfterAReloadAndNewIdsContinue) {
  MemoryHistoryStore store;
  {
    RunHistory page(&store);
    EXPECT_EQ(page.add(run_at(1)), 1);
    EXPECT_EQ(page.add(run_at(5)), 2);
  }
  RunHistory reloaded(&store);
  reloaded.restore(store.records());
  ASSERT_EQ(reloaded.records().size(), 2u);
  EXPECT_EQ(reloaded.records()[1].concurrency, 5);
  EXPECT_EQ(reloaded.add(run_at(20)), 3);
  EXPECT_EQ(store.records().size(), 3u);
}

TEST(RunHistory, ClearEmptiesTheStoreToo) {
  MemoryHistoryStore store;
  RunHistory h(&store);
  h.add(run_at(1));
  h.toggle_selected(1);
  h.clear();
  EXPECT_TRUE(h.records().empty());
  EXPECT_TRUE(h.selected().empty());
  EXPECT_TRUE(store.records().empty());
}

TEST(RunHistory, AtMostTwoRunsAreSelectedAndAThirdDropsTheOldest) {
  RunHistory h;
  for (int c : {1, 2, 5}) h.add(run_at(c));
  h.toggle_selected(1);
  h.toggle_selected(2);
  h.toggle_selected(3);
  EXPECT_EQ(h.selected(), (std::vector<std::int64_t>{2, 3}));
  h.toggle_selected(2);
  EXPECT_EQ(h.selected(), (std::vector<std::int64_t>{3}));
  h.toggle_selected(99);  // no such run
  EXPECT_EQ(h.selected(), (std::vector<std::int64_t>{3}));
  EXPECT_TRUE(h.is_selected(3));
}

TEST(PhysicalLimit, IsRoundsOfRequestsTimesTheDelay) {
  EXPECT_DOUBLE_EQ(physical_limit_s(20, 1, 0.5), 10.0);
  EXPECT_DOUBLE_EQ(physical_limit_s(20, 3, 0.5), 3.5);  // ceil(20 / 3) = 7 rounds
  EXPECT_DOUBLE_EQ(physical_limit_s(20, 20, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(physical_limit_s(20, 200, 0.5), 0.5);
  EXPECT_EQ(physical_limit_s(20, 0, 0.5), 0);
  EXPECT_EQ(physical_limit_s(20, 5, 0), 0);
}

}  // namespace
}  // namespace coflags::app::history
