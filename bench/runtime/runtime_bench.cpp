// Runtime benchmark scenarios; run.mjs compares them with CPython asyncio and
// JS async/await. Prints one JSON line per scenario:
//   spawn-await N     spawn and await N trivial tasks, one after another
//   await N           await N trivial coroutines inline (no task object)
//   semaphore N       N hand-offs: 1,000 tasks looping over a Semaphore(100)
//   memory N          heap bytes per task suspended on a future, N tasks
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "async/future.hpp"
#include "async/run.hpp"
#include "async/semaphore.hpp"
#include "async/sleep.hpp"
#include "async/task.hpp"

// Counts heap bytes so the memory scenario measures what tasks really cost.
static std::size_t g_allocated = 0;
void* operator new(std::size_t n) {
  g_allocated += n;
  if (void* p = std::malloc(n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {
using namespace coflags::async;
using namespace std::chrono_literals;

Task<int> trivial(int i) { co_return i; }

Task<long long> spawn_await(int n) {
  long long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await spawn(trivial(i));
  co_return sum;
}

// The same without spawn: the child runs as part of the awaiting task (what
// JS does for `await f()`), still through the loop at start and at return.
Task<long long> await_inline(int n) {
  long long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await trivial(i);
  co_return sum;
}

Task<void> contend(Semaphore& sem, int rounds, long& handoffs) {
  for (int i = 0; i < rounds; ++i) {
    auto permit = co_await sem.acquire();
    ++handoffs;
    co_await sleep(0s);
  }
}

Task<long> semaphore_handoffs(int n) {
  constexpr int kTasks = 1000;
  Semaphore sem(100);
  long handoffs = 0;
  std::vector<Future<void>> tasks;
  tasks.reserve(kTasks);
  for (int t = 0; t < kTasks; ++t) tasks.push_back(spawn(contend(sem, n / kTasks, handoffs)));
  for (auto& t : tasks) co_await t;
  co_return handoffs;
}

Task<void> wait_on(Future<void> gate) { co_await gate; }

Task<long> suspended_memory(int n) {
  Future<void> gate;
  std::vector<Future<void>> tasks;
  tasks.reserve(static_cast<std::size_t>(n));
  co_await sleep(0s);
  std::size_t before = g_allocated;
  for (int i = 0; i < n; ++i) tasks.push_back(spawn(wait_on(gate)));
  co_await sleep(0s);  // every task runs to its suspension point
  std::size_t bytes = g_allocated - before;
  gate.set_result();
  for (auto& t : tasks) co_await t;
  co_return static_cast<long>(bytes / static_cast<std::size_t>(n));
}

Task<int> bench(std::string scenario, int n) {
  auto start = std::chrono::steady_clock::now();
  long long value = 0;
  if (scenario == "spawn-await") {
    value = co_await spawn_await(n);
  } else if (scenario == "await") {
    value = co_await await_inline(n);
  } else if (scenario == "semaphore") {
    value = co_await semaphore_handoffs(n);
  } else if (scenario == "memory") {
    value = co_await suspended_memory(n);
  } else {
    std::fprintf(stderr, "unknown scenario %s\n", scenario.c_str());
    co_return 2;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"scenario\":\"%s\",\"n\":%d,\"seconds\":%.6f,\"value\":%lld,\"frames_left\":%ld}\n", scenario.c_str(),
              n, seconds, value, live_frames());
  co_return 0;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: runtime_bench spawn-await|await|semaphore|memory N\n");
    return 2;
  }
  return run_main(bench(argv[1], std::atoi(argv[2])));
}
