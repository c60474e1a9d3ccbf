// The plain model the frame draws: what the current (or last) run is doing.
// Coroutines and observer callbacks write it; panels only read it. Nothing
// here touches ImGui, so no co_await ever crosses a frame's drawing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "flags/events.hpp"
#include "flags/outcome.hpp"

namespace coflags::session {

enum class LogLevel { info, ok, warn, error };

struct LogLine {
  double time_s;  // seconds since the page loaded
  LogLevel level;
  std::string code;  // country code, or empty for run-level lines
  std::string text;
};

// One request, from waiting for a permit to its flag saved: the timeline and
// the summary read these. Times are page seconds; < 0 for a phase not reached.
struct RequestRecord {
  std::string code;
  flags::Resource resource = flags::Resource::flag;
  double queued_s = 0;     // began waiting for the semaphore
  double started_s = -1;   // sent; < 0 while queued, and for ever if cancelled while queued
  double finished_s = -1;  // answered, failed or cancelled; < 0 until then
  double saved_s = -1;     // the code's flag saved (on the code's last request); < 0 otherwise
  flags::Outcome outcome = flags::Outcome::ok;
  std::uint64_t bytes = 0;

  bool started() const { return started_s >= 0; }
  bool finished() const { return finished_s >= 0; }
  bool in_flight() const { return started() && !finished(); }
  // End of the wait for a permit (sent, or cancelled while queued), or `now_s` while it waits.
  double queued_until(double now_s) const { return started() ? started_s : finished() ? finished_s : now_s; }
  // When it was answered, or `now_s` while it is open.
  double finished_or(double now_s) const { return finished() ? finished_s : now_s; }
};

struct RunCounts {
  int ok = 0;
  int not_found = 0;
  int error = 0;
  int cancelled = 0;
  int save_failed = 0;                                     // counted by the session, not the downloader
  int answered() const { return ok + not_found + error; }  // what the server answered (or failed)
  int done() const { return answered() + cancelled; }
  void take(const flags::Counts& c);  // the downloader's four counts
};

enum class RunPhase { idle, starting, running, cancelling, finished };
const char* phase_name(RunPhase phase);

struct RunModel {
  RunPhase phase = RunPhase::idle;
  int run_number = 0;
  std::string server_label;  // LOCAL / DELAY / ERROR / CUSTOM
  std::string base_url;
  std::string transport;         // "HTTP/2", "HTTP/1.1 sharded", "HTTP/1.1", "custom"
  std::string transport_reason;  // why, in one line
  int origins = 1;               // base URLs the requests are spread over
  std::string stats_listener;    // the server's /_stats entry for these requests ("DELAY-H2")
  int total = 0;
  int skipped_saved = 0;
  int in_flight = 0;
  int peak_in_flight = 0;
  int server_in_flight = -1;  // what the flag server reports (/_stats), -1 if unknown
  int server_peak_seen = -1;  // the most it reported while polled
  int concurrency = 0;        // the run's permits: set at start, moved by the slider during the run
  bool metadata = false;
  std::string storage_problem;  // why this run's flags were not kept, in plain words; empty: all kept
  double started_wall_ms = 0;   // Unix time of the start, for names a user files away
  RunCounts counts;
  std::uint64_t bytes = 0;
  double started_s = 0;
  double finished_s = 0;
  std::string input_error;  // bad codes or URL: shown next to the controls
  std::vector<RequestRecord> requests;

  bool active() const {
    return phase == RunPhase::starting || phase == RunPhase::running || phase == RunPhase::cancelling;
  }
  double elapsed_s(double now_s) const;
  // Finished requests per second so far.
  double rate(double now_s) const;
  // Seconds left at the current rate, or < 0 when unknown.
  double eta_s(double now_s) const;
};

// The log: bounded, so a long session cannot grow without end.
class RunLog {
 public:
  static constexpr std::size_t kMaxLines = 20000;
  void add(double time_s, LogLevel level, std::string code, std::string text);
  const std::deque<LogLine>& lines() const { return lines_; }
  // Grows by one per added line, even once old lines are dropped (for auto-scroll).
  std::uint64_t added() const { return added_; }
  void clear() { lines_.clear(); }

 private:
  std::deque<LogLine> lines_;
  std::uint64_t added_ = 0;
};

// The JSON summary published as window.coflags.lastRun.
// "coflags-run-20261203-071502.json": the run's local start time, so exports made
// after a reload do not take an earlier one's name.
std::string export_file_name(const RunModel& run);

std::string run_summary_json(const RunModel& run, double now_s);

}  // namespace coflags::session
