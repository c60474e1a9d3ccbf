// A run session on a FakeTransport dressed as the flag server, on the
// loop's virtual clock: what the page does, without a page.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "fake_server.hpp"
#include "recorders.hpp"
#include "runtime_fixture.hpp"
#include "session/run_model.hpp"
#include "session/run_session.hpp"
#include "session/server_directory.hpp"

namespace coflags::session::testing {

using namespace std::chrono_literals;

// A page served by http://flags.test: LOCAL is flags.test itself.
inline constexpr const char* kOrigin = "http://flags.test";

class SessionTest : public async::testing::RuntimeTest {
 protected:
  SessionTest() { net::set_default_transport(&fake_); }
  void TearDown() override {
    session_.reset();
    run_ready();
    net::set_default_transport(nullptr);
    for (const auto& e : errors_) ADD_FAILURE() << "loop reported: " << e;
    RuntimeTest::TearDown();
  }

  // Builds the session over `servers_` (call after changing it).
  RunSession& session() {
    if (!session_) {
      session_ = std::make_unique<RunSession>(
          SessionParts{.model = model_,
                       .log = log_,
                       .servers = servers_,
                       .saver = &saver_,
                       .saved_codes = &saved_,
                       .transport = &fake_,
                       .on_image =
                           [this](const std::string& code, std::string, const flags::Bytes&, double, bool kept) {
                             images_.push_back(code);
                             if (!kept) not_kept_.push_back(code);
                           },
                       .on_finished = [this] { ++finished_; }});
    }
    return *session_;
  }
  // Runs the loop (virtual time passes) until the run is over, or `limit`.
  void run_until_finished(async::Duration limit = 60s) {
    const auto end = clock_.now() + limit;
    for (int i = 0; model_.active() && clock_.now() < end && i < 1000000; ++i) step(end);
  }
  void run_for(async::Duration d) {
    const auto end = clock_.now() + d;
    for (int i = 0; clock_.now() < end && loop_.live_tasks() > 0 && i < 1000000; ++i) step(end);
  }
  // One loop iteration; with nothing ready, the virtual clock jumps to the next timer (at most `end`).
  void step(async::TimePoint end) {
    loop_.run_once();
    if (loop_.has_ready()) return;
    auto deadline = loop_.next_deadline();
    clock_.wait_until(deadline && *deadline < end ? *deadline : end);
  }
  bool logged(const std::string& part) const {
    for (const auto& line : log_.lines())
      if (line.text.find(part) != std::string::npos) return true;
    return false;
  }
  int logged_count(const std::string& part) const {
    int n = 0;
    for (const auto& line : log_.lines())
      if (line.text.find(part) != std::string::npos) ++n;
    return n;
  }

  net::FakeTransport fake_;
  flags::testing::MemorySaver saver_;
  std::set<std::string> saved_;
  session::RunModel model_;
  session::RunLog log_;
  session::ServerDirectory servers_{"http:", "flags.test", kOrigin, 0, 0};
  std::unique_ptr<RunSession> session_;
  std::vector<std::string> not_kept_;  // codes shown but not saved
  std::vector<std::string> images_;
  int finished_ = 0;
};

}  // namespace coflags::session::testing
