// gather(): asyncio.gather. Results in argument order. The first exception
// (in completion order) is rethrown as soon as it happens, without
// cancelling the others; a cancelled child makes gather raise
// CancelledError at once; cancelling the gather cancels every child and
// raises once one of them has finished its cleanup.
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
// As asyncio's _GatheringFuture: ends at the first exception or cancelled
// child, or when all are done. Cancelled itself, it cancels the children and
// goes on waiting until one of them ends (the rest run their cleanup
// unobserved), then raises that child's exception or CancelledError.
// Written without a loop around the try: see docs/RUNTIME.md, wasm exceptions.
inline Task<FutureBase*> wait_for_first_failure(std::vector<FutureBase*> cores, bool* interrupted) {
  try {
    WaitCore waiting(cores, ReturnWhen::first_exception, std::nullopt, /*cancel_is_failure=*/true);
    co_await waiting;
    co_return waiting.first_failure();
  } catch (const CancelledError&) {
    *interrupted = true;
  }
  for (FutureBase* f : cores) f->cancel();
  co_return nullptr;
}

// Later failures are nobody's to report once gather has its outcome (asyncio
// retrieves them in its done callback).
inline void retrieve_later_failures(const std::vector<FutureBase*>& cores) {
  for (FutureBase* f : cores) {
    if (!f->done()) {
      f->add_done_callback([](FutureBase& d) {
        if (!d.cancelled()) (void)d.exception();
      });
    }
  }
}

inline Task<void> wait_all_or_first_failure(std::vector<FutureBase*> cores) {
  if (cores.empty()) co_return;
  bool cancelled = false;
  FutureBase* failure = co_await wait_for_first_failure(cores, &cancelled);
  if (cancelled) {
    bool again = false;
    failure = co_await wait_for_first_failure(cores, &again);
  }
  retrieve_later_failures(cores);
  if (failure && !failure->cancelled()) std::rethrow_exception(failure->exception());
  if (cancelled) throw CancelledError();
  if (failure) throw CancelledError("a gathered future was cancelled");
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
