#include "app/history/sweep.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include "app/history/physical_limit.hpp"
#include "async/errors.hpp"
#include "async/sleep.hpp"
#include "fake_server.hpp"
#include "flags/downloader.hpp"
#include "runtime_fixture.hpp"

namespace coflags::app::history {
namespace {

using namespace std::chrono_literals;
using flags::testing::kBase;

TEST(SweepList, ParsesCommasAndSpaces) {
  EXPECT_EQ(parse_concurrency_list("1,2, 5 10"), (std::vector<int>{1, 2, 5, 10}));
  EXPECT_EQ(parse_concurrency_list(kDefaultSweep), (std::vector<int>{1, 2, 5, 10, 20, 50, 100, 200}));
}

TEST(SweepList, BadItemsAreNamed) {
  auto message = [](const std::string& text) {
    try {
      parse_concurrency_list(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("1,x,3").find("\"x\""), std::string::npos);
  EXPECT_NE(message("1,0").find("\"0\""), std::string::npos);
  EXPECT_NE(message("-2").find("\"-2\""), std::string::npos);
  EXPECT_NE(message(" , ").find("no concurrency"), std::string::npos);
}

TEST(SweepSteps, StopAtTheNumberOfCodes) {
  std::vector<int> d = parse_concurrency_list(kDefaultSweep);
  EXPECT_EQ(sweep_steps(d, 20), (std::vector<int>{1, 2, 5, 10, 20}));
  EXPECT_EQ(sweep_steps(d, 30), (std::vector<int>{1, 2, 5, 10, 20, 30}));
  EXPECT_EQ(sweep_steps(d, 1000), d);
  EXPECT_EQ(sweep_steps({10, 2, 2, 1}, 5), (std::vector<int>{1, 2, 5}));
  EXPECT_TRUE(sweep_steps(d, 0).empty());
}

// Each step a fresh Downloader on FakeTransport, every flag 100 ms away on the virtual clock.
class DownloaderTarget final : public SweepTarget {
 public:
  DownloaderTarget(net::FakeTransport& fake, std::vector<std::string> codes) : fake_(fake), codes_(std::move(codes)) {}
  async::Task<flags::Summary> run_at(int concurrency) override {
    started.push_back(concurrency);
    flags::Downloader* d =
        downloaders_
            .emplace_back(std::make_unique<flags::Downloader>(
                flags::DownloadOptions{.base_url = kBase, .codes = codes_, .concurrency = concurrency}, nullptr,
                nullptr, &fake_))
            .get();
    co_return co_await d->run();
  }
  std::vector<int> started;

 private:
  net::FakeTransport& fake_;
  std::vector<std::string> codes_;
  std::vector<std::unique_ptr<flags::Downloader>> downloaders_;
};

class SweepTest : public async::testing::RuntimeTest {
 protected:
  SweepTest() {
    for (int i = 0; i < 20; ++i) {
      std::string code = {static_cast<char>('A' + i / 26), static_cast<char>('A' + i % 26)};
      flags::testing::serve_flag(fake_, code, 100ms);
      codes_.push_back(code);
    }
  }
  net::FakeTransport fake_;
  std::vector<std::string> codes_;
};

TEST_F(SweepTest, EachStepMeetsThePhysicalLimitOnAnIdealServer) {
  DownloaderTarget target(fake_, codes_);
  std::vector<int> seen;
  auto steps = run(run_sweep(sweep_steps(parse_concurrency_list(kDefaultSweep), 20), target,
                             [&](const SweepStep& s) { seen.push_back(s.concurrency); }));
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 5, 10, 20}));
  ASSERT_EQ(steps.size(), 5u);
  for (const SweepStep& s : steps) {
    EXPECT_EQ(s.summary.counts.ok, 20u) << "at " << s.concurrency;
    EXPECT_NEAR(s.summary.elapsed.count(), physical_limit_s(20, s.concurrency, 0.1), 1e-6) << "at " << s.concurrency;
    EXPECT_EQ(s.summary.peak_in_flight, s.concurrency);
  }
  // One after another: the sweep took the sum of its steps.
  EXPECT_NEAR(std::chrono::duration<double>(elapsed()).count(), 2.0 + 1.0 + 0.4 + 0.2 + 0.1, 1e-6);
}

TEST_F(SweepTest, CancellingStopsTheStepInFlightAndStartsNoOther) {
  DownloaderTarget target(fake_, codes_);
  std::vector<int> seen;
  async::Future<std::vector<SweepStep>> sweep =
      async::spawn(run_sweep({1, 2, 5}, target, [&](const SweepStep& s) { seen.push_back(s.concurrency); }));
  auto cancel_later = [](async::Future<std::vector<SweepStep>>& f) -> async::Task<void> {
    co_await async::sleep(2550ms);  // step 1 took 2 s; step 2 has two requests in flight
    f.cancel();
  };
  run(cancel_later(sweep));
  EXPECT_THROW(async::run_until_complete(loop_, std::move(sweep)), async::CancelledError);
  EXPECT_EQ(seen, std::vector<int>{1});
  EXPECT_EQ(target.started, (std::vector<int>{1, 2}));
  EXPECT_EQ(fake_.in_flight(), 0u);
  EXPECT_FALSE(fake_.aborted().empty());
}

}  // namespace
}  // namespace coflags::app::history
