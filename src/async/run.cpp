#include "async/run.hpp"

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

}  // namespace coflags::async
