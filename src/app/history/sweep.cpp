#include "app/history/sweep.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace coflags::app::history {

std::vector<int> parse_concurrency_list(const std::string& text) {
  std::vector<int> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ',' || std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != ',' && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string item = text.substr(i, end - i);
    bool digits = std::all_of(item.begin(), item.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!digits || item.size() > 6 || std::stoi(item) < 1) {
      throw std::invalid_argument("sweep: \"" + item + "\" is not a concurrency limit (a whole number from 1)");
    }
    out.push_back(std::stoi(item));
    i = end;
  }
  if (out.empty()) throw std::invalid_argument("sweep: no concurrency limits given");
  return out;
}

std::vector<int> sweep_steps(std::vector<int> limits, int code_count) {
  if (code_count < 1) return {};
  for (int& l : limits) l = std::min(l, code_count);
  std::sort(limits.begin(), limits.end());
  limits.erase(std::unique(limits.begin(), limits.end()), limits.end());
  return limits;
}

async::Task<std::vector<SweepStep>> run_sweep(std::vector<int> steps, SweepTarget& target,
                                              std::function<void(const SweepStep&)> on_step) {
  std::vector<SweepStep> done;
  for (int concurrency : steps) {
    SweepStep step{concurrency, co_await target.run_at(concurrency)};
    done.push_back(step);
    if (on_step) on_step(step);
  }
  co_return done;
}

}  // namespace coflags::app::history
