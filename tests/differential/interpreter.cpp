// Runs differential-tier programs (see programs.py for the language) on the
// runtime with a virtual clock and prints each one's trace, "end" after each.
//   differential_interpreter PROGRAMS_FILE   (programs separated by "end" lines)
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "async/as_completed.hpp"
#include "async/backend/manual_clock.hpp"
#include "async/gather.hpp"
#include "async/run.hpp"
#include "async/semaphore.hpp"
#include "async/sleep.hpp"
#include "async/timeout.hpp"
#include "async/wait.hpp"

namespace coflags::async {
namespace {

using std::chrono::microseconds;

struct Step {
  std::string op;
  std::vector<int> args;
};

struct Program {
  int sem = 1;
  std::vector<std::pair<int, int>> futures;  // (at, value)
  std::vector<std::vector<Step>> tasks;
};

Program parse(const std::string& text) {
  Program p;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string op;
    if (!(words >> op)) continue;
    std::vector<int> args;
    for (int v; words >> v;) args.push_back(v);
    if (op == "task") {
      p.tasks.emplace_back();
    } else if (p.tasks.empty() && op == "sem") {
      p.sem = args.at(0);
    } else if (p.tasks.empty() && op == "future") {
      p.futures.emplace_back(args.at(1), args.at(2));
    } else if (!p.tasks.empty()) {
      p.tasks.back().push_back({op, args});
    } else {
      throw std::invalid_argument("a step before any task: " + line);
    }
  }
  return p;
}

struct World {
  ManualClock* clock;
  std::vector<std::string>* trace;
  Semaphore* sem;
  std::vector<Future<int>>* futures;
  std::vector<Future<void>>* tasks;
  void log(const std::string& event) const {
    auto ms = std::chrono::duration_cast<microseconds>(clock->now() - TimePoint{}).count();
    trace->push_back(std::to_string(ms) + " " + event);
  }
};

Task<int> child(int d, int v) {
  co_await sleep(microseconds(d));
  co_return v;
}

std::string list(std::vector<int> values) {
  std::string s = "[";
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

Task<void> sleep_for(int d) { co_await sleep(microseconds(d)); }

// One coroutine runs all of a task's steps: a child Task per step would start
// and end through the ready queue (two loop iterations asyncio does not have).
Task<void> body(World w, int i, std::vector<Step> steps) {
  std::string name = "t" + std::to_string(i);
  try {
    for (const Step& step : steps) {
      const auto& a = step.args;
      if (step.op == "sleep") {
        co_await sleep(microseconds(a[0]));
        w.log(name + " slept " + std::to_string(a[0]));
      } else if (step.op == "sem") {
        {
          auto permit = co_await w.sem->acquire();
          w.log(name + " acquired");
          co_await sleep(microseconds(a[0]));
        }
        w.log(name + " released");
      } else if (step.op == "limit") {
        w.sem->set_limit(a[0]);
        w.log(name + " limit " + std::to_string(a[0]));
      } else if (step.op == "future") {
        int v = co_await (*w.futures)[a[0]];
        w.log(name + " future " + std::to_string(v));
      } else if (step.op == "cancel") {
        bool ok = (*w.tasks)[a[0]].cancel();
        w.log(name + " cancel t" + std::to_string(a[0]) + (ok ? " True" : " False"));
      } else if (step.op == "gather") {
        std::vector<Future<int>> cs{spawn(child(a[0], 1)), spawn(child(a[1], 2))};
        w.log(name + " gather " + list(co_await gather(cs)));
      } else if (step.op == "wait") {
        std::vector<Future<int>> cs{spawn(child(a[0], 1)), spawn(child(a[1], 2))};
        auto r = co_await wait(cs, ReturnWhen::first_completed, microseconds(a[2]));
        std::vector<int> done;
        for (auto& f : r.done) done.push_back(f.result());
        std::sort(done.begin(), done.end());
        w.log(name + " wait done " + list(done) + " pending " + std::to_string(r.pending.size()));
        for (auto& f : r.pending) f.cancel();
      } else if (step.op == "as_completed") {
        std::vector<Future<int>> cs{spawn(child(a[0], 1)), spawn(child(a[1], 2)), spawn(child(a[2], 3))};
        auto pending = as_completed(cs, microseconds(a[3]));
        while (pending.remaining() > 0) {
          std::string what;
          try {
            Future<int> f = co_await pending.next();
            what = std::to_string(f.result());
          } catch (const TimeoutError&) {
            what = "timeout";
          }
          w.log(name + " as_completed " + what);
        }
        for (auto& f : cs) f.cancel();
      } else if (step.op == "wait_for") {
        std::string what;
        try {
          what = std::to_string(co_await wait_for(child(a[0], 7), microseconds(a[1])));
        } catch (const TimeoutError&) {
          what = "timeout";
        }
        w.log(name + " wait_for " + what);
      } else if (step.op == "timeout") {
        std::string what = "ok";
        try {
          co_await timeout(microseconds(a[1]), sleep_for(a[0]));
        } catch (const TimeoutError&) {
          what = "expired";
        }
        w.log(name + " timeout " + what);
      } else if (step.op == "raise") {
        throw std::runtime_error(name + " raised");
      } else {
        throw std::invalid_argument("unknown step: " + step.op);
      }
    }
  } catch (const CancelledError&) {
    w.log(name + " cancelled");
    throw;
  }
  w.log(name + " finished");
}

Task<int> program_main(World w, const Program* p) {
  for (std::size_t k = 0; k < p->futures.size(); ++k) {
    Future<int> f = (*w.futures)[k];
    int v = p->futures[k].second;
    current_loop().call_at(TimePoint{} + microseconds(p->futures[k].first), [f, v] {
      if (!f.done()) f.set_result(v);
    });
  }
  for (std::size_t i = 0; i < p->tasks.size(); ++i)
    w.tasks->push_back(spawn(body(w, static_cast<int>(i), p->tasks[i])));
  co_await wait(*w.tasks);
  for (std::size_t i = 0; i < w.tasks->size(); ++i) {
    auto& t = (*w.tasks)[i];
    std::string name = "t" + std::to_string(i);
    if (t.cancelled()) {
      w.log(name + " outcome cancelled");
    } else if (auto e = t.exception()) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        w.log(name + " outcome error " + x.what());
      }
    } else {
      w.log(name + " outcome ok");
    }
  }
  co_return 0;
}

std::vector<std::string> run_program(const std::string& text) {
  Program p = parse(text);
  ManualClock clock;
  std::vector<std::string> trace;
  std::vector<std::string> errors;
  {
    Loop loop(&clock);
    loop.set_error_handler([&](std::string_view m) { errors.emplace_back(m); });
    Semaphore sem(p.sem);
    std::vector<Future<int>> futures(p.futures.size());
    std::vector<Future<void>> tasks;
    World w{&clock, &trace, &sem, &futures, &tasks};
    async::run(loop, program_main(w, &p));
    tasks.clear();
    futures.clear();
  }
  // Unretrieved failures are reported by asyncio too, but only as log noise;
  // anything else the loop reported is a runtime bug worth failing on.
  for (auto& e : errors) {
    if (e.find("never retrieved") == std::string::npos) trace.push_back("runtime error: " + e);
  }
  return trace;
}

}  // namespace
}  // namespace coflags::async

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PROGRAMS_FILE\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  std::string line;
  std::string text;
  while (std::getline(in, line)) {
    if (line != "end") {
      text += line + "\n";
      continue;
    }
    try {
      for (auto& t : coflags::async::run_program(text)) std::cout << t << "\n";
    } catch (const std::exception& e) {
      std::cout << "interpreter error: " << e.what() << "\n";
    }
    std::cout << "end\n";
    text.clear();
  }
  return 0;
}
