// One download run at a time, from validated settings to its summary, and
// the only writer of the run's model (RunModel, RunLog). Front ends forward
// input (start, cancel, the slider) and draw the model; the session turns
// the downloader's events, the server's /_stats readings and the saver's
// results into it. Platform-free: time comes from the loop, HTTP from a
// net::Transport, so it runs natively under tests (tests/session).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "async/future.hpp"
#include "async/loop.hpp"
#include "async/task.hpp"
#include "flags/downloader.hpp"
#include "session/run_model.hpp"
#include "session/run_plan.hpp"
#include "session/run_settings.hpp"
#include "session/server_directory.hpp"

namespace coflags::session {

// The loop's clock in seconds (in the page: performance.now() / 1000).
inline double loop_seconds() {
  return std::chrono::duration<double>(async::current_loop().now().time_since_epoch()).count();
}

struct SessionParts {
  RunModel& model;
  RunLog& log;
  const ServerDirectory& servers;
  flags::Saver* saver = nullptr;                       // where flags go; null: nowhere
  const std::set<std::string>* saved_codes = nullptr;  // for "skip saved"; null: none
  net::Transport* transport = nullptr;                 // null: the default transport
  // A flag arrived: its code, country name, bytes, request time, and whether it was
  // kept (saved) or only downloaded (the gallery).
  std::function<void(const std::string& code, std::string name, const flags::Bytes& image, double ms, bool kept)>
      on_image;
  // A run ended (finished, failed or cancelled).
  std::function<void()> on_finished;
};

class RunSession final : private flags::Observer {
 public:
  explicit RunSession(SessionParts parts);
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;
  ~RunSession() override;

  // Checks the input and starts a run. On bad input nothing starts and
  // model.input_error says why; returns whether a run started.
  bool start(const RunSettings& settings);
  void cancel();
  // The slider: applies to requests not yet started. Between runs the next run takes
  // its concurrency from its settings; the finished run's stays in the model.
  void set_concurrency(int limit);
  bool active() const { return model_.active(); }

  // Events from outside the downloader.
  void on_server_in_flight(int in_flight);  // a /_stats reading; < 0: unknown
  // A flag's save failed: counted once, here. The flag still counts as downloaded,
  // shown but not kept; the first failure of a run says why in the log and the model.
  void on_save_failed(const std::string& file_name, const std::string& error);

 private:
  class CountingSaver;

  async::Task<void> run(RunPlan plan);
  void explain_http2_failure(double t, flags::ErrorKind kind);
  void finish();
  void log(LogLevel level, std::string text) { log_.add(loop_seconds(), level, "", std::move(text)); }

  void on_run_started(const flags::RunInfo& info) override;
  void on_request(const flags::RequestEvent& event) override;
  void on_flag(const flags::FlagResult& result, const flags::Counts& counts) override;
  void on_run_finished(const flags::Summary& summary) override;

  double page_time(flags::Seconds since_run_start) const { return run_clock_start_s_ + since_run_start.count(); }

  RunModel& model_;
  RunLog& log_;
  const ServerDirectory& servers_;
  const std::set<std::string>* saved_codes_;
  net::Transport* transport_;
  std::function<void(const std::string&, std::string, const flags::Bytes&, double, bool)> on_image_;
  std::set<std::string> not_kept_;  // file names whose save failed in this run
  std::function<void()> on_finished_;
  std::unique_ptr<CountingSaver> saver_;
  std::unique_ptr<flags::Downloader> downloader_;
  std::optional<async::Future<void>> task_;  // the current or last run
  std::optional<async::Future<void>> stats_poller_;
  int run_count_ = 0;
  bool http2_failure_logged_ = false;
  double run_clock_start_s_ = 0;
  std::unordered_map<std::uint32_t, std::size_t> request_index_;  // event id -> model.requests
  std::unordered_map<std::string, std::size_t> last_request_;     // code -> its latest request in model.requests
  std::unordered_map<std::string, double> flag_ms_;               // code -> flag request duration
};

}  // namespace coflags::session
