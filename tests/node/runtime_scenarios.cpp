// Scenarios for runtime.test.mjs: each exercises what depends on the node
// backend (real timers, JS callbacks resolving futures, idle exit).
#include <emscripten.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "async/backend/emscripten.hpp"
#include "async/errors.hpp"
#include "async/run.hpp"
#include "async/sleep.hpp"
#include "async/task.hpp"

namespace {
using namespace coflags::async;
using namespace std::chrono_literals;

// clang-format off
EM_JS(double, cpu_seconds, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
});
// clang-format on

// clang-format off
EM_JS(void, resolve_from_js_later, (int value), {
  setTimeout(() => { Module._coflags_scenario_resolve(value); }, 20);
});
// clang-format on

// clang-format off
EM_JS(void, set_exit_code, (int code), { process.exitCode = code; });
// clang-format on

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

Future<int>* pending_from_js = nullptr;

Task<int> sleep_and_measure(int ms) {
  auto start = Clock::now();
  double cpu = cpu_seconds();
  co_await sleep(std::chrono::milliseconds(ms));
  std::printf("slept %.0f ms, cpu %.3f s\n", elapsed_ms(start), cpu_seconds() - cpu);
  co_return 0;
}

Task<void> sleep_forever() { co_await sleep(std::chrono::hours(1)); }

Task<int> cancel_long_sleep() {
  Future<void> sleeper = spawn(sleep_forever());
  co_await sleep(50ms);
  std::printf("timers before cancel: %zu\n", current_loop().timer_count());
  sleeper.cancel();
  try {
    co_await sleeper;
  } catch (const CancelledError&) {
    std::printf("cancelled\n");
  }
  std::printf("timers after cancel: %zu\n", current_loop().timer_count());
  co_return 0;
}

Task<int> handoff() {
  Future<int> from_js;
  pending_from_js = &from_js;
  resolve_from_js_later(41);
  int value = co_await from_js;
  std::printf("resumed with %d\n", value);
  pending_from_js = nullptr;
  co_return 0;
}

Task<int> never_finishes() {
  Future<int> nobody_resolves_this;
  co_return co_await nobody_resolves_this;
}

Task<int> throws() {
  co_await sleep(1ms);
  throw std::runtime_error("boom");
}

Task<int> throws_int() {
  co_await sleep(1ms);
  throw 42;  // not a std::exception
}

// Issue 11, item 3 in a page or node: a throwing callback must not freeze the loop.
Task<int> survives_throwing_callback() {
  current_loop().call_soon([](void*) { throw std::runtime_error("callback boom"); }, nullptr);
  co_await sleep(5ms);
  std::printf("still running\n");
  co_return 0;
}

// Timers never fire early, and fire in deadline order (equal deadlines in any order,
// as asyncio's heap of TimerHandles): 1000 timers set in one synchronous step with
// loop.call_at, so each existed before any fired, deadlines spread over 100 ms of the
// node backend's real clock. Times are the loop's clock at the timer's callback.
Task<int> many_timers() {
  struct Fired {
    TimePoint deadline;
    TimePoint at;
  };
  std::vector<Fired> fired;
  fired.reserve(1000);
  Loop& loop = current_loop();
  const TimePoint base = loop.now();
  for (int i = 0; i < 1000; ++i) {
    const TimePoint deadline = base + std::chrono::milliseconds(1 + (i * 37) % 100);
    loop.call_at(deadline, [&fired, &loop, deadline] { fired.push_back({deadline, loop.now()}); });
  }
  while (fired.size() < 1000) co_await sleep(10ms);
  bool ordered = true;
  bool early = false;
  for (std::size_t i = 0; i < fired.size(); ++i) {
    early = early || fired[i].at < fired[i].deadline;
    if (i > 0 && fired[i].deadline < fired[i - 1].deadline) {
      ordered = false;
      std::printf("out of order: timer %zu (deadline %.3f ms earlier) after timer %zu\n", i,
                  std::chrono::duration<double, std::milli>(fired[i - 1].deadline - fired[i].deadline).count(), i - 1);
    }
  }
  std::printf("woke %zu, in deadline order: %s, early: %s\n", fired.size(), ordered ? "yes" : "no",
              early ? "yes" : "no");
  co_return ordered && !early ? 0 : 1;
}

// Runs without run_main: when the task ends nothing is left, and node must
// exit on its own because the backend arms no timer while idle.
void idle_exit() {
  static EventLoopBackend backend(current_loop());
  set_exit_code(0);
  (void)spawn([]() -> Task<void> {
    co_await sleep(100ms);
    std::printf("done; loop idle: %s\n", current_loop().idle() ? "yes" : "no");
  }());
  emscripten_exit_with_live_runtime();
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void coflags_scenario_resolve(int value) {
  if (!pending_from_js) return;
  std::printf("resolving from JS\n");
  pending_from_js->set_result(value + 1);
  std::printf("set_result returned\n");  // before the task resumes: never inline
}

int main(int argc, char** argv) {
  std::string name = argc > 1 ? argv[1] : "";
  int arg = argc > 2 ? std::atoi(argv[2]) : 0;
  if (name == "exit-code") return run_main([](int code) -> Task<int> { co_return code; }(arg));
  if (name == "sleep") return run_main(sleep_and_measure(arg));
  if (name == "cancel-long-sleep") return run_main(cancel_long_sleep());
  if (name == "handoff") return run_main(handoff());
  if (name == "unfinished") return run_main(never_finishes());
  if (name == "throw") return run_main(throws());
  if (name == "throw-int") return run_main(throws_int());
  if (name == "throwing-callback") return run_main(survives_throwing_callback());
  if (name == "many-timers") return run_main(many_timers());
  if (name == "idle-exit") {
    idle_exit();
    return 0;
  }
  std::fprintf(stderr, "unknown scenario '%s'\n", name.c_str());
  return 2;
}
