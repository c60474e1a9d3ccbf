#include <gtest/gtest.h>

#include "async/sleep.hpp"
#include "fake_server.hpp"
#include "flags/country_codes.hpp"
#include "flags/downloader.hpp"
#include "recorders.hpp"
#include "runtime_fixture.hpp"

namespace coflags::flags {
namespace {

using namespace std::chrono_literals;
using namespace testing;
using async::Task;

// MemorySaver suspends 1 ms per file, after the permit is released: the last file adds it to the run.
constexpr auto kSave = 1ms;

class DownloaderTest : public async::testing::RuntimeTest {
 protected:
  void TearDown() override {
    for (const auto& e : errors_) ADD_FAILURE() << "loop reported: " << e;  // lost exceptions, miscounts
    RuntimeTest::TearDown();
  }
  DownloadOptions options(std::vector<std::string> codes, int concurrency) {
    return {.base_url = kBase, .codes = std::move(codes), .concurrency = concurrency};
  }
  net::FakeTransport fake_;
  MemorySaver saver_;
  RecordingObserver observer_;
};

TEST_F(DownloaderTest, CountsAddUpAndOnlyRealFlagsAreSaved) {
  auto codes = expand_country_codes({}, {.every = true, .limit = 60});
  for (const char* cc : {"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AT", "AU", "AZ", "BA", "BB"}) {
    serve_flag(fake_, cc, 10ms);
  }
  fake_.route_text(flag_url(kBase, "BB"), 500, "oops");
  Downloader d(options(codes, 10), &saver_, &observer_, &fake_);
  Summary s = run(d.run());
  EXPECT_EQ(s.total, 60u);
  EXPECT_EQ(s.counts, (Counts{13, 46, 1, 0}));
  EXPECT_EQ(s.counts.finished(), s.total);
  EXPECT_FALSE(s.cancelled);
  EXPECT_EQ(saver_.files.size(), 13u);
  EXPECT_EQ(observer_.flags.size(), 60u);
  EXPECT_EQ(observer_.finished_calls, 1);
  EXPECT_EQ(observer_.counts.back(), s.counts);
  EXPECT_EQ(d.in_flight(), 0);
}

TEST_F(DownloaderTest, ResultsComeInCompletionOrder) {
  serve_flag(fake_, "AA", 300ms);
  serve_flag(fake_, "BB", 100ms);
  serve_flag(fake_, "CC", 200ms);
  Downloader d(options({"CC", "AA", "BB"}, 3), &saver_, &observer_, &fake_);
  run(d.run());
  ASSERT_EQ(observer_.flags.size(), 3u);
  EXPECT_EQ(observer_.flags[0].code, "BB");
  EXPECT_EQ(observer_.flags[1].code, "CC");
  EXPECT_EQ(observer_.flags[2].code, "AA");
  EXPECT_EQ(elapsed(), async::Duration(300ms + kSave));
}

TEST_F(DownloaderTest, ConcurrencyBoundsRequestsInFlightAndIsReached) {
  auto codes = expand_country_codes({"a", "b"}, {});
  for (const auto& cc : codes) serve_flag(fake_, cc, 1s);
  Downloader d(options(codes, 5), &saver_, &observer_, &fake_);
  Summary s = run(d.run());
  EXPECT_EQ(fake_.peak_in_flight(), 5u);
  EXPECT_EQ(s.peak_in_flight, 5);
  // 52 requests, 5 at a time, 1 s each: ceil(52/5) = 11 s, the physical limit.
  EXPECT_EQ(elapsed(), async::Duration(11s + kSave));
}

TEST_F(DownloaderTest, MetadataRequestsTakeTheirOwnPermits) {
  auto codes = expand_country_codes({"a"}, {});
  for (const auto& cc : codes) serve_flag(fake_, cc, 1s);
  auto o = options(codes, 13);
  o.metadata = true;
  Downloader d(o, &saver_, &observer_, &fake_);
  Summary s = run(d.run());
  EXPECT_EQ(s.counts.ok, 26u);
  EXPECT_EQ(fake_.requested().size(), 52u);
  EXPECT_EQ(fake_.peak_in_flight(), 13u);
  EXPECT_EQ(elapsed(), async::Duration(4s + kSave));  // ceil(52/13) x 1 s
  EXPECT_TRUE(saver_.files.count("Country_AB-AB.gif"));
}

TEST_F(DownloaderTest, LoweringConcurrencyMidRunAppliesToRequestsNotYetStarted) {
  auto codes = expand_country_codes({"a"}, {});
  for (const auto& cc : codes) serve_flag(fake_, cc, 1s);
  Downloader d(options(codes, 10), &saver_, &observer_, &fake_);
  auto main = [&]() -> Task<Summary> {
    auto running = async::spawn(d.run());
    co_await async::sleep(500ms);
    EXPECT_EQ(d.in_flight(), 10);
    d.set_concurrency(2);
    co_await async::sleep(1s);  // the first 10 finished; only 2 may start
    EXPECT_EQ(d.in_flight(), 2);
    EXPECT_EQ(d.concurrency(), 2);
    co_return co_await running;
  };
  Summary s = run(main());
  EXPECT_EQ(s.counts.ok, 26u);
  EXPECT_EQ(elapsed(), async::Duration(9s + kSave));  // 1 s for 10, then 16 at 2 at a time
}

TEST_F(DownloaderTest, RaisingConcurrencyMidRunStartsQueuedRequestsAtOnce) {
  auto codes = expand_country_codes({"a"}, {});
  for (const auto& cc : codes) serve_flag(fake_, cc, 1s);
  Downloader d(options(codes, 2), &saver_, &observer_, &fake_);
  auto main = [&]() -> Task<Summary> {
    auto running = async::spawn(d.run());
    co_await async::sleep(500ms);
    EXPECT_EQ(d.in_flight(), 2);
    d.set_concurrency(26);
    co_await async::sleep(100ms);
    EXPECT_EQ(d.in_flight(), 26);
    co_return co_await running;
  };
  Summary s = run(main());
  EXPECT_EQ(s.counts.ok, 26u);
  EXPECT_EQ(s.peak_in_flight, 26);
  EXPECT_EQ(elapsed(), async::Duration(1500ms + kSave));  // the first 2 at 1 s, the other 24 at 1.5 s
}

TEST_F(DownloaderTest, CancellingTheRunAbortsEverythingAndCountsEachCodeOnce) {
  auto codes = expand_country_codes({"a"}, {});
  for (std::size_t i = 0; i < codes.size(); ++i) serve_flag(fake_, codes[i], i < 3 ? 100ms : 10s);
  Downloader d(options(codes, 8), &saver_, &observer_, &fake_);
  auto main = [&]() -> Task<int> {
    auto running = async::spawn(d.run());
    co_await async::sleep(1s);
    EXPECT_EQ(d.in_flight(), 8);
    running.cancel();
    try {
      co_await running;
    } catch (const async::CancelledError&) {
      co_return 1;
    }
    co_return 0;
  };
  EXPECT_EQ(run(main()), 1);
  EXPECT_EQ(observer_.finished_calls, 1);
  const Summary& s = observer_.summary;
  EXPECT_TRUE(s.cancelled);
  EXPECT_EQ(s.counts, (Counts{3, 0, 0, 23}));
  EXPECT_EQ(s.counts.finished(), 26u);
  EXPECT_EQ(observer_.flags.size(), 26u);
  EXPECT_EQ(fake_.in_flight(), 0u);
  EXPECT_EQ(fake_.aborted().size(), 8u);  // the ones in flight; the queued ones never started
  EXPECT_EQ(d.in_flight(), 0);
  EXPECT_EQ(elapsed(), async::Duration(1s));
  for (const auto& f : observer_.flags) EXPECT_FALSE(f.code.empty());
}

TEST_F(DownloaderTest, RequestEventsCarryTimestampsForTheTimeline) {
  serve_flag(fake_, "AA", 1s);
  serve_flag(fake_, "BB", 1s);
  Downloader d(options({"AA", "BB"}, 1), nullptr, &observer_, &fake_);
  run(d.run());
  auto done = observer_.finished_requests();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_DOUBLE_EQ(done[1].queued_at.count(), 0.0);
  EXPECT_DOUBLE_EQ(done[1].started_at.count(), 1.0);  // waited for the single permit
  EXPECT_DOUBLE_EQ(done[1].finished_at.count(), 2.0);
  EXPECT_NE(done[0].id, done[1].id);
}

TEST_F(DownloaderTest, TimeoutCountsAsErrorWithTheCause) {
  fake_.route(flag_url(kBase, "AA"), {.hang = true});
  serve_flag(fake_, "BB");
  auto o = options({"AA", "BB"}, 2);
  o.timeout = 2s;
  Downloader d(o, &saver_, &observer_, &fake_);
  Summary s = run(d.run());
  EXPECT_EQ(s.counts, (Counts{1, 0, 1, 0}));
  const FlagResult& failed = observer_.flags.back();
  EXPECT_EQ(failed.code, "AA");
  EXPECT_NE(failed.error.find("AA error: timed out after 2 s"), std::string::npos) << failed.error;
}

TEST_F(DownloaderTest, RejectsBadOptions) {
  EXPECT_THROW(Downloader(options({"AA"}, 0)), std::invalid_argument);
  EXPECT_THROW(Downloader(options({"AA"}, kMaxConcurrency + 1)), std::invalid_argument);
  EXPECT_THROW(Downloader({.base_url = "", .codes = {"AA"}}), std::invalid_argument);
}

TEST_F(DownloaderTest, EmptyRunFinishesAtOnce) {
  Downloader d(options({}, 3), &saver_, &observer_, &fake_);
  Summary s = run(d.run());
  EXPECT_EQ(s.total, 0u);
  EXPECT_EQ(observer_.finished_calls, 1);
}

// Mirrors (sharding over origins): codes in sorted order go round-robin, and
// a code's metadata comes from the same origin as its flag.
TEST_F(DownloaderTest, MirrorsTakeCodesRoundRobinWithMetadataFromTheSameOrigin) {
  const std::vector<std::string> mirrors = {"http://s0.test/flags", "http://s1.test/flags/"};
  const std::vector<std::pair<std::string, std::size_t>> expected = {{"AD", 0}, {"AE", 1}, {"AF", 0}, {"AG", 1}};
  for (const auto& [cc, m] : expected) {
    net::Bytes gif = gif_bytes(cc);
    fake_.route(flag_url(mirrors[m], cc), {.body = gif});
    fake_.route_text(metadata_url(mirrors[m], cc), 200, R"({"iso_cc": ")" + cc + R"(", "country": "C)" + cc + R"("})");
  }
  DownloadOptions o{.base_url = kBase, .codes = {"AG", "AF", "AE", "AD"}, .concurrency = 4, .metadata = true};
  o.mirrors = mirrors;
  Downloader d(std::move(o), &saver_, &observer_, &fake_);
  Summary s = run(d.run());
  EXPECT_EQ(s.counts, (Counts{4, 0, 0, 0}));  // anything sent elsewhere would be a 404
}

TEST_F(DownloaderTest, RejectsAnEmptyMirror) {
  DownloadOptions o = options({"AD"}, 1);
  o.mirrors = {"http://s0.test/flags", ""};
  EXPECT_THROW(Downloader(std::move(o)), std::invalid_argument);
}

}  // namespace
}  // namespace coflags::flags
