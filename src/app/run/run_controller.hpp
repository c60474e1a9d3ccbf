// Starts, steers and cancels one download run at a time, and turns the
// downloader's observer events into the plain model the frame draws
// (RunModel, RunLog, Gallery). Nothing here draws.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/gallery/gallery.hpp"
#include "app/run/country_args.hpp"
#include "app/run/run_model.hpp"
#include "app/run/server_directory.hpp"
#include "app/settings.hpp"
#include "app/storage/idb_saver.hpp"
#include "async/future.hpp"
#include "async/task.hpp"
#include "flags/country_codes.hpp"
#include "flags/downloader.hpp"

namespace coflags::app {

class RunController final : private flags::Observer {
 public:
  RunController(RunModel& model, RunLog& log, Gallery& gallery, IdbSaver& saver, const ServerDirectory& servers);
  RunController(const RunController&) = delete;
  RunController& operator=(const RunController&) = delete;
  ~RunController() override;

  // Checks the input and starts a run. On bad input nothing starts and
  // model.input_error says why; returns whether a run started.
  bool start(const Settings& settings);
  void cancel();
  // The slider: applies to requests not yet started.
  void set_concurrency(int limit);
  bool active() const { return model_.active(); }

  // Called when a run ends (finished, failed or cancelled).
  std::function<void()> on_finished;

 private:
  async::Task<void> run(Settings settings, std::vector<std::string> base_urls, std::string codes_base,
                        CountryArgs args);
  void explain_http2_failure(double t, std::string_view error);
  void finish(RunPhase phase);

  void on_run_started(const flags::RunInfo& info) override;
  void on_request(const flags::RequestEvent& event) override;
  void on_flag(const flags::FlagResult& result, const flags::Counts& counts) override;
  void on_run_finished(const flags::Summary& summary) override;

  double page_time(flags::Seconds since_run_start) const { return run_clock_start_s_ + since_run_start.count(); }

  RunModel& model_;
  RunLog& log_;
  Gallery& gallery_;
  IdbSaver& saver_;
  const ServerDirectory& servers_;
  std::unique_ptr<flags::Downloader> downloader_;
  std::optional<async::Future<void>> task_;  // the current or last run
  std::optional<async::Future<void>> stats_poller_;
  int run_count_ = 0;
  bool http2_failure_logged_ = false;
  double run_clock_start_s_ = 0;
  int save_failures_at_start_ = 0;
  std::unordered_map<std::uint32_t, std::size_t> request_index_;  // event id -> model.requests
  std::unordered_map<std::string, std::size_t> last_request_;     // code -> its latest request in model.requests
  std::unordered_map<std::string, double> flag_ms_;               // code -> flag request duration
};

double now_s();  // page time in seconds

}  // namespace coflags::app
