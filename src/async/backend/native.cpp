// Native backend: the default Backend blocks the thread until the next timer.
#include <cstdio>
#include <exception>
#include <thread>

#include "async/loop.hpp"
#include "async/run.hpp"

namespace coflags::async {

void Backend::wait_until(TimePoint when) { std::this_thread::sleep_until(when); }

// g++ 12 inlines the moved-from Task's release() down to the frame's
// deallocation and misreads the frame address (the promise's, minus 16) as
// "nonzero offset" into a non-heap object; the frame came from operator new.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#endif
int run_main(Task<int> task) {
  Loop& loop = current_loop();
  LoopScope scope(loop);
  Future<int> main_task = spawn(std::move(task));
  int code = 1;
  try {
    drive_until_done(loop, *main_task.core());
    code = exit_code_of(main_task);
  } catch (const std::exception& e) {  // the task can never finish
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  loop.shutdown();
  return code;
}

}  // namespace coflags::async
