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
  auto frame = [&](double after_ms) {
    at += after_ms;
    t.animation_frame(at);
    t.add(at, 1, 0);
  };
  frame(16);
  frame(3000);  // blocked from 16 to 3016
  frame(16);
  frame(60);  // a short long task, 3032 to 3092
  frame(50);  // exactly 50 ms is not over the threshold
  for (int i = 0; i < 1000; ++i) frame(16);
  EXPECT_EQ(t.intervals_over(kLongTaskMs), 0u) << "the strip has forgotten them";
  EXPECT_EQ(t.long_gaps_between(0, at), 2);
  EXPECT_EQ(t.long_gaps_between(1000, 1200), 1) << "a run that started and ended inside the block";
  EXPECT_EQ(t.long_gaps_between(3016, 3032), 0) << "a run between the two";
  EXPECT_EQ(t.long_gaps_between(3050, at), 1);
  EXPECT_EQ(t.long_gaps_between(3092, at), 0);
}

TEST(FrameTimes, FramesThePacerSkipsAreNoLongTask) {
  FrameTimes t(5000);
  for (int i = 0; i < 100; ++i) {
    t.animation_frame(i * 16.7);
    if (i % 4 == 0) t.add(i * 16.7, 1, 0);  // 15 fps drawn: ~67 ms between drawn frames
  }
  EXPECT_GT(t.intervals_over(kLongTaskMs), 20u);
  EXPECT_EQ(t.long_gaps_between(0, 2000), 0);
}

TEST(FrameTimes, EachFrameKeepsTheSavingTimeSinceThePreviousOne) {
  FrameTimes t(5000);
  t.add(0, 1, 0, 0);
  t.add(16, 1, 0, 4.5);   // 4.5 ms of saving between the two frames
  t.add(32, 1, 0, 4.5);   // none since
  t.add(48, 1, 0, 12.0);  // 7.5 more
  ASSERT_EQ(t.samples().size(), 4u);
  EXPECT_DOUBLE_EQ(t.samples()[1].save_ms, 4.5);
  EXPECT_DOUBLE_EQ(t.samples()[2].save_ms, 0);
  EXPECT_DOUBLE_EQ(t.samples()[3].save_ms, 7.5);
}

}  // namespace
}  // namespace coflags::app::lessons
