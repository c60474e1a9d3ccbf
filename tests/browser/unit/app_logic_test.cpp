// The browser app's page-independent logic, compiled to wasm and run by
// node: query-string settings, URL checks, the countries field, saved file
// names, thumbnails, the run summary, transports and frame pacing.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "app/gallery/thumbnail.hpp"
#include "app/run/country_args.hpp"
#include "app/run/country_names.hpp"
#include "app/run/frame_pacer.hpp"
#include "app/run/run_model.hpp"
#include "app/run/transport_plan.hpp"
#include "app/settings.hpp"
#include "app/storage/saved_file_name.hpp"
#include "app/ui/wording.hpp"

namespace {

using namespace coflags::app;
int failures = 0;

#define CHECK(condition)                                               \
  do {                                                                 \
    if (!(condition)) {                                                \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                      \
    }                                                                  \
  } while (0)

void query_settings() {
  ParsedSettings none = parse_query("");
  CHECK(none.problems.empty());
  CHECK(none.settings.server == ServerChoice::local);
  CHECK(none.settings.countries == "POP20");
  CHECK(none.settings.concurrency == 5);
  CHECK(!none.settings.autostart);

  ParsedSettings p = parse_query("?server=delay&m=200&cc=all&meta=1&autostart=1&limit=7&skip=1&timeout=2.5");
  CHECK(p.problems.empty());
  CHECK(p.settings.server == ServerChoice::delay);
  CHECK(p.settings.concurrency == 200);
  CHECK(p.settings.countries == "all");
  CHECK(p.settings.metadata && p.settings.autostart && p.settings.skip_saved);
  CHECK(p.settings.limit == 7);
  CHECK(p.settings.timeout_s == 2.5);

  ParsedSettings decoded = parse_query("cc=B+J%2CAR&server=http%3A%2F%2F10.0.0.1%3A8001%2Fflags");
  CHECK(decoded.settings.countries == "B J,AR");
  CHECK(decoded.settings.server == ServerChoice::custom);
  CHECK(decoded.settings.custom_url == "http://10.0.0.1:8001/flags");

  ParsedSettings bad = parse_query("m=0&m=1001&limit=-1&timeout=0&delay_port=70000&what=1&m=x");
  CHECK(bad.problems.size() == 7);
  CHECK(bad.settings.concurrency == 5);  // bad values leave the defaults

  Settings s;
  s.server = ServerChoice::custom;
  s.custom_url = "http://h:1/flags";
  s.countries = "B J";
  s.concurrency = 42;
  s.metadata = true;
  ParsedSettings again = parse_query(to_query(s));
  CHECK(again.problems.empty());
  CHECK(again.settings.custom_url == s.custom_url);
  CHECK(again.settings.countries == s.countries);
  CHECK(again.settings.concurrency == 42 && again.settings.metadata);
}

void transports() {
  CHECK(parse_query("").settings.transport == TransportChoice::http2);
  CHECK(parse_query("transport=sharded").settings.transport == TransportChoice::sharded);
  CHECK(parse_query("transport=h1").settings.transport == TransportChoice::http1);
  CHECK(parse_query("transport=h3").problems.size() == 1);
  Settings s;
  s.transport = TransportChoice::http1;
  CHECK(parse_query(to_query(s)).settings.transport == TransportChoice::http1);

  CHECK(shard_count(1) == 1 && shard_count(6) == 1 && shard_count(7) == 2 && shard_count(20) == 4);
  CHECK(shard_count(1000) == kMaxShards);
  Endpoint e{"DELAY", "http://127.0.0.1:8002", "https://localhost:8445", "http:", 8002, true, 8445, ""};
  TransportPlan h2 = plan_transport(TransportChoice::http2, e, 200);
  CHECK(h2.used == TransportChoice::http2 && h2.base_urls.size() == 1);
  CHECK(h2.base_urls[0] == "https://localhost:8445/flags" && h2.stats_listener == "DELAY-H2");
  CHECK(h2_shard_count(256) == 1 && h2_shard_count(257) == 2 && h2_shard_count(1000) == 4);
  TransportPlan h2_wide = plan_transport(TransportChoice::http2, e, 1000);  // over 256: one connection per origin
  CHECK(h2_wide.used == TransportChoice::http2 && h2_wide.base_urls.size() == 4 &&
        h2_wide.stats_listener == "DELAY-H2");
  CHECK(h2_wide.base_urls[0] == "https://s0.localhost:8445/flags" &&
        h2_wide.base_urls[3] == "https://s3.localhost:8445/flags");
  CHECK(h2_wide.reason.find("4 origins") != std::string::npos);
  TransportPlan sharded = plan_transport(TransportChoice::sharded, e, 20);
  CHECK(sharded.used == TransportChoice::sharded && sharded.base_urls.size() == 4);
  CHECK(sharded.base_urls[3] == "http://s3.localhost:8002/flags" && sharded.stats_listener == "DELAY");
  CHECK(plan_transport(TransportChoice::sharded, e, 6).used == TransportChoice::http1);  // one origin is enough
  CHECK(plan_transport(TransportChoice::http1, e, 200).base_urls[0] == "http://127.0.0.1:8002/flags");
  e.h2_root.clear();  // no HTTP/2: the default falls back to sharding, and says why
  TransportPlan fallback = plan_transport(TransportChoice::http2, e, 100);
  CHECK(fallback.used == TransportChoice::sharded && fallback.base_urls.size() == 17);
  CHECK(fallback.reason.find("no HTTP/2") != std::string::npos);
  e.h2_problem = "this browser does not trust the local HTTP/2 certificate";  // offered but refused
  TransportPlan untrusted = plan_transport(TransportChoice::http2, e, 200);
  CHECK(untrusted.used == TransportChoice::sharded && untrusted.stats_listener == "DELAY");
  CHECK(untrusted.reason.find("HTTP/2 is off: this browser does not trust") != std::string::npos);
  e.h2_problem.clear();
  e.loopback = false;  // s<N>.localhost would not reach a remote host
  CHECK(plan_transport(TransportChoice::sharded, e, 100).used == TransportChoice::http1);
  e.h2_root = "https://flags.example:8445";
  CHECK(plan_transport(TransportChoice::http2, e, 1000).base_urls ==
        std::vector<std::string>{"https://flags.example:8445/flags"});
}

void base_urls() {
  CHECK(!base_url_problem("http://127.0.0.1:8001/flags"));
  CHECK(!base_url_problem("https://example.org/flags/"));
  CHECK(base_url_problem("htp:/nowhere"));
  CHECK(base_url_problem(""));
  CHECK(base_url_problem("http://"));
  CHECK(base_url_problem("http://host:99999/flags"));
  CHECK(base_url_problem("http://host:/flags"));
  CHECK(base_url_problem("http://user:pw@host/flags"));
  CHECK(base_url_problem("http://host/flags?x=1"));
  CHECK(base_url_problem("http://ho st/flags"));
  CHECK(base_url_problem("http://bad_host!/flags"));
}

void country_field() {
  CountryArgs a = parse_country_field("POP20");
  CHECK(a.codes.size() == 20 && !a.all && !a.every);
  CountryArgs b = parse_country_field(" all, b  JP ");
  CHECK(b.all && !b.every);
  CHECK((b.codes == std::vector<std::string>{"b", "JP"}));
  CountryArgs c = parse_country_field("every -a");
  CHECK(c.every && c.all && c.codes.empty());
  CHECK(parse_country_field("").codes.empty());
}

void names() {
  CHECK(code_from_file_name("br.gif") == "BR");
  CHECK(code_from_file_name("Brazil-BR.gif") == "BR");
  CHECK(code_from_file_name("Guinea-Bissau-GW.gif") == "GW");
  CHECK(country_name("br") == "Brazil");
  CHECK(country_name("QQ") == "QQ");
  std::string json = metadata_to_json({".br", "BR", "Brazil", "BR"});
  CHECK(json.find("\"country\":\"Brazil\"") != std::string::npos);
}

void thumbnails() {
  DecodedImage big;
  big.width = 400;
  big.height = 200;
  big.rgba.assign(400 * 200 * 4, 0);
  for (std::size_t i = 0; i < big.rgba.size(); i += 4) {
    big.rgba[i] = 200;  // opaque red-ish
    big.rgba[i + 3] = 255;
  }
  DecodedImage t = fit_within(big, 100, 100);
  CHECK(t.width == 100 && t.height == 50);
  CHECK(t.rgba.size() == 100u * 50 * 4);
  CHECK(t.rgba[0] == 200 && t.rgba[1] == 0 && t.rgba[3] == 255);
  CHECK(t.rgba[(49 * 100 + 99) * 4] == 200);
  DecodedImage small = fit_within(t, 164, 108);
  CHECK(small.width == 100 && small.height == 50);
  DecodedImage tall = fit_within(big, 10, 200);
  CHECK(tall.width == 10 && tall.height == 5);
}

void run_summary() {
  RunModel run;
  run.phase = RunPhase::running;
  run.started_s = 10;
  run.total = 20;
  run.counts.ok = 5;
  run.counts.not_found = 5;
  CHECK(run.rate(12) == 5.0);
  CHECK(run.eta_s(12) == 2.0);
  run.phase = RunPhase::finished;
  run.finished_s = 14;
  CHECK(run.elapsed_s(100) == 4.0);
  CHECK(run.eta_s(100) < 0);
  // A flag saved after its request, a metadata request, one cancelled while queued, one still in flight.
  run.requests.push_back(
      {.code = "BR", .queued_s = 10.25, .started_s = 10.5, .finished_s = 11.0, .saved_s = 11.125, .bytes = 1234});
  run.requests.push_back({.code = "JP",
                          .resource = Resource::metadata,
                          .queued_s = 11.5,
                          .started_s = 11.75,
                          .finished_s = 12.0,
                          .outcome = Outcome::not_found});
  run.requests.push_back({.code = "IN", .queued_s = 10.25, .finished_s = 13.0, .outcome = Outcome::cancelled});
  run.requests.push_back({.code = "CN", .queued_s = 10.25, .started_s = 12.5});
  CHECK(!run.requests[2].started() && run.requests[2].finished() && !run.requests[2].in_flight());
  CHECK(run.requests[3].in_flight());
  std::string json = run_summary_json(run, 100);
  CHECK(json.find("\"phase\":\"finished\"") != std::string::npos);
  CHECK(json.find("\"elapsed_ms\":4000") != std::string::npos);
  const nlohmann::json summary = nlohmann::json::parse(json);
  const nlohmann::json& requests = summary["requests"];
  CHECK(requests.size() == 4);
  CHECK(requests[0] ==
        nlohmann::json::parse(R"({"code": "BR", "resource": "flag", "queued_ms": 10250, "start_ms": 10500,
      "end_ms": 11000, "saved_ms": 11125, "outcome": "ok", "bytes": 1234})"));
  CHECK(requests[1]["resource"] == "metadata" && requests[1]["outcome"] == "not_found");
  CHECK(requests[1]["start_ms"] == 11750 && requests[1]["end_ms"] == 12000 && requests[1]["saved_ms"].is_null());
  CHECK(requests[2]["queued_ms"] == 10250 && requests[2]["start_ms"].is_null() && requests[2]["end_ms"] == 13000);
  CHECK(requests[2]["outcome"] == "cancelled" && requests[2]["saved_ms"].is_null());
  CHECK(requests[3]["start_ms"] == 12500 && requests[3]["end_ms"].is_null() && requests[3]["saved_ms"].is_null());
  CHECK(requests[3]["outcome"].is_null());

  RunLog log;
  for (std::size_t i = 0; i < RunLog::kMaxLines + 10; ++i) log.add(0, LogLevel::info, "", "x");
  CHECK(log.lines().size() == RunLog::kMaxLines);
  CHECK(log.added() == RunLog::kMaxLines + 10);
}

void frame_pacing() {
  CHECK(parse_query("").settings.fps == -1);
  CHECK(parse_query("fps=0").settings.fps == 0);
  CHECK(parse_query("fps=-3").problems.size() == 1);
  Settings s;
  s.fps = 30;
  CHECK(parse_query(to_query(s)).settings.fps == 30);
  CHECK(to_query(Settings{}).find("fps") == std::string::npos);

  CHECK(run_fps_cap(-1, true) == kSoftwareRunFps);
  CHECK(run_fps_cap(-1, false) == 0);  // a GPU draws every frame
  CHECK(run_fps_cap(0, true) == 0);
  CHECK(run_fps_cap(30, false) == 30);

  // 60 Hz animation frames: a 15 fps cap draws every 4th during a run, every one otherwise.
  constexpr double kNoInput = -1e9;
  FramePacer pacer(15);
  int drawn = 0;
  for (int i = 0; i < 60; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, true, kNoInput);
  CHECK(drawn == 15);
  drawn = 0;
  for (int i = 60; i < 120; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, false, kNoInput);
  CHECK(drawn == 60);
  // Input at t = 2 s: every frame for the next half second, then the cap again.
  drawn = 0;
  for (int i = 120; i < 150; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, true, 2000.0);
  CHECK(drawn == 30);
  drawn = 0;
  for (int i = 150; i < 210; ++i) drawn += pacer.should_draw(i * 1000.0 / 60, true, 2000.0);
  CHECK(drawn == 15);
  FramePacer uncapped(0);
  drawn = 0;
  for (int i = 0; i < 60; ++i) drawn += uncapped.should_draw(i * 1000.0 / 60, true, kNoInput);
  CHECK(drawn == 60);
}

void wording() {
  CHECK(count_of(1, "request", "requests") == "1 request");
  CHECK(count_of(0, "request", "requests") == "0 requests");
  CHECK(count_of(249, "request", "requests") == "249 requests");
  CHECK(std::abs(tick_step(1.0, 10) - 0.1) < 1e-12);
  CHECK(std::abs(tick_step(3.2, 8) - 0.5) < 1e-12);
  CHECK(std::abs(tick_step(47.0, 6) - 10.0) < 1e-12);
  CHECK(std::abs(tick_step(0.012, 5) - 0.005) < 1e-12);
}

}  // namespace

int main() {
  wording();
  frame_pacing();
  query_settings();
  base_urls();
  country_field();
  names();
  thumbnails();
  run_summary();
  transports();
  std::printf("%s: %d failure(s)\n", failures ? "FAILED" : "ok", failures);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
