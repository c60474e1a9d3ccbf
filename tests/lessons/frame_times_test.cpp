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

}  // namespace
}  // namespace coflags::app::lessons
