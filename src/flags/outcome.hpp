// How a flag (or one of its requests) ended, and the run's tally.
#pragma once

#include <cstddef>
#include <string_view>

namespace coflags::flags {

enum class Outcome { ok, not_found, error, cancelled };

std::string_view to_string(Outcome outcome);

// The book's Counter[DownloadStatus] plus cancelled. Every code lands in
// exactly one bucket, once.
struct Counts {
  std::size_t ok = 0;
  std::size_t not_found = 0;
  std::size_t error = 0;
  std::size_t cancelled = 0;

  void add(Outcome outcome);
  std::size_t finished() const { return ok + not_found + error + cancelled; }
  bool operator==(const Counts&) const = default;
};

}  // namespace coflags::flags
