// Run history (issue 12): every finished or cancelled run kept in IndexedDB,
// a table, and a chart of elapsed time against concurrency on log scales
// beside the physical limit ceil(requests / concurrency) x delay.
// Publishes window.coflags.history for tests.
#pragma once

#include <string>

#include "app/history/idb_history_store.hpp"
#include "app/history/run_history.hpp"
#include "app/storage/saver_choice.hpp"
#include "session/run_model.hpp"

namespace coflags::app {

// A finished run as the history keeps it. The delay for the physical limit is
// the shortest ok request of the run (the server's delay is its floor).
history::RunRecord record_of_run(const session::RunModel& run, double started_wall_ms, int long_tasks);

class HistoryPanel {
 public:
  // `saving`: where flags go (18.4.2); each row keeps the choice and what its saves cost the main thread.
  explicit HistoryPanel(const SaverChoice& saving);
  void add_run(const session::RunModel& run, int long_tasks);
  void draw();
  const history::RunHistory& history() const { return history_; }

 private:
  // The run's physical limit, with the delay the kept runs on its server show (history::server_delay_s).
  double limit_s(const history::RunRecord& run) const;
  void draw_chart(float height);
  void draw_table();
  void publish();

  const SaverChoice& saving_;
  double save_ms_at_last_run_ = 0;  // saves happen only during runs: the increase since is the next run's
  history::IdbHistoryStore store_;
  history::RunHistory history_{&store_};
  bool loaded_ = false;
  std::string error_;
};

}  // namespace coflags::app
