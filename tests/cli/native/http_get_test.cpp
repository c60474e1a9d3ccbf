// http_get's logic over a FakeTransport: status mapping, timeout, cancel, JSON.
#include <gtest/gtest.h>

#include "async/sleep.hpp"
#include "net/fake_transport.hpp"
#include "net/http.hpp"
#include "runtime_fixture.hpp"

namespace coflags::net {
namespace {

using namespace std::chrono_literals;
using async::Task;

class HttpGetTest : public async::testing::RuntimeTest {
 protected:
  void TearDown() override {
    for (const auto& e : errors_) ADD_FAILURE() << "loop reported: " << e;  // lost exceptions, miscounts
    RuntimeTest::TearDown();
  }
  FakeTransport fake_;
  GetOptions options() { return {.transport = &fake_}; }
};

TEST_F(HttpGetTest, ReturnsTheResponseFor2xx) {
  fake_.route_text("http://x/a", 200, "hello", 10ms);
  Response r = run([this]() -> Task<Response> { co_return co_await http_get("http://x/a", options()); }());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.text(), "hello");
  EXPECT_EQ(r.header("content-length"), "5");
  EXPECT_EQ(r.url, "http://x/a");
}

TEST_F(HttpGetTest, MapsStatusesToTypedErrors) {
  fake_.route_text("http://x/500", 500, "boom");
  fake_.route("http://x/down", {.network_error = true});
  auto get = [this](std::string url) -> Task<Response> { co_return co_await http_get(url, options()); };
  EXPECT_THROW(run(get("http://x/missing")), NotFound);
  try {
    run(get("http://x/500"));
    ADD_FAILURE();
  } catch (const HttpStatusError& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_EQ(e.reason(), "Error");
    EXPECT_NE(std::string(e.what()).find("HTTP error 500"), std::string::npos);
  }
  EXPECT_THROW(run(get("http://x/down")), NetworkError);
  try {
    run(get("http://x/missing"));
  } catch (const HttpError& e) {  // one base for all
    EXPECT_EQ(e.url(), "http://x/missing");
  }
}

TEST_F(HttpGetTest, TimeoutAbortsTheRequest) {
  fake_.route("http://x/slow", {.hang = true});
  GetOptions o = options();
  o.timeout = 500ms;
  EXPECT_THROW(run([&]() -> Task<Response> { co_return co_await http_get("http://x/slow", o); }()), RequestTimeout);
  EXPECT_EQ(elapsed(), async::Duration(500ms));
  EXPECT_EQ(fake_.aborted(), std::vector<std::string>{"http://x/slow"});
  EXPECT_EQ(fake_.in_flight(), 0u);
  EXPECT_EQ(loop_.timer_count(), 0u);
}

TEST_F(HttpGetTest, AnswerBeforeTheTimeoutClearsTheTimer) {
  fake_.route_text("http://x/a", 200, "ok", 100ms);
  GetOptions o = options();
  o.timeout = 5s;
  run([&]() -> Task<Response> { co_return co_await http_get("http://x/a", o); }());
  EXPECT_EQ(loop_.timer_count(), 0u);
  EXPECT_TRUE(fake_.aborted().empty());
}

TEST_F(HttpGetTest, CancellingTheTaskAbortsTheRequest) {
  fake_.route("http://x/slow", {.hang = true});
  auto outer = [this]() -> Task<int> {
    auto get = async::spawn(http_get("http://x/slow", options()));
    co_await async::sleep(1s);
    EXPECT_EQ(fake_.in_flight(), 1u);
    get.cancel();
    try {
      co_await get;
    } catch (const async::CancelledError&) {
      co_return 1;
    }
    co_return 0;
  };
  EXPECT_EQ(run(outer()), 1);
  EXPECT_EQ(fake_.aborted(), std::vector<std::string>{"http://x/slow"});
  EXPECT_EQ(fake_.in_flight(), 0u);
}

TEST_F(HttpGetTest, ParsesJsonWhenAsked) {
  fake_.route_text("http://x/j", 200, R"({"country": "Brazil"})");
  fake_.route_text("http://x/bad", 200, "<html>");
  GetOptions o = options();
  o.parse_json = true;
  Response r = run([&]() -> Task<Response> { co_return co_await http_get("http://x/j", o); }());
  ASSERT_TRUE(r.json);
  EXPECT_EQ((*r.json)["country"], "Brazil");
  EXPECT_THROW(run([&]() -> Task<Response> { co_return co_await http_get("http://x/bad", o); }()), BadBody);
}

TEST_F(HttpGetTest, ProgressArrivesThroughTheLoop) {
  fake_.route_text("http://x/a", 200, "12345");
  std::vector<std::uint64_t> seen;
  GetOptions o = options();
  o.on_progress = [&](std::uint64_t got, std::uint64_t total) {
    seen.push_back(got);
    seen.push_back(total);
  };
  run([&]() -> Task<Response> { co_return co_await http_get("http://x/a", o); }());
  run_ready();
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{5, 5}));
}

TEST(HttpGetNoTransport, SaysSoInsteadOfCrashing) {
  async::ManualClock clock;
  async::Loop loop(&clock);
  // Natively there is no built-in transport; under Emscripten the FetchTransport
  // finds no XMLHttpRequest in this program (no polyfill): both are network errors.
  EXPECT_THROW(async::run(loop, http_get("http://x/")), NetworkError);
}

}  // namespace
}  // namespace coflags::net
