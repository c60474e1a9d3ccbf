// The chapter's spinner_thread.py beside spinner.cpp (the coroutine one): the
// spinner runs in a second thread while the main thread blocks in
// slow_function(). A thread cannot be cancelled, so the supervisor stops it
// through a shared flag that the spinner checks between frames; the
// coroutine version cancels its task instead. Native builds only (the wasm
// build has no threads).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>

namespace {
using namespace std::chrono_literals;

void spin(const std::string& msg, const std::atomic<bool>& done) {
  std::string_view chars = "|/-\\";
  for (std::size_t i = 0; !done.load(); ++i) {
    std::printf("\r%c %s", chars[i % chars.size()], msg.c_str());
    std::fflush(stdout);
    std::this_thread::sleep_for(100ms);
  }
  std::printf("\r%*s\r", static_cast<int>(msg.size() + 2), "");
  std::fflush(stdout);
}

int slow_function() {
  std::this_thread::sleep_for(3s);  // blocks this thread only: the spinner's keeps running
  return 42;
}

int supervisor() {
  std::atomic<bool> done{false};
  std::thread spinner(spin, "thinking!", std::cref(done));
  std::printf("spinner object: thread %s\n", spinner.joinable() ? "running" : "not started");
  int result = slow_function();
  done.store(true);
  spinner.join();
  return result;
}
}  // namespace

int main(int argc, char**) {
  if (argc > 1) {
    std::fprintf(stderr, "usage: spinner_thread\n");
    return 2;
  }
  std::printf("Answer: %d\n", supervisor());
  return 0;
}
