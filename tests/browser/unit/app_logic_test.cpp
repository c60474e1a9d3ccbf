// The browser app's page-independent logic, under GoogleTest: compiled to
// wasm and run by node (browser.app_logic), and natively under ASan
// (app_logic.*): query-string settings, URL checks, the countries field, saved file
// names, thumbnails, the run summary, transports and frame pacing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "app/gallery/thumbnail.hpp"
#include "app/run/frame_pacer.hpp"
#include "app/settings.hpp"
#include "app/storage/saved_file_name.hpp"
#include "app/ui/wording.hpp"
#include "net/url.hpp"
#include "session/country_args.hpp"
#include "session/country_names.hpp"
#include "session/route_plan.hpp"
#include "session/run_model.hpp"
#include "session/storage_problem.hpp"

namespace {

using namespace coflags::app;
namespace session = coflags::session;

TEST(AppLogic, QuerySettings) {
  ParsedSettings none = parse_query("");
  EXPECT_TRUE(none.problems.empty());
  EXPECT_TRUE(none.settings.server == session::ServerChoice::local);
  EXPECT_TRUE(none.settings.countries == "POP20");
  EXPECT_TRUE(none.settings.concurrency == 5);
  EXPECT_TRUE(!none.settings.autostart);

  ParsedSettings p = parse_query("?server=delay&m=200&cc=all&meta=1&autostart=1&limit=7&skip=1&timeout=2.5");
  EXPECT_TRUE(p.problems.empty());
  EXPECT_TRUE(p.settings.server == session::ServerChoice::delay);
  EXPECT_TRUE(p.settings.concurrency == 200);
  EXPECT_TRUE(p.settings.countries == "all");
  EXPECT_TRUE(p.settings.metadata && p.settings.autostart && p.settings.skip_saved);
  EXPECT_TRUE(p.settings.code_limit == 7);
  EXPECT_TRUE(p.settings.timeout_s == 2.5);

  ParsedSettings decoded = parse_query("cc=B+J%2CAR&server=http%3A%2F%2F10.0.0.1%3A8001%2Fflags");
  EXPECT_TRUE(decoded.settings.countries == "B J,AR");
  EXPECT_TRUE(decoded.settings.server == session::ServerChoice::custom);
  EXPECT_TRUE(decoded.settings.custom_url == "http://10.0.0.1:8001/flags");

  ParsedSettings bad = parse_query("m=0&m=1001&limit=-1&timeout=0&delay_port=70000&what=1&m=x");
  EXPECT_TRUE(bad.problems.size() == 7);
  EXPECT_TRUE(bad.settings.concurrency == 5);  // bad values leave the defaults

  Settings s;
  s.server = session::ServerChoice::custom;
  s.custom_url = "http://h:1/flags";
  s.countries = "B J";
  s.concurrency = 42;
  s.metadata = true;
  ParsedSettings again = parse_query(to_query(s));
  EXPECT_TRUE(again.problems.empty());
  EXPECT_TRUE(again.settings.custom_url == s.custom_url);
  EXPECT_TRUE(again.settings.countries == s.countries);
  EXPECT_TRUE(again.settings.concurrency == 42 && again.settings.metadata);
}

TEST(AppLogic, Transports) {
  EXPECT_TRUE(parse_query("").settings.transport == session::TransportChoice::http2);
  EXPECT_TRUE(parse_query("transport=sharded").settings.transport == session::TransportChoice::sharded);
  EXPECT_TRUE(parse_query("transport=h1").settings.transport == session::TransportChoice::http1);
  EXPECT_TRUE(parse_query("transport=h3").problems.size() == 1);
  Settings s;
  s.transport = session::TransportChoice::http1;
  EXPECT_TRUE(parse_query(to_query(s)).settings.transport == session::TransportChoice::http1);

  EXPECT_TRUE(session::shard_count(1) == 1 && session::shard_count(6) == 1 && session::shard_count(7) == 2 &&
              session::shard_count(20) == 4);
  EXPECT_TRUE(session::shard_count(1000) == session::kMaxShards);
  session::Endpoint e{"DELAY", "http://127.0.0.1:8002", "https://localhost:8445", "http:", 8002, true, 8445, ""};
  session::RoutePlan h2 = session::plan_route(session::TransportChoice::http2, e, 200);
  EXPECT_TRUE(h2.used == session::TransportChoice::http2 && h2.base_urls.size() == 1);
  EXPECT_TRUE(h2.base_urls[0] == "https://localhost:8445/flags" && h2.stats_listener == "DELAY-H2");
  EXPECT_TRUE(session::h2_shard_count(256) == 1 && session::h2_shard_count(257) == 2 &&
              session::h2_shard_count(1000) == 4);
  session::RoutePlan h2_wide =
      session::plan_route(session::TransportChoice::http2, e, 1000);  // over 256: one connection per origin
  EXPECT_TRUE(h2_wide.used == session::TransportChoice::http2 && h2_wide.base_urls.size() == 4 &&
              h2_wide.stats_listener == "DELAY-H2");
  EXPECT_TRUE(h2_wide.base_urls[0] == "https://s0.localhost:8445/flags" &&
              h2_wide.base_urls[3] == "https://s3.localhost:8445/flags");
  EXPECT_TRUE(h2_wide.reason.find("4 origins") != std::string::npos);
  session::RoutePlan sharded = session::plan_route(session::TransportChoice::sharded, e, 20);
  EXPECT_TRUE(sharded.used == session::TransportChoice::sharded && sharded.base_urls.size() == 4);
  EXPECT_TRUE(sharded.base_urls[3] == "http://s3.localhost:8002/flags" && sharded.stats_listener == "DELAY");
  EXPECT_TRUE(session::plan_route(session::TransportChoice::sharded, e, 6).used ==
              session::TransportChoice::http1);  // one origin is enough
  EXPECT_TRUE(session::plan_route(session::TransportChoice::http1, e, 200).base_urls[0] ==
              "http://127.0.0.1:8002/flags");
  e.h2_root.clear();  // no HTTP/2: the default falls back to sharding, and says why
  session::RoutePlan fallback = session::plan_route(session::TransportChoice::http2, e, 100);
  EXPECT_TRUE(fallback.used == session::TransportChoice::sharded && fallback.base_urls.size() == 17);
  EXPECT_TRUE(fallback.reason.find("no HTTP/2") != std::string::npos);
  e.h2_problem = "this browser does not trust the local HTTP/2 certificate";  // offered but refused
  session::RoutePlan untrusted = session::plan_route(session::TransportChoice::http2, e, 200);
  EXPECT_TRUE(untrusted.used == session::TransportChoice::sharded && untrusted.stats_listener == "DELAY");
  EXPECT_TRUE(untrusted.reason.find("HTTP/2 is off: this browser does not trust") != std::string::npos);
  e.h2_problem.clear();
  e.loopback = false;  // s<N>.localhost would not reach a remote host
  EXPECT_TRUE(session::plan_route(session::TransportChoice::sharded, e, 100).used == session::TransportChoice::http1);
  e.h2_root = "https://flags.example:8445";
  EXPECT_TRUE(session::plan_route(session::TransportChoice::http2, e, 1000).base_urls ==
              std::vector<std::string>{"https://flags.example:8445/flags"});
}

TEST(AppLogic, BaseUrls) {
  // A typed base URL the session refuses (it checks with net::parse_http_url).
  auto refused = [](std::string_view url) { return !coflags::net::parse_http_url(url).url; };
  EXPECT_TRUE(!refused("http://127.0.0.1:8001/flags"));
  EXPECT_TRUE(!refused("https://example.org/flags/"));
  EXPECT_TRUE(refused("htp:/nowhere"));
  EXPECT_TRUE(refused(""));
  EXPECT_TRUE(refused("http://"));
  EXPECT_TRUE(refused("http://host:99999/flags"));
  EXPECT_TRUE(refused("http://host:/flags"));
  EXPECT_TRUE(refused("http://user:pw@host/flags"));
  EXPECT_TRUE(refused("http://host/flags?x=1"));
  EXPECT_TRUE(refused("http://ho st/flags"));
  EXPECT_TRUE(refused("http://bad_host!/flags"));
}

TEST(AppLogic, CountryField) {
  session::CountryArgs a = session::parse_country_field("POP20");
  EXPECT_TRUE(a.codes.size() == 20 && !a.all && !a.every);
  session::CountryArgs b = session::parse_country_field(" all, b  JP ");
  EXPECT_TRUE(b.all && !b.every);
  EXPECT_TRUE((b.codes == std::vector<std::string>{"b", "JP"}));
  session::CountryArgs c = session::parse_country_field("every -a");
  EXPECT_TRUE(c.every && c.all && c.codes.empty());
  EXPECT_TRUE(session::parse_country_field("").codes.empty());
}

TEST(AppLogic, Names) {
  EXPECT_TRUE(code_from_file_name("br.gif") == "BR");
  EXPECT_TRUE(code_from_file_name("Brazil-BR.gif") == "BR");
  EXPECT_TRUE(code_from_file_name("Guinea-Bissau-GW.gif") == "GW");
  EXPECT_TRUE(session::country_name("br") == "Brazil");
  EXPECT_TRUE(session::country_name("QQ") == "QQ");
  std::string json = metadata_to_json({".br", "BR", "Brazil", "BR"});
  EXPECT_TRUE(json.find("\"country\":\"Brazil\"") != std::string::npos);
}

TEST(AppLogic, Thumbnails) {
  DecodedImage big;
  big.width = 400;
  big.height = 200;
  big.rgba.assign(400 * 200 * 4, 0);
  for (std::size_t i = 0; i < big.rgba.size(); i += 4) {
    big.rgba[i] = 200;  // opaque red-ish
    big.rgba[i + 3] = 255;
  }
  DecodedImage t = fit_within(big, 100, 100);
  EXPECT_TRUE(t.width == 100 && t.height == 50);
  EXPECT_TRUE(t.rgba.size() == 100u * 50 * 4);
  EXPECT_TRUE(t.rgba[0] == 200 && t.rgba[1] == 0 && t.rgba[3] == 255);
  EXPECT_TRUE(t.rgba[(49 * 100 + 99) * 4] == 200);
  DecodedImage small = fit_within(t, 164, 108);
  EXPECT_TRUE(small.width == 100 && small.height == 50);
  DecodedImage tall = fit_within(big, 10, 200);
  EXPECT_TRUE(tall.width == 10 && tall.height == 5);
}

TEST(AppLogic, RunSummary) {
  session::RunModel run;
  run.phase = session::RunPhase::running;
  run.started_s = 10;
  run.total = 20;
  run.counts.ok = 5;
  run.counts.not_found = 5;
  EXPECT_TRUE(run.rate(12) == 5.0);
  EXPECT_TRUE(run.eta_s(12) == 2.0);
  run.phase = session::RunPhase::finished;
  run.finished_s = 14;
  EXPECT_TRUE(run.elapsed_s(100) == 4.0);
  EXPECT_TRUE(run.eta_s(100) < 0);
  // A flag saved after its request, a metadata request, one cancelled while queued, one still in flight.
  run.requests.push_back(
      {.code = "BR", .queued_s = 10.25, .started_s = 10.5, .finished_s = 11.0, .saved_s = 11.125, .bytes = 1234});
  run.requests.push_back({.code = "JP",
                          .resource = coflags::flags::Resource::metadata,
                          .queued_s = 11.5,
                          .started_s = 11.75,
                          .finished_s = 12.0,
                          .outcome = coflags::flags::Outcome::not_found});
  run.requests.push_back(
      {.code = "IN", .queued_s = 10.25, .finished_s = 13.0, .outcome = coflags::flags::Outcome::cancelled});
  run.requests.push_back({.code = "CN", .queued_s = 10.25, .started_s = 12.5});
  EXPECT_TRUE(!run.requests[2].started() && run.requests[2].finished() && !run.requests[2].in_flight());
  EXPECT_TRUE(run.requests[3].in_flight());
  std::string json = session::run_summary_json(run, 100);
  EXPECT_TRUE(json.find("\"phase\":\"finished\"") != std::string::npos);
  EXPECT_TRUE(json.find("\"elapsed_ms\":4000") != std::string::npos);
  const nlohmann::json summary = nlohmann::json::parse(json);
  const nlohmann::json& requests = summary["requests"];
  EXPECT_TRUE(requests.size() == 4);
  EXPECT_TRUE(requests[0] ==
              nlohmann::json::parse(R"({"code": "BR", "resource": "flag", "queued_ms": 250, "start_ms": 500,
      "end_ms": 1000, "saved_ms": 1125, "outcome": "ok", "bytes": 1234})"));
  EXPECT_TRUE(requests[1]["resource"] == "metadata" && requests[1]["outcome"] == "not_found");
  EXPECT_TRUE(requests[1]["start_ms"] == 1750 && requests[1]["end_ms"] == 2000 && requests[1]["saved_ms"].is_null());
  EXPECT_TRUE(requests[2]["queued_ms"] == 250 && requests[2]["start_ms"].is_null() && requests[2]["end_ms"] == 3000);
  EXPECT_TRUE(requests[2]["outcome"] == "cancelled" && requests[2]["saved_ms"].is_null());
  EXPECT_TRUE(summary["started_at_ms"] == 10000);
  EXPECT_TRUE(requests[3]["start_ms"] == 2500 && requests[3]["end_ms"].is_null() && requests[3]["saved_ms"].is_null());
  EXPECT_TRUE(requests[3]["outcome"].is_null());

  // 2026-12-03 07:15:02 UTC: the name carries the local start time.
  run.started_wall_ms = 1796282102000.0;
  const std::string name = session::export_file_name(run);
  EXPECT_EQ(name.size(), std::string("coflags-run-20261203-071502.json").size()) << name;
  EXPECT_EQ(name.rfind("coflags-run-2026120", 0), 0u) << name;

  session::RunLog log;
  for (std::size_t i = 0; i < session::RunLog::kMaxLines + 10; ++i) log.add(0, session::LogLevel::info, "", "x");
  EXPECT_TRUE(log.lines().size() == session::RunLog::kMaxLines);
  EXPECT_TRUE(log.added() == session::RunLog::kMaxLines + 10);
}

TEST(AppLogic, FramePacing) {
  EXPECT_TRUE(parse_query("").settings.fps == -1);
  EXPECT_TRUE(parse_query("fps=0").settings.fps == 0);
  EXPECT_TRUE(parse_query("fps=-3").problems.size() == 1);
  Settings s;
  s.fps = 30;
  EXPECT_TRUE(parse_query(to_query(s)).settings.fps == 30);
  EXPECT_TRUE(to_query(Settings{}).find("fps") == std::string::npos);

  EXPECT_TRUE(run_fps_cap(-1, true) == kSoftwareRunFps);
  EXPECT_TRUE(run_fps_cap(-1, false) == 0);  // a GPU draws every frame
  EXPECT_TRUE(run_fps_cap(0, true) == 0);
  EXPECT_TRUE(run_fps_cap(30, false) == 30);

  // 60 Hz animation frames: a 15 fps cap draws every 4th during a run, every one otherwise.
  constexpr double kNoInput = -1e9;
  FramePacer pacer(15);
  int drawn = 0;
  for (int i = 0; i < 60; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, true, kNoInput);
  EXPECT_TRUE(drawn == 15);
  drawn = 0;
  for (int i = 60; i < 120; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, false, kNoInput);
  EXPECT_TRUE(drawn == 60);
  // Input at t = 2 s: every frame for the next half second, then the cap again.
  drawn = 0;
  for (int i = 120; i < 150; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, true, 2000.0);
  EXPECT_TRUE(drawn == 30);
  drawn = 0;
  for (int i = 150; i < 210; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, true, 2000.0);
  EXPECT_TRUE(drawn == 15);
  FramePacer uncapped(0);
  drawn = 0;
  for (int i = 0; i < 60; ++i) drawn += uncapped.should_draw(i * 1000.0 / 60, true, kNoInput);
  EXPECT_TRUE(drawn == 60);
}

TEST(AppLogic, Wording) {
  using coflags::app::count_of;
  using coflags::app::tick_step;
  EXPECT_EQ(count_of(1, "request", "requests"), "1 request");
  EXPECT_EQ(count_of(0, "request", "requests"), "0 requests");
  EXPECT_EQ(count_of(249, "request", "requests"), "249 requests");
  EXPECT_NEAR(tick_step(1.0, 10), 0.1, 1e-12);
  EXPECT_NEAR(tick_step(3.2, 8), 0.5, 1e-12);
  EXPECT_NEAR(tick_step(47.0, 6), 10.0, 1e-12);
  EXPECT_NEAR(tick_step(0.012, 5), 0.005, 1e-12);
}

TEST(AppLogic, StorageProblemInPlainWords) {
  EXPECT_EQ(session::storage_problem("QuotaExceededError: The quota has been exceeded."),
            "Not kept: this browser's storage for the page is full (quota exceeded). The flags are shown but not "
            "stored in this browser.");
  EXPECT_NE(session::storage_problem("IndexedDB blocked: another tab holds an older version of the database open")
                .find("another tab holds the flag database open"),
            std::string::npos);
  EXPECT_NE(session::storage_problem("the IndexedDB worker failed to start: idb_worker.js 404").find("storage worker"),
            std::string::npos);
  EXPECT_NE(session::storage_problem("IndexedDB unavailable: SecurityError").find("private window"), std::string::npos);
  EXPECT_EQ(session::storage_problem("disk full"),
            "Not kept: saving failed: disk full. The flags are shown but not stored in this browser.");
}

}  // namespace
