// The runtime's exceptions, named after asyncio's.
#pragma once

#include <stdexcept>
#include <string>

namespace coflags::async {

// Thrown at the suspension point of a cancelled task. Like asyncio's
// CancelledError (a BaseException since Python 3.8), it deliberately does not
// derive from std::exception, so `catch (const std::exception&)` error
// handlers do not swallow cancellation by accident.
class CancelledError {
 public:
  CancelledError() = default;
  explicit CancelledError(std::string message) : message_(std::move(message)) {}
  const char* what() const noexcept { return message_.empty() ? "cancelled" : message_.c_str(); }

 private:
  std::string message_;
};

// Throws CancelledError from out of line: an awaiter's await_resume stays
// small enough to inline into the coroutine body, where with JS-lowered wasm
// exceptions an out-of-line call that may throw goes through JS.
[[noreturn]] void throw_cancelled();

// An operation is not allowed in the future's current state
// (result() before it is done, set_result() twice, ...).
class InvalidStateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// A deadline passed (as_completed with a timeout, wait_for).
class TimeoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  TimeoutError() : std::runtime_error("timed out") {}
};

}  // namespace coflags::async
