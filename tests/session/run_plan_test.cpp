// Where a run's requests go (plan_run, through the session), and the one
// explanation a failed HTTP/2 run gets.
#include <gtest/gtest.h>

#include "session/run_plan.hpp"
#include "session_fixture.hpp"

namespace coflags::session::testing {
namespace {

using flags::testing::serve_flag;

session::RunSettings settings(std::string countries, int concurrency) {
  session::RunSettings s;
  s.countries = std::move(countries);
  s.concurrency = concurrency;
  return s;
}

// A page from http://localhost:8001 whose /_stats lists LOCAL-H2 at :8445.
class RouteTest : public SessionTest {
 protected:
  void discover(bool h2_listed, bool h2_trusted) {
    servers_ = session::ServerDirectory("http:", "localhost", "http://localhost:8001", 0, 0);
    std::string listeners = R"("LOCAL": {"port": 8001}, "DELAY": {"port": 8002}, "ERROR": {"port": 8003})";
    if (h2_listed) listeners += R"(, "LOCAL-H2": {"url": "https://localhost:8445/"})";
    fake_.route_text("http://localhost:8001/_stats", 200, "{\"listeners\": {" + listeners + "}}");
    if (h2_trusted) fake_.route_text("https://localhost:8445/_stats", 200, "{}");
    else fake_.route("https://localhost:8445/_stats", {.network_error = true});
    run(servers_.discover());
  }
};

TEST_F(RouteTest, Http2WhenTheHostOffersItAndTheBrowserTrustsIt) {
  discover(true, true);
  PlanResult r = plan_run(settings("BR", 20), servers_);
  ASSERT_TRUE(r.plan) << r.error;
  EXPECT_EQ(r.plan->route_label, "HTTP/2");
  EXPECT_EQ(r.plan->base_url, "https://localhost:8445/flags");
  EXPECT_EQ(r.plan->route.stats_listener, "LOCAL-H2");
  EXPECT_EQ(r.plan->codes_base, "http://localhost:8001/flags");  // the list comes from the page's host
  EXPECT_EQ(r.plan->stats_url, "http://localhost:8001/_stats");
  // Past 256 streams: one connection per 256, over s<N>.localhost.
  PlanResult wide = plan_run(settings("BR", 600), servers_);
  ASSERT_TRUE(wide.plan);
  EXPECT_EQ(wide.plan->route.base_urls.size(), 3u);
  EXPECT_EQ(wide.plan->route.base_urls[2], "https://s2.localhost:8445/flags");
}

TEST_F(RouteTest, ShardedHttp1WhenTheBrowserDoesNotTrustTheCertificate) {
  discover(true, false);
  PlanResult r = plan_run(settings("BR", 20), servers_);
  ASSERT_TRUE(r.plan) << r.error;
  EXPECT_EQ(r.plan->route_label, "HTTP/1.1 sharded");
  EXPECT_EQ(r.plan->route.base_urls.size(), 4u);  // ceil(20 / 6)
  EXPECT_EQ(r.plan->route.base_urls[0], "http://s0.localhost:8001/flags");
  EXPECT_NE(r.plan->route.reason.find("HTTP/2 is off"), std::string::npos) << r.plan->route.reason;
  EXPECT_NE(r.plan->route.reason.find(session::kTrustCommand), std::string::npos) << r.plan->route.reason;
}

TEST_F(RouteTest, PlainHttp1WhenAskedOrWhenSixConnectionsAreEnough) {
  discover(false, false);
  session::RunSettings h1 = settings("BR", 20);
  h1.transport = session::TransportChoice::http1;
  PlanResult asked = plan_run(h1, servers_);
  ASSERT_TRUE(asked.plan);
  EXPECT_EQ(asked.plan->route_label, "HTTP/1.1");
  EXPECT_EQ(asked.plan->base_url, "http://localhost:8001/flags");
  PlanResult few = plan_run(settings("BR", 6), servers_);
  ASSERT_TRUE(few.plan);
  EXPECT_EQ(few.plan->route_label, "HTTP/1.1");
  EXPECT_NE(few.plan->route.reason.find("offers no HTTP/2"), std::string::npos) << few.plan->route.reason;
}

TEST_F(RouteTest, ACustomUrlIsUsedAsGiven) {
  discover(true, true);
  session::RunSettings s = settings("BR", 50);
  s.server = session::ServerChoice::custom;
  s.custom_url = "http://example.test/flags/";
  PlanResult r = plan_run(s, servers_);
  ASSERT_TRUE(r.plan) << r.error;
  EXPECT_EQ(r.plan->route_label, "custom");
  EXPECT_EQ(r.plan->base_url, "http://example.test/flags");
  EXPECT_TRUE(r.plan->stats_url.empty());  // a custom server is not polled
}

TEST_F(RouteTest, TheSessionShowsTheRouteInTheModel) {
  discover(true, false);
  ASSERT_TRUE(session().start(settings("BR", 20)));
  EXPECT_EQ(model_.transport, "HTTP/1.1 sharded");
  EXPECT_EQ(model_.origins, 4);
  EXPECT_EQ(model_.stats_listener, "LOCAL");
  EXPECT_TRUE(logged("transport HTTP/1.1 over 4 origins"));
  run_until_finished();
}

TEST_F(RouteTest, AnHttp2NetworkErrorIsExplainedOnce) {
  discover(true, true);
  for (const char* cc : {"AR", "BR", "CN"})
    fake_.route(flags::flag_url("https://localhost:8445/flags", cc), {.network_error = true});
  ASSERT_TRUE(session().start(settings("AR BR CN", 5)));
  ASSERT_EQ(model_.transport, "HTTP/2");
  run_until_finished();
  EXPECT_EQ(model_.counts.error, 3);
  EXPECT_EQ(logged_count("HTTP/2 network error: does this browser trust the server's certificate? Open "
                         "https://localhost:8445/ once"),
            1);
}

TEST_F(RouteTest, OtherHttp2ErrorsAreNotBlamedOnTheCertificate) {
  discover(true, true);
  fake_.route_text("https://localhost:8445/flags/br/br.gif", 500, "oops");
  ASSERT_TRUE(session().start(settings("BR", 5)));
  run_until_finished();
  EXPECT_EQ(model_.counts.error, 1);
  EXPECT_FALSE(logged("HTTP/2 network error"));
}

TEST_F(RouteTest, Http1NetworkErrorsAreNotBlamedOnTheCertificate) {
  discover(false, false);
  fake_.route("http://localhost:8001/flags/br/br.gif", {.network_error = true});
  ASSERT_TRUE(session().start(settings("BR", 5)));
  run_until_finished();
  EXPECT_EQ(model_.counts.error, 1);
  EXPECT_FALSE(logged("HTTP/2 network error"));
}

}  // namespace
}  // namespace coflags::session::testing
