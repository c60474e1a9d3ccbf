#include <gtest/gtest.h>

#include "fake_server.hpp"
#include "flags/download_one.hpp"
#include "flags/request_tracker.hpp"
#include "recorders.hpp"
#include "runtime_fixture.hpp"

namespace coflags::flags {
namespace {

using namespace std::chrono_literals;
using namespace testing;

class DownloadOneTest : public async::testing::RuntimeTest {
 protected:
  void TearDown() override {
    for (const auto& e : errors_) ADD_FAILURE() << "loop reported: " << e;  // lost exceptions, miscounts
    RuntimeTest::TearDown();
  }
  FlagResult download(const std::string& code, bool metadata = false) {
    FlagJob job{kBase, code, metadata, {}, &fake_, &saver_};
    RequestTracker tracker(&observer_);
    tracker.start_clock();
    return run(download_one(job, semaphore_, &tracker));
  }
  net::FakeTransport fake_;
  MemorySaver saver_;
  RecordingObserver observer_;
  async::Semaphore semaphore_{2};
};

TEST_F(DownloadOneTest, UrlsFollowTheBooksLayout) {
  EXPECT_EQ(flag_url("http://h/flags/", "BR"), "http://h/flags/br/br.gif");
  EXPECT_EQ(metadata_url("http://h/flags", "BR"), "http://h/flags/br/metadata.json");
}

TEST_F(DownloadOneTest, SavesTheGifUnderTheCodesName) {
  serve_flag(fake_, "BR");
  FlagResult r = download("BR");
  EXPECT_EQ(r.outcome, Outcome::ok);
  EXPECT_EQ(r.file_name, "br.gif");
  EXPECT_EQ(saver_.files.at("br.gif"), gif_bytes("BR"));
  ASSERT_TRUE(r.image);
  EXPECT_EQ(*r.image, gif_bytes("BR"));
  EXPECT_EQ(fake_.requested().size(), 1u);  // no metadata unless asked
}

TEST_F(DownloadOneTest, WithMetadataNamesTheFileAfterTheCountry) {
  serve_flag(fake_, "BR", {}, "Brazil");
  FlagResult r = download("BR", true);
  EXPECT_EQ(r.outcome, Outcome::ok);
  EXPECT_EQ(r.file_name, "Brazil-BR.gif");
  ASSERT_TRUE(r.metadata);
  EXPECT_EQ(r.metadata->country, "Brazil");
  EXPECT_TRUE(saver_.files.count("Brazil-BR.gif"));
  EXPECT_EQ(fake_.requested(), (std::vector<std::string>{flag_url(kBase, "BR"), metadata_url(kBase, "BR")}));
}

TEST_F(DownloadOneTest, NotFoundIsAnOutcomeNotAnError) {
  FlagResult r = download("QQ");
  EXPECT_EQ(r.outcome, Outcome::not_found);
  EXPECT_TRUE(saver_.files.empty());
  auto done = observer_.finished_requests();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].outcome, Outcome::not_found);
  EXPECT_EQ(done[0].http_status, 404);
}

TEST_F(DownloadOneTest, ServerErrorBecomesFetchErrorWithCodeAndCause) {
  fake_.route_text(flag_url(kBase, "BR"), 503, "busy");
  try {
    download("BR");
    ADD_FAILURE();
  } catch (const FetchError& e) {
    EXPECT_EQ(e.code(), "BR");
    EXPECT_EQ(e.http_status(), 503);
    EXPECT_NE(std::string(e.what()).find("BR error: HTTP error 503"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(saver_.files.empty());
}

TEST_F(DownloadOneTest, NonImageBodyIsAnErrorAndNothingIsSaved) {
  fake_.route_text(flag_url(kBase, "BR"), 200, "<html>not a flag</html>");
  try {
    download("BR");
    ADD_FAILURE();
  } catch (const FetchError& e) {
    EXPECT_NE(std::string(e.what()).find("not an image"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(saver_.files.empty());
  auto done = observer_.finished_requests();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].outcome, Outcome::error);
}

TEST_F(DownloadOneTest, MalformedMetadataIsAnError) {
  serve_flag(fake_, "BR");
  fake_.route_text(metadata_url(kBase, "BR"), 200, "{\"country\": ");
  try {
    download("BR", true);
    ADD_FAILURE();
  } catch (const FetchError& e) {
    EXPECT_NE(std::string(e.what()).find("malformed metadata.json"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(saver_.files.empty());
}

TEST_F(DownloadOneTest, SaveFailureIsAnErrorNamingTheFile) {
  serve_flag(fake_, "BR");
  saver_.fail_on = "br.gif";
  try {
    download("BR");
    ADD_FAILURE();
  } catch (const FetchError& e) {
    EXPECT_STREQ(e.what(), "BR error: could not save br.gif: disk full");
  }
}

TEST_F(DownloadOneTest, EachRequestHoldsThePermitOnlyWhileInFlight) {
  serve_flag(fake_, "BR", 100ms);
  semaphore_.set_limit(1);
  FlagResult r = download("BR", true);
  EXPECT_EQ(r.outcome, Outcome::ok);
  EXPECT_EQ(semaphore_.value(), 1);
  EXPECT_EQ(fake_.peak_in_flight(), 1u);
  // queued, started, finished for each of the two requests, in order.
  ASSERT_EQ(observer_.requests.size(), 6u);
  EXPECT_EQ(observer_.requests[2].resource, Resource::flag);
  EXPECT_EQ(observer_.requests[2].phase, RequestEvent::Phase::finished);
  EXPECT_EQ(observer_.requests[2].bytes, gif_bytes("BR").size());
  EXPECT_EQ(observer_.requests[5].resource, Resource::metadata);
  EXPECT_DOUBLE_EQ(observer_.requests[5].finished_at.count(), 0.2);
}

}  // namespace
}  // namespace coflags::flags
