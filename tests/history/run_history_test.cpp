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

TEST(PhysicalLimit, TheServersDelayIsTheShortestAnyRunOnItSaw) {
  auto run = [](std::string server, double delay_s) {
    RunRecord r;
    r.server = std::move(server);
    r.concurrency = 1;
    r.delay_s = delay_s;
    return r;
  };
  // A run at 200 on a busy machine saw 0.73 s at best; the one at 1 saw the real 0.1 s.
  const std::vector<RunRecord> runs = {run("DELAY", 0.101), run("DELAY", 0.73), run("DELAY", 0), run("LOCAL", 0.002)};
  EXPECT_DOUBLE_EQ(server_delay_s(runs, "DELAY"), 0.101);
  EXPECT_DOUBLE_EQ(server_delay_s(runs, "LOCAL"), 0.002);
  EXPECT_EQ(server_delay_s(runs, "ERROR"), 0);
  EXPECT_EQ(server_delay_s({}, "DELAY"), 0);
}

}  // namespace
}  // namespace coflags::app::history
