// Options and the chaos policy hold times as seconds (double); Asio timers
// and the file cache want steady_clock durations.
#pragma once

#include <chrono>

namespace coflags::server {

inline std::chrono::steady_clock::duration steady_seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace coflags::server
