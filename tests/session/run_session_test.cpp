// The run session from start to summary: what the page's model shows for
// each run, on a FakeTransport and a virtual clock.
#include <gtest/gtest.h>

#include "session_fixture.hpp"

namespace coflags::session::testing {
namespace {

using flags::testing::kBase;
using flags::testing::serve_flag;

session::RunSettings settings(std::string countries, int concurrency = 5) {
  session::RunSettings s;
  s.countries = std::move(countries);
  s.concurrency = concurrency;
  return s;
}

TEST_F(SessionTest, BadInputStartsNothingAndSaysWhy) {
  EXPECT_FALSE(session().start(settings("BR", 0)));
  EXPECT_EQ(model_.input_error, "concurrency must be from 1 to 1000");
  EXPECT_FALSE(session().start(settings("BR1")));
  EXPECT_NE(model_.input_error.find("BR1"), std::string::npos) << model_.input_error;
  session::RunSettings custom = settings("BR");
  custom.server = session::ServerChoice::custom;
  custom.custom_url = "ftp://flags.test";
  EXPECT_FALSE(session().start(custom));
  EXPECT_EQ(model_.input_error, "the server URL must start with http:// or https://");
  session::RunSettings delay = settings("BR");
  delay.server = session::ServerChoice::delay;  // its port is unknown without /_stats or the query
  EXPECT_FALSE(session().start(delay));
  EXPECT_NE(model_.input_error.find("DELAY port of this server is unknown"), std::string::npos);
  EXPECT_EQ(model_.phase, session::RunPhase::idle);
  EXPECT_TRUE(fake_.requested().empty());
  EXPECT_EQ(logged_count("cannot start: "), 4);
  EXPECT_EQ(finished_, 0);
}

TEST_F(SessionTest, DownloaderEventsBecomeTheModel) {
  serve_flag(fake_, "BR", 100ms);
  serve_flag(fake_, "CN", 200ms);
  ASSERT_TRUE(session().start(settings("BR CN XX")));
  EXPECT_EQ(model_.phase, session::RunPhase::starting);
  EXPECT_EQ(model_.run_number, 1);
  EXPECT_EQ(model_.base_url, kBase);
  EXPECT_EQ(model_.transport, "HTTP/1.1");
  run_for(150ms);
  EXPECT_EQ(model_.phase, session::RunPhase::running);
  EXPECT_EQ(model_.total, 3);
  EXPECT_EQ(model_.counts.ok, 1);  // BR, 100 ms
  EXPECT_EQ(model_.in_flight, 1);  // CN still in flight
  run_until_finished();
  EXPECT_EQ(model_.phase, session::RunPhase::finished);
  EXPECT_EQ(model_.counts.ok, 2);
  EXPECT_EQ(model_.counts.not_found, 1);
  EXPECT_EQ(model_.counts.done(), 3);
  EXPECT_EQ(model_.in_flight, 0);
  EXPECT_EQ(model_.peak_in_flight, 3);
  ASSERT_EQ(model_.requests.size(), 3u);
  for (const session::RequestRecord& r : model_.requests) {
    EXPECT_TRUE(r.finished()) << r.code;
    EXPECT_GE(r.started_s, r.queued_s) << r.code;
  }
  EXPECT_EQ(images_, (std::vector<std::string>{"BR", "CN"}));
  EXPECT_EQ(saver_.files.size(), 2u);
  EXPECT_EQ(finished_, 1);
  EXPECT_NEAR(model_.elapsed_s(0), 0.2, 0.05);
  EXPECT_TRUE(logged("3 flags in"));
}

TEST_F(SessionTest, CancelAbortsWhatIsInFlightAndCountsTheRest) {
  for (const char* cc : {"AR", "BR", "CN", "DE"}) serve_flag(fake_, cc, 1s);
  ASSERT_TRUE(session().start(settings("AR BR CN DE", 2)));
  run_for(100ms);
  EXPECT_EQ(model_.in_flight, 2);
  session().cancel();
  EXPECT_EQ(model_.phase, session::RunPhase::cancelling);
  run_until_finished();
  EXPECT_EQ(model_.phase, session::RunPhase::finished);
  EXPECT_EQ(model_.counts.cancelled, 4);
  EXPECT_EQ(fake_.aborted().size(), 2u);
  EXPECT_TRUE(logged("run cancelled"));
  EXPECT_EQ(finished_, 1);
  EXPECT_LT(model_.elapsed_s(0), 0.2);
}

TEST_F(SessionTest, SliderChangesTheLimitMidRun) {
  for (const char* cc : {"AR", "BR", "CN", "DE", "EG", "FR"}) serve_flag(fake_, cc, 100ms);
  ASSERT_TRUE(session().start(settings("AR BR CN DE EG FR", 1)));
  run_for(50ms);
  EXPECT_EQ(model_.in_flight, 1);
  session().set_concurrency(4);  // wakes three queued requests at once
  EXPECT_EQ(model_.concurrency, 4);
  run_for(10ms);
  EXPECT_EQ(model_.in_flight, 4);
  session().set_concurrency(5000);  // clamped
  EXPECT_EQ(model_.concurrency, flags::kMaxConcurrency);
  run_until_finished();
  EXPECT_EQ(model_.counts.ok, 6);
  EXPECT_EQ(model_.peak_in_flight, 6);  // the clamped 1000 let the last two start too
}

TEST_F(SessionTest, SliderBeforeTheFirstRunShowsItsConcurrencyAfterARunKeepsTheRuns) {
  session().set_concurrency(0);
  EXPECT_EQ(model_.concurrency, 1);
  session().set_concurrency(3);
  EXPECT_EQ(model_.concurrency, 3);
  EXPECT_EQ(model_.phase, session::RunPhase::idle);
  serve_flag(fake_, "BR");
  session::RunSettings s = settings("BR");
  s.concurrency = 2;
  ASSERT_TRUE(session().start(s));
  run_until_finished();
  session().set_concurrency(9);  // the finished run's header still says 2
  EXPECT_EQ(model_.concurrency, 2);
  s.concurrency = 9;
  ASSERT_TRUE(session().start(s));
  EXPECT_EQ(model_.concurrency, 9);
  run_until_finished();
}

TEST_F(SessionTest, SaveFailuresAreCountedOnceAndTheFlagsAreShownNotKept) {
  serve_flag(fake_, "BR");
  serve_flag(fake_, "CN");
  saver_.fail_on = "br.gif";
  ASSERT_TRUE(session().start(settings("BR CN")));
  run_until_finished();
  EXPECT_EQ(model_.counts.save_failed, 1);
  // Downloaded, so not an error: shown in the gallery, marked not kept, and why is said once.
  EXPECT_EQ(model_.counts.error, 0);
  EXPECT_EQ(model_.counts.ok, 2);
  EXPECT_EQ(images_.size(), 2u);
  EXPECT_EQ(not_kept_, std::vector<std::string>{"BR"});
  EXPECT_EQ(model_.storage_problem,
            "Not kept: saving failed: disk full. The flags are shown but not stored in this browser.");
  EXPECT_EQ(logged_count("Not kept:"), 1);
  // Every save of the next run fails: counted per flag, said once more (once per run).
  saver_.fail_all = true;
  ASSERT_TRUE(session().start(settings("BR CN")));
  run_until_finished();
  EXPECT_EQ(model_.counts.save_failed, 2);
  EXPECT_EQ(model_.counts.ok, 2);
  EXPECT_EQ(logged_count("Not kept:"), 2);
  EXPECT_EQ(model_.run_number, 2);
  // A run whose saves all work starts from zero.
  saver_.fail_all = false;
  saver_.fail_on.clear();
  ASSERT_TRUE(session().start(settings("BR")));
  run_until_finished();
  EXPECT_EQ(model_.counts.save_failed, 0);
  EXPECT_TRUE(model_.storage_problem.empty());
}

TEST_F(SessionTest, SkipSavedLeavesOutWhatIsStored) {
  serve_flag(fake_, "CN");
  saved_ = {"BR"};
  session::RunSettings s = settings("BR CN");
  s.skip_saved = true;
  ASSERT_TRUE(session().start(s));
  run_until_finished();
  EXPECT_EQ(model_.skipped_saved, 1);
  EXPECT_EQ(model_.total, 1);
  EXPECT_EQ(model_.counts.ok, 1);
}

TEST_F(SessionTest, AllReadsTheListFromThePagesHost) {
  fake_.route_text(std::string(kBase) + "/country_codes.txt", 200, "BR CN\n");
  serve_flag(fake_, "BR");
  serve_flag(fake_, "CN");
  ASSERT_TRUE(session().start(settings("all")));
  run_until_finished();
  EXPECT_EQ(model_.total, 2);
  EXPECT_EQ(model_.counts.ok, 2);
  EXPECT_TRUE(logged("fetching http://flags.test/flags/country_codes.txt"));
}

TEST_F(SessionTest, AnUnreachableListFailsTheRunWithTheReason) {
  fake_.route(std::string(kBase) + "/country_codes.txt", {.network_error = true});
  ASSERT_TRUE(session().start(settings("all")));
  run_until_finished();
  EXPECT_EQ(model_.phase, session::RunPhase::finished);
  EXPECT_FALSE(model_.input_error.empty());
  EXPECT_TRUE(logged("run failed: "));
  EXPECT_EQ(finished_, 1);
}

TEST_F(SessionTest, ServerStatsReadingsReachTheGauge) {
  fake_.route_text(std::string(kOrigin) + "/_stats", 200, R"({"listeners": {"LOCAL": {"in_flight": 7}}})");
  serve_flag(fake_, "BR", 1s);
  ASSERT_TRUE(session().start(settings("BR")));
  EXPECT_EQ(model_.stats_listener, "LOCAL");
  run_for(300ms);
  EXPECT_EQ(model_.server_in_flight, 7);
  EXPECT_EQ(model_.server_peak_seen, 7);
  session().on_server_in_flight(9);
  EXPECT_EQ(model_.server_peak_seen, 9);
  run_until_finished();
  EXPECT_EQ(model_.server_in_flight, -1);  // unknown once the run is over
  session().on_server_in_flight(3);        // a late reading changes nothing
  EXPECT_EQ(model_.server_in_flight, -1);
}

}  // namespace
}  // namespace coflags::session::testing
