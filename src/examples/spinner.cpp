// The chapter's first example (spinner_async.py): a spinner keeps turning
// while slow_function() sleeps; the supervisor cancels it when the answer
// arrives. `--blocking` replaces the sleep with a busy wait, so the spinner
// freezes: the book's warning about time.sleep() inside a coroutine.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "async/errors.hpp"
#include "async/run.hpp"
#include "async/sleep.hpp"
#include "async/task.hpp"

namespace {
using namespace coflags::async;
using namespace std::chrono_literals;

bool blocking = false;

Task<void> spin(std::string msg) {
  std::string_view chars = "|/-\\";
  try {
    for (std::size_t i = 0;; ++i) {
      std::printf("\r%c %s", chars[i % chars.size()], msg.c_str());
      std::fflush(stdout);
      co_await sleep(100ms);
    }
  } catch (const CancelledError&) {
    std::printf("\r%*s\r", static_cast<int>(msg.size() + 2), "");
    std::fflush(stdout);
    throw;
  }
}

Task<int> slow_function() {
  if (blocking) {
    // Never do this in a coroutine: nothing else runs until it returns.
    auto end = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < end) {}
  } else {
    co_await sleep(3s);  // lets the loop run the spinner meanwhile
  }
  co_return 42;
}

Task<int> supervisor() {
  Future<void> spinner = spawn(spin("thinking!"));
  std::printf("spinner object: %s\n", spinner.done() ? "done" : "pending");
  int result = co_await slow_function();
  spinner.cancel();
  try {
    co_await spinner;
  } catch (const CancelledError&) {}
  co_return result;
}

Task<int> main_task() {
  int result = co_await supervisor();
  std::printf("Answer: %d\n", result);
  co_return 0;
}
}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--blocking") == 0) {
      blocking = true;
    } else {
      std::fprintf(stderr, "usage: spinner [--blocking]\n");
      return 2;
    }
  }
  return run_main(main_task());
}
