#include "cli/console_observer.hpp"

#include <cstdio>

#include "cli/progress_bar.hpp"
#include "cli/report.hpp"

namespace coflags::cli {

namespace {
// Redrawing on every flag of a 676-code run would flood the terminal.
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
}  // namespace

void ConsoleObserver::on_run_started(const flags::RunInfo& info) {
  total_ = info.codes.size();
  start_ = std::chrono::steady_clock::now();
  if (progress_bar_) draw(0, true);
}

void ConsoleObserver::on_flag(const flags::FlagResult& result, const flags::Counts& counts) {
  if (verbose_) {
    std::printf("%s\n", verbose_line(result).c_str());
    std::fflush(stdout);
  }
  if (progress_bar_) draw(counts.finished(), counts.finished() == total_);
}

void ConsoleObserver::on_run_finished(const flags::Summary& summary) {
  if (progress_bar_) {
    if (drawn_ != summary.counts.finished()) draw(summary.counts.finished(), true);
    std::fprintf(stderr, "\n");
  }
}

void ConsoleObserver::draw(std::size_t done, bool force) {
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  drawn_ = done;
  std::fprintf(stderr, "\r%s", progress_line(done, total_, now - start_).c_str());
  std::fflush(stderr);
}

}  // namespace coflags::cli
