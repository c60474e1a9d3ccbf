// Test doubles for the downloader's interfaces: a Saver that keeps files in
// memory (and can fail), an Observer that records everything it hears.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "async/sleep.hpp"
#include "flags/events.hpp"
#include "flags/saver.hpp"

namespace coflags::flags::testing {

class MemorySaver final : public Saver {
 public:
  async::Task<void> save(std::string name, SharedBytes bytes, std::optional<CountryMetadata>) override {
    co_await async::sleep(std::chrono::milliseconds(1));  // a real saver suspends too
    if (fail_all || name == fail_on) throw std::runtime_error("disk full");
    files[name] = *bytes;
  }
  std::map<std::string, Bytes> files;
  std::string fail_on;
  bool fail_all = false;
};

class RecordingObserver final : public Observer {
 public:
  void on_run_started(const RunInfo& info) override { started = info; }
  void on_request(const RequestEvent& e) override { requests.push_back(e); }
  void on_flag(const FlagResult& r, const Counts& c) override {
    flags.push_back(r);
    counts.push_back(c);
  }
  void on_run_finished(const Summary& s) override {
    ++finished_calls;
    summary = s;
  }

  std::vector<RequestEvent> finished_requests() const {
    std::vector<RequestEvent> out;
    for (const auto& e : requests) {
      if (e.phase == RequestEvent::Phase::finished) out.push_back(e);
    }
    return out;
  }

  RunInfo started;
  std::vector<RequestEvent> requests;
  std::vector<FlagResult> flags;
  std::vector<Counts> counts;
  Summary summary;
  int finished_calls = 0;
};

}  // namespace coflags::flags::testing
