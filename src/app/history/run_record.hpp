// One finished or cancelled run as the history keeps it (IndexedDB in the
// page, a JSON array when exported). Platform-free: unit-tested natively.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace coflags::app::history {

// A request's span on the run's own clock, for the two-run timeline comparison.
struct RequestSpan {
  double started_s = 0;
  double finished_s = 0;
  int outcome = 0;  // flags::Outcome as an int
  bool operator==(const RequestSpan&) const = default;
};

struct RunRecord {
  std::int64_t id = 0;    // given by the store; 0 until stored
  double started_ms = 0;  // wall clock (ms since the epoch) when the run started
  std::string server;     // listener name, e.g. "DELAY"
  std::string transport;  // "h1", "h2", "sharded"...
  int code_count = 0;
  int concurrency = 0;
  bool metadata = false;
  double elapsed_s = 0;
  int ok = 0;
  int not_found = 0;
  int error = 0;
  int cancelled = 0;
  int peak_in_flight = 0;   // the server's peak in flight (0: unknown)
  int long_tasks = 0;       // long tasks (> 50 ms) the page saw during the run
  double delay_s = 0;       // the server's per-request delay, for the physical limit (0: unknown)
  std::string saved_in;     // where its flags were saved (18.4.2): "worker", "loop" ("": unknown)
  double save_main_ms = 0;  // main-thread time its saves took
  std::vector<RequestSpan> spans;

  bool was_cancelled() const { return cancelled > 0; }
  int requests() const { return code_count * (metadata ? 2 : 1); }
  bool operator==(const RunRecord&) const = default;
};

// JSON text of one record / an export of many; parsing throws
// std::invalid_argument with the offending field for bad input.
std::string to_json(const RunRecord& record);
RunRecord record_from_json(const std::string& text);
std::string export_json(const std::vector<RunRecord>& records);
std::vector<RunRecord> import_json(const std::string& text);

}  // namespace coflags::app::history
