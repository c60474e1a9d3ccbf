#include "async/run.hpp"

#include <cstdio>
#include <exception>

namespace coflags::async {

void drive_until_done(Loop& loop, FutureBase& future) {
  while (!future.done()) {
    loop.run_once();
    if (future.done() || loop.has_ready()) continue;
    auto deadline = loop.next_deadline();
    if (!deadline) {
      throw std::runtime_error(
          "run_until_complete: the task waits for something that can never happen "
          "(nothing ready, no timers)");
    }
    loop.backend().wait_until(*deadline);
  }
}

int exit_code_of(Future<int>& main_task) {
  try {
    return main_task.result();
  } catch (const CancelledError&) {
    std::fprintf(stderr, "main task cancelled\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "error: the main task threw something that is not a std::exception\n");
  }
  return 1;
}

}  // namespace coflags::async
