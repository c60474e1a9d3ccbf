// Native backend: the default Backend blocks the thread until the next timer.
#include <cstdio>
#include <exception>
#include <thread>

#include "async/loop.hpp"
#include "async/run.hpp"

namespace coflags::async {

void Backend::wait_until(TimePoint when) { std::this_thread::sleep_until(when); }

int run_main(Task<int> task) {
  Loop& loop = current_loop();
  try {
    return run(loop, std::move(task));
  } catch (const CancelledError&) {
    std::fprintf(stderr, "main task cancelled\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}

}  // namespace coflags::async
