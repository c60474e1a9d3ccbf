// Options, MIME types, the chaos dice and the counters.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "chaos.hpp"
#include "mime.hpp"
#include "options.hpp"
#include "stats.hpp"

using namespace coflags::server;

namespace {

ParsedOptions parse(std::vector<std::string> args) {
  args.insert(args.begin(), "coflags-server");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST(Options, Defaults) {
  const auto r = parse({});
  ASSERT_TRUE(r.error.empty());
  EXPECT_EQ(r.options.host, "127.0.0.1");
  EXPECT_EQ(r.options.local_port, 8001);
  EXPECT_EQ(r.options.delay_port, 8002);
  EXPECT_EQ(r.options.error_port, 8003);
  EXPECT_DOUBLE_EQ(r.options.delay_s, 1.0);
  EXPECT_DOUBLE_EQ(r.options.error_rate, 0.25);
  EXPECT_FALSE(r.options.seed.has_value());
}

TEST(Options, PortZeroAndBasePort) {
  auto r = parse({"--port", "0"});
  EXPECT_EQ(r.options.local_port + r.options.delay_port + r.options.error_port, 0);
  r = parse({"--port=9000", "--delay=0.25", "--error-rate", "0.5", "--seed", "42"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.options.local_port, 9000);
  EXPECT_EQ(r.options.delay_port, 9001);
  EXPECT_EQ(r.options.error_port, 9002);
  EXPECT_DOUBLE_EQ(r.options.delay_s, 0.25);
  EXPECT_DOUBLE_EQ(r.options.error_rate, 0.5);
  EXPECT_EQ(r.options.seed, 42u);
}

TEST(Options, TlsListeners) {
  auto r = parse({});
  EXPECT_FALSE(r.options.tls());
  EXPECT_EQ(r.options.tls_local_port, 8443);
  EXPECT_EQ(r.options.tls_delay_port, 8444);
  EXPECT_EQ(r.options.tls_error_port, 8445);
  r = parse({"--port", "0", "--tls-cert", "/etc/hostname", "--tls-key", "/etc/hostname"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_TRUE(r.options.tls());
  EXPECT_EQ(r.options.tls_local_port, 0);
  EXPECT_EQ(r.options.tls_error_port, 0);
  EXPECT_NE(parse({"--tls-cert", "/etc/hostname"}).error.find("go together"), std::string::npos);
  EXPECT_NE(parse({"--tls-key", "/nonexistent"}).error.find("--tls-key"), std::string::npos);
  EXPECT_EQ(parse({"--tls-delay-port", "9444"}).options.tls_delay_port, 9444);
}

TEST(Options, BadValuesAreErrorsNamingTheOption) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--delay", "1s"},
                                                                {"--delay", "-1"},
                                                                {"--error-rate", "2"},
                                                                {"--port", "65535"},
                                                                {"--local-port", "70000"},
                                                                {"--seed", "-3"},
                                                                {"--header-timeout", "nan"},
                                                                {"--max-header-bytes", "0"},
                                                                {"--delay"},
                                                                {"--what"},
                                                                {"--flags", "/nonexistent/coflags"}}) {
    const auto r = parse(args);
    EXPECT_FALSE(r.error.empty()) << args[0];
    EXPECT_NE(r.error.find(args[0].substr(0, args[0].find('='))), std::string::npos) << r.error;
  }
  EXPECT_TRUE(parse({"--help"}).help);
}

TEST(Mime, TypesTheAppAndTheBookNeed) {
  EXPECT_EQ(mime_type("a/app.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("app.js").substr(0, 15), "text/javascript");
  EXPECT_EQ(mime_type("mod.mjs").substr(0, 15), "text/javascript");
  EXPECT_EQ(mime_type("manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(mime_type("icon.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("index.html").substr(0, 9), "text/html");
  EXPECT_EQ(mime_type("br/br.gif"), "image/gif");
  EXPECT_EQ(mime_type("BR.GIF"), "image/gif");
  EXPECT_EQ(mime_type("br/metadata.json"), "application/json");
  EXPECT_EQ(mime_type("country_codes.txt").substr(0, 10), "text/plain");
  EXPECT_EQ(mime_type("x.png"), "image/png");
  EXPECT_EQ(mime_type("x.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("x.css").substr(0, 8), "text/css");
  EXPECT_EQ(mime_type("dir.d/noext"), "application/octet-stream");
}

TEST(Chaos, LocalAndDelayAreFixed) {
  Chaos c(0.5, 0.25, 1);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(c.decide(Mode::local).delay.count(), 0);
    EXPECT_EQ(c.decide(Mode::local).fail_status, 0u);
    const Fate d = c.decide(Mode::delay);
    EXPECT_EQ(d.delay, std::chrono::milliseconds(500));
    EXPECT_EQ(d.fail_status, 0u);
  }
}

TEST(Chaos, ErrorModeRatesAndReproducibility) {
  Chaos a(1.0, 0.25, 7), b(1.0, 0.25, 7);
  int fail500 = 0, fail503 = 0, delayed = 0, plain = 0;
  for (int i = 0; i < 100000; ++i) {
    const Fate f = a.decide(Mode::error);
    const Fate g = b.decide(Mode::error);
    ASSERT_EQ(f.fail_status, g.fail_status);
    ASSERT_EQ(f.delay, g.delay);
    if (f.fail_status == 500) ++fail500;
    else if (f.fail_status == 503) ++fail503;
    else if (f.delay == std::chrono::milliseconds(500)) ++delayed;
    else if (f.delay.count() == 0) ++plain;
    if (f.fail_status) {
      EXPECT_EQ(f.delay.count(), 0);
    }
  }
  EXPECT_NEAR((fail500 + fail503) / 100000.0, 0.25, 0.01);
  EXPECT_NEAR(fail500 / double(fail500 + fail503), 0.5, 0.02);
  EXPECT_NEAR(delayed / double(delayed + plain), 0.5, 0.02);
  EXPECT_EQ(fail500 + fail503 + delayed + plain, 100000);
}

TEST(Stats, H2ListenersAreSeparateAndListedOnlyWhenBound) {
  Stats s;
  EXPECT_FALSE(nlohmann::json::parse(s.to_json())["listeners"].contains("LOCAL-H2"));
  s.set_listener_address(Mode::delay, 8444, "https://localhost:8444/", true);
  {
    InFlight a(s, Mode::delay, true), b(s, Mode::delay);
    a.finish(200);
  }
  const auto j = nlohmann::json::parse(s.to_json());
  EXPECT_EQ(j["requests"], 2);
  EXPECT_EQ(j["listeners"]["DELAY-H2"]["requests"], 1);
  EXPECT_EQ(j["listeners"]["DELAY-H2"]["by_status"]["200"], 1);
  EXPECT_EQ(j["listeners"]["DELAY-H2"]["url"], "https://localhost:8444/");
  EXPECT_EQ(j["listeners"]["DELAY"]["client_gone"], 1);
  EXPECT_FALSE(j["listeners"].contains("LOCAL-H2"));
}

TEST(Stats, CountsPeaksAndResets) {
  Stats s;
  {
    InFlight a(s, Mode::delay), b(s, Mode::delay), c(s, Mode::local);
    EXPECT_EQ(s.total().in_flight, 3);
    a.finish(200);
    b.finish(404);
  }  // c abandoned: the client left
  const auto j = nlohmann::json::parse(s.to_json());
  EXPECT_EQ(j["requests"], 3);
  EXPECT_EQ(j["in_flight"], 0);
  EXPECT_EQ(j["peak_in_flight"], 3);
  EXPECT_EQ(j["client_gone"], 1);
  EXPECT_EQ(j["by_status"], nlohmann::json({{"200", 1}, {"404", 1}}));
  EXPECT_EQ(j["listeners"]["DELAY"]["peak_in_flight"], 2);
  EXPECT_EQ(j["listeners"]["LOCAL"]["client_gone"], 1);
  EXPECT_EQ(j["listeners"]["ERROR"]["requests"], 0);

  InFlight busy(s, Mode::error);
  s.reset();
  const auto z = nlohmann::json::parse(s.to_json());
  EXPECT_EQ(z["requests"], 0);
  EXPECT_EQ(z["by_status"], nlohmann::json::object());
  EXPECT_EQ(z["in_flight"], 1);
  EXPECT_EQ(z["peak_in_flight"], 1) << "peak restarts from what is in flight";
  busy.finish(200);
}
