// fetch_server_codes: the list, its errors, and the retry of 5xx answers
// (the ERROR server fails a share of every request, the list included).
#include <gtest/gtest.h>

#include "async/sleep.hpp"
#include "flags/country_codes.hpp"
#include "net/errors.hpp"
#include "net/fake_transport.hpp"
#include "runtime_fixture.hpp"

namespace coflags::flags {
namespace {

using namespace std::chrono_literals;
using async::Task;

constexpr const char* kListUrl = "http://x/flags/country_codes.txt";

class FetchServerCodesTest : public async::testing::RuntimeTest {
 protected:
  Task<std::vector<std::string>> fetch() { return fetch_server_codes("http://x/flags/", &fake_); }
  std::size_t requests() const { return fake_.requested().size(); }
  net::FakeTransport fake_;
};

TEST_F(FetchServerCodesTest, ParsesTheList) {
  fake_.route_text(kListUrl, 200, "br cn\nJP\n");
  EXPECT_EQ(run(fetch()), (std::vector<std::string>{"BR", "CN", "JP"}));
  EXPECT_EQ(requests(), 1u);
}

TEST_F(FetchServerCodesTest, RetriesA5xxAndTakesTheListWhenItComes) {
  fake_.route_text(kListUrl, 503, "busy", 100ms);
  // The first two requests get 503; from 150 ms on the server answers.
  auto heal = [this]() -> Task<void> {
    co_await async::sleep(150ms);
    fake_.route_text(kListUrl, 200, "BR", 100ms);
  };
  auto both = [&]() -> Task<std::vector<std::string>> {
    auto healing = async::spawn(heal());
    auto codes = co_await fetch();
    co_await healing;
    co_return codes;
  };
  EXPECT_EQ(run(both()), std::vector<std::string>{"BR"});
  EXPECT_EQ(requests(), 3u);
  EXPECT_EQ(elapsed(), async::Duration(300ms));
}

TEST_F(FetchServerCodesTest, GivesUpAfterThreeAttemptsWithTheLastError) {
  fake_.route_text(kListUrl, 500, "boom");
  try {
    run(fetch());
    ADD_FAILURE() << "no error";
  } catch (const net::HttpStatusError& e) {
    EXPECT_EQ(e.status(), 500);
  }
  EXPECT_EQ(requests(), static_cast<std::size_t>(kCodeListAttempts));
}

TEST_F(FetchServerCodesTest, DoesNotRetryWhatARetryCannotMend) {
  EXPECT_THROW(run(fetch()), net::NotFound);  // no route: 404
  EXPECT_EQ(requests(), 1u);
  fake_.route(kListUrl, {.network_error = true});
  EXPECT_THROW(run(fetch()), net::NetworkError);
  EXPECT_EQ(requests(), 2u);
  fake_.route_text(kListUrl, 200, "BR B?");
  EXPECT_THROW(run(fetch()), UsageError);
  EXPECT_EQ(requests(), 3u);
}

}  // namespace
}  // namespace coflags::flags
