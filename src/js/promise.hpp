// The one way a JavaScript promise becomes a C++ Future. C++ registers a
// Future and passes its id to a --js-library function, which hands the
// promise to coflagsSettlePromise(id, promise) (src/js/bridge.js). When the
// promise settles, JS calls back with the id (and the rejection's message);
// the Future is resolved there, so whoever awaits it resumes from the loop.
// A settle for an id whose waiter already gave up finds a done Future or a
// dead id and does nothing.
#pragma once

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>

#include "async/future.hpp"

namespace coflags::js {

struct PendingPromise {
  std::uint32_t id = 0;  // pass this to JavaScript
  async::Future<void> future;
};

// A rejection becomes the exception `Error(message)`.
template <class Error = std::runtime_error>
PendingPromise expect_promise();

namespace detail {
using MakeError = std::exception_ptr (*)(const std::string& message);
PendingPromise expect_promise(MakeError make_error);
template <class Error>
std::exception_ptr make_error(const std::string& message) {
  return std::make_exception_ptr(Error(message));
}
}  // namespace detail

template <class Error>
PendingPromise expect_promise() {
  return detail::expect_promise(&detail::make_error<Error>);
}

}  // namespace coflags::js
