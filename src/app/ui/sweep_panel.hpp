// Sweep (issue 12): the chosen codes at a series of concurrency limits, one
// run after another through the run session, each run landing in the
// history (and its chart). Cancelling cancels the run in flight.
#pragma once

#include <string>

#include "app/history/sweep.hpp"
#include "app/settings.hpp"
#include "async/future.hpp"
#include "session/run_model.hpp"
#include "session/run_session.hpp"

namespace coflags::app {

class SweepPanel final : public history::SweepTarget {
 public:
  SweepPanel(session::RunSession& session, const session::RunModel& run, session::RunLog& log)
      : session_(session), run_(run), log_(log) {}
  // The list, Sweep and Cancel sweep; `settings` gives the codes, server and transport.
  void draw(const Settings& settings, bool can_start);
  // From the session's on_finished.
  void on_run_finished();
  bool active() const { return active_; }

  async::Task<flags::Summary> run_at(int concurrency) override;

 private:
  async::Task<void> sweep(std::vector<int> steps);

  session::RunSession& session_;
  const session::RunModel& run_;
  session::RunLog& log_;
  Settings settings_;  // of the sweep, fixed when it starts
  std::string list_ = history::kDefaultSweep;
  std::string error_;
  async::Future<void> task_;
  async::Future<flags::Summary> waiting_;
  bool waiting_valid_ = false;
  bool active_ = false;
  int step_ = 0, steps_ = 0;
};

}  // namespace coflags::app
