#include "app/history/log_scale.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace coflags::app::history {
namespace {

TEST(LogScale, EqualRatiosGetEqualDistances) {
  LogScale s(1, 100, 0, 200);
  EXPECT_FLOAT_EQ(s.to_px(1), 0);
  EXPECT_FLOAT_EQ(s.to_px(10), 100);
  EXPECT_FLOAT_EQ(s.to_px(100), 200);
  EXPECT_FLOAT_EQ(s.to_px(1000), 300);  // extrapolates
  EXPECT_FLOAT_EQ(s.to_px(0), 0);
  EXPECT_NEAR(s.to_px(2) - s.to_px(1), s.to_px(20) - s.to_px(10), 1e-4);
}

TEST(LogScale, AnInvertedPixelRangeServesAYAxis) {
  LogScale y(0.1, 10, 300, 100);
  EXPECT_FLOAT_EQ(y.to_px(0.1), 300);
  EXPECT_FLOAT_EQ(y.to_px(1), 200);
  EXPECT_FLOAT_EQ(y.to_px(10), 100);
}

TEST(LogScale, TicksAreOneTwoFiveInsideTheDomain) {
  EXPECT_EQ(LogScale(1, 200, 0, 1).ticks(), (std::vector<double>{1, 2, 5, 10, 20, 50, 100, 200}));
  auto t = LogScale(0.3, 3, 0, 1).ticks();
  ASSERT_EQ(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t[0], 0.5);
  EXPECT_DOUBLE_EQ(t[1], 1);
  EXPECT_DOUBLE_EQ(t[2], 2);
}

TEST(LogScale, FitRoundsOutToOneTwoFive) {
  LogScale s = fit_log_scale({0.12, 0.0, 3.7, -1}, 0, 1);
  EXPECT_DOUBLE_EQ(s.lo(), 0.1);
  EXPECT_DOUBLE_EQ(s.hi(), 5);
  LogScale one = fit_log_scale({2}, 0, 1);
  EXPECT_DOUBLE_EQ(one.lo(), 2);
  EXPECT_DOUBLE_EQ(one.hi(), 5);
  LogScale none = fit_log_scale({}, 0, 1);
  EXPECT_DOUBLE_EQ(none.lo(), 1);
  EXPECT_DOUBLE_EQ(none.hi(), 10);
}

TEST(LogScale, RejectsAnEmptyOrNonPositiveDomain) {
  EXPECT_THROW(LogScale(0, 10, 0, 1), std::invalid_argument);
  EXPECT_THROW(LogScale(5, 5, 0, 1), std::invalid_argument);
}

}  // namespace
}  // namespace coflags::app::history
