// Entry points that drive a loop until a task is done.
//
// Native programs and tests block in run_until_complete()/run(); the
// backend decides how to wait for the next timer (sleep, or advance a
// virtual clock). Under node and in the browser nothing may block: the
// platform's event loop drives the runtime (backend/emscripten.hpp), and
// run_main() hands the program's exit code to it when the task ends.
#pragma once

#include <stdexcept>
#include <utility>

#include "async/future.hpp"
#include "async/loop.hpp"
#include "async/task.hpp"

namespace coflags::async {

// Runs `loop` until `future` is done; throws std::runtime_error if it never can be.
void drive_until_done(Loop& loop, FutureBase& future);

template <class T>
T run_until_complete(Loop& loop, Future<T> future) {
  LoopScope scope(loop);
  drive_until_done(loop, *future.core());
  if constexpr (std::is_void_v<T>) {
    future.result();
  } else {
    return T(future.result());
  }
}

// asyncio.run(): runs the task to completion on `loop`, then cancels and
// finishes whatever it left running.
template <class T>
T run(Loop& loop, Task<T> task) {
  LoopScope scope(loop);
  Future<T> future = spawn(std::move(task));
  struct Teardown {
    Loop& loop;
    ~Teardown() { loop.shutdown(); }
  } teardown{loop};
  return run_until_complete(loop, std::move(future));
}

// The exit code of a finished main task: its value, or 1 after printing
// why it failed (an exception, or cancellation) to stderr.
int exit_code_of(Future<int>& main_task);

// A program's main task: returns its exit code (natively), or keeps the
// runtime alive and exits the process with it when done (node, browser).
// An exception escaping the task is printed and gives exit code 1.
int run_main(Task<int> task);

}  // namespace coflags::async
