// Sweep: the same codes at a series of concurrency limits, one run after
// another, so the history chart shows elapsed time against concurrency.
//
//   std::vector<int> steps = sweep_steps(parse_concurrency_list("1,2,5,10"), codes.size());
//   async::Future<std::vector<SweepStep>> f = async::spawn(run_sweep(steps, target, on_step));
//   f.cancel();  // cancels the step in flight; no later step starts
//
// The target starts each run (in the page: the run controller; natively: a
// Downloader on FakeTransport). Platform-free: unit-tested natively.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "async/task.hpp"
#include "flags/events.hpp"

namespace coflags::app::history {

inline constexpr const char* kDefaultSweep = "1,2,5,10,20,50,100,200";

// "1, 2, 5" -> {1, 2, 5}. Throws std::invalid_argument (naming the bad item)
// for anything but positive integers separated by commas or spaces, or an empty list.
std::vector<int> parse_concurrency_list(const std::string& text);

// Sorted, without repeats, stopping at `code_count`: limits above it are
// replaced by one step at code_count (more permits than codes change nothing).
std::vector<int> sweep_steps(std::vector<int> limits, int code_count);

class SweepTarget {
 public:
  virtual ~SweepTarget() = default;
  // One whole run at this limit; cancelling the awaiting task cancels it.
  virtual async::Task<flags::Summary> run_at(int concurrency) = 0;
};

struct SweepStep {
  int concurrency = 0;
  flags::Summary summary;
};

// Runs every step in order; on_step (may be empty) sees each one as it ends.
async::Task<std::vector<SweepStep>> run_sweep(std::vector<int> steps, SweepTarget& target,
                                              std::function<void(const SweepStep&)> on_step = {});

}  // namespace coflags::app::history
