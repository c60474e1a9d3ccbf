// wait(): asyncio.wait. Suspends until `return_when` holds or the timeout
// passes, then splits the futures into done and pending. Never throws on
// timeout and never cancels the futures.
#pragma once

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <vector>

#include "async/future.hpp"
#include "async/task.hpp"
#include "async/wait_core.hpp"

namespace coflags::async {

template <class T>
struct WaitResult {
  std::vector<Future<T>> done;
  std::vector<Future<T>> pending;
};

template <class T>
std::vector<FutureBase*> future_cores(const std::vector<Future<T>>& futures) {
  std::vector<FutureBase*> cores;
  cores.reserve(futures.size());
  for (const auto& f : futures) cores.push_back(f.core());
  return cores;
}

template <class T>
Task<WaitResult<T>> wait(std::vector<Future<T>> futures, ReturnWhen return_when = ReturnWhen::all_completed,
                         std::optional<Duration> timeout = std::nullopt) {
  if (futures.empty()) throw std::invalid_argument("wait(): the set of futures is empty");
  // A set, as asyncio's: a future given twice is waited for and returned once.
  std::vector<Future<T>> unique;
  for (auto& f : futures) {
    if (std::find(unique.begin(), unique.end(), f) == unique.end()) unique.push_back(std::move(f));
  }
  futures = std::move(unique);
  co_await WaitCore(future_cores(futures), return_when, timeout);
  WaitResult<T> result;
  for (auto& f : futures) (f.done() ? result.done : result.pending).push_back(std::move(f));
  co_return result;
}

}  // namespace coflags::async
