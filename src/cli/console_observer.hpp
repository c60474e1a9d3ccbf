// What the CLI shows while a run goes: verbose lines on stdout (-v), or a
// progress bar on stderr when it is a terminal.
#pragma once

#include <chrono>

#include "flags/events.hpp"

namespace coflags::cli {

class ConsoleObserver final : public flags::Observer {
 public:
  ConsoleObserver(bool verbose, bool progress_bar) : verbose_(verbose), progress_bar_(progress_bar) {}

  void on_run_started(const flags::RunInfo& info) override;
  void on_flag(const flags::FlagResult& result, const flags::Counts& counts) override;
  void on_run_finished(const flags::Summary& summary) override;

 private:
  void draw(std::size_t done, bool force);

  bool verbose_;
  bool progress_bar_;
  std::size_t total_ = 0;
  std::size_t drawn_ = static_cast<std::size_t>(-1);  // count on the line now
  std::chrono::steady_clock::time_point start_{};
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace coflags::cli
