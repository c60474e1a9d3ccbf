#include "app/storage/main_thread_cost.hpp"

#include <gtest/gtest.h>

namespace coflags::app {
namespace {

TEST(MainThreadCost, TheMedianFlagIgnoresTheFewCallsABusyMachineStretched) {
  MainThreadCost cost;
  EXPECT_EQ(cost.median_flag_ms(), 0);
  for (int i = 0; i < 100; ++i) cost.add_flag(0.15);
  cost.add_flag(30);  // preempted once
  cost.add_flag(12);  // a garbage collection
  EXPECT_NEAR(cost.total_ms(), 100 * 0.15 + 42, 1e-9);
  EXPECT_DOUBLE_EQ(cost.median_flag_ms(), 0.15);
}

TEST(MainThreadCost, SharedWorkCountsInTheTotalOnly) {
  MainThreadCost cost;
  cost.add_flag(0.02);
  cost.add_flag(0.04);
  cost.add_shared(1.0);  // one postMessage for both
  EXPECT_DOUBLE_EQ(cost.total_ms(), 1.06);
  EXPECT_DOUBLE_EQ(cost.median_flag_ms(), 0.03) << "an even count: the mean of the middle two";
}

TEST(MainThreadCost, TheMedianIsOfTheLastFlagsKept) {
  MainThreadCost cost;
  for (std::size_t i = 0; i < MainThreadCost::kKept; ++i) cost.add_flag(5);
  for (std::size_t i = 0; i < MainThreadCost::kKept / 2 + 1; ++i) cost.add_flag(1);
  EXPECT_DOUBLE_EQ(cost.median_flag_ms(), 1);
}

}  // namespace
}  // namespace coflags::app
