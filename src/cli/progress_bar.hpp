// A tqdm-like progress bar on one terminal line:
//   " 45%|███████████▎             | 9/20 [00:01<00:01,  8.50it/s]"
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace coflags::cli {

// The line for `done` of `total` after `elapsed` (no '\r', no newline).
std::string progress_line(std::size_t done, std::size_t total, std::chrono::duration<double> elapsed, int width = 25);

}  // namespace coflags::cli
