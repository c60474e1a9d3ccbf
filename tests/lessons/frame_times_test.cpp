#include "app/lessons/frame_times.hpp"

#include <gtest/gtest.h>

namespace coflags::app::lessons {
namespace {

TEST(FrameTimes, ABlockedLoopShowsAsOneLongInterval) {
  FrameTimes t(5000);
  double at = 0;
  for (int i = 0; i < 10; ++i) t.add(at += 16, 2, 0.1f * i);
  t.add(at += 3000, 2, 1.0f);
  t.add(at += 16, 2, 1.1f);
  EXPECT_DOUBLE_EQ(t.max_interval_ms(), 3000);
  EXPECT_EQ(t.intervals_over(kLongTaskMs), 1u);
}

TEST(FrameTimes, KeepsOnlyTheLastFewSeconds) {
  FrameTimes t(1000);
  for (int i = 0; i <= 200; ++i) t.add(i * 10.0, 1, 0);
  EXPECT_EQ(t.samples().front().at_ms, 1000);
  EXPECT_EQ(t.samples().back().at_ms, 2000);
  EXPECT_EQ(t.samples().size(), 101u);
  EXPECT_DOUBLE_EQ(t.samples().front().interval_ms, 10);
}

TEST(FrameTimes, CountsTheLongGapsOverlappingARunLongAfterTheStripForgetsThem) {
  FrameTimes t(1000);
  double at = 0;
  t.add(at += 16, 1, 0);
  t.add(at += 3000, 1, 0);  // blocked from 16 to 3016
  t.add(at += 16, 1, 0);
  t.add(at += 60, 1, 0);  // a short long task, 3032 to 3092
  t.add(at += 50, 1, 0);  // exactly 50 ms is not over the threshold
  for (int i = 0; i < 1000; ++i) t.add(at += 16, 1, 0);
  EXPECT_EQ(t.intervals_over(kLongTaskMs), 0u) << "the strip has forgotten them";
  EXPECT_EQ(t.long_gaps_between(0, at), 2);
  EXPECT_EQ(t.long_gaps_between(1000, 1200), 1) << "a run that started and ended inside the block";
  EXPECT_EQ(t.long_gaps_between(3016, 3032), 0) << "a run between the two";
  EXPECT_EQ(t.long_gaps_between(3050, at), 1);
  EXPECT_EQ(t.long_gaps_between(3092, at), 0);
}

}  // namespace
}  // namespace coflags::app::lessons
