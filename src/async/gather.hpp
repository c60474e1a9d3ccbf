// gather(): asyncio.gather. Results in argument order. The first exception
// (in completion order) is rethrown as soon as it happens, without
// cancelling the others; a cancelled child makes gather raise
// CancelledError; cancelling the gather cancels every child.
#pragma once

#include <tuple>
#include <type_traits>
#include <vector>

#include "async/future.hpp"
#include "async/task.hpp"
#include "async/wait.hpp"
#include "async/wait_core.hpp"

namespace coflags::async {

namespace detail {
// Waits for all, or for the first failure; cancels the children if cancelled.
inline Task<void> wait_all_or_first_failure(std::vector<FutureBase*> cores) {
  if (cores.empty()) co_return;
  FutureBase* failure = nullptr;
  try {
    WaitCore waiting(cores, ReturnWhen::first_exception, std::nullopt);
    co_await waiting;
    failure = waiting.first_failure();
  } catch (const CancelledError&) {
    for (FutureBase* f : cores) f->cancel();
    throw;
  }
  if (failure) std::rethrow_exception(failure->exception());
  for (FutureBase* f : cores) {
    if (f->cancelled()) throw CancelledError("a gathered future was cancelled");
  }
}
}  // namespace detail

template <class T>
Task<std::conditional_t<std::is_void_v<T>, void, std::vector<T>>> gather(std::vector<Future<T>> futures) {
  co_await detail::wait_all_or_first_failure(future_cores(futures));
  if constexpr (std::is_void_v<T>) {
    co_return;
  } else {
    std::vector<T> results;
    results.reserve(futures.size());
    for (auto& f : futures) results.push_back(f.result());
    co_return results;
  }
}

template <class... Ts>
requires(sizeof...(Ts) > 0 && (!std::is_void_v<Ts> && ...)) Task<std::tuple<Ts...>> gather(Future<Ts>... futures) {
  std::vector<FutureBase*> cores{static_cast<FutureBase*>(futures.core())...};
  co_await detail::wait_all_or_first_failure(std::move(cores));
  co_return std::tuple<Ts...>(futures.result()...);
}

}  // namespace coflags::async
