#include "cli/progress_bar.hpp"

#include <cmath>
#include <cstdio>

namespace coflags::cli {

namespace {
std::string clock_text(double seconds) {
  long s = std::lround(seconds);
  char buffer[32];
  if (s >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", s / 60, s % 60);
  }
  return buffer;
}
}  // namespace

std::string progress_line(std::size_t done, std::size_t total, std::chrono::duration<double> elapsed, int width) {
  // Eighth blocks, as tqdm draws them on a UTF-8 terminal.
  static const char* const kPartial[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  int eighths = static_cast<int>(fraction * width * 8);
  std::string bar;
  for (int i = 0; i < eighths / 8; ++i) bar += "█";
  int cells = eighths / 8;
  if (cells < width) {
    bar += kPartial[eighths % 8];
    cells += eighths % 8 ? 1 : 0;
  }
  bar += std::string(static_cast<std::size_t>(width - cells), ' ');

  double seconds = elapsed.count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  std::string remaining = rate > 0 ? clock_text(static_cast<double>(total - done) / rate) : "?";
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%3.0f%%|%s| %zu/%zu [%s<%s, %5.2fit/s]", fraction * 100, bar.c_str(), done,
                total, clock_text(seconds).c_str(), remaining.c_str(), rate);
  return buffer;
}

}  // namespace coflags::cli
