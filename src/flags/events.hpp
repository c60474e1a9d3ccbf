// What a run tells its observer (the CLI's progress bar and verbose log, the
// app's log, gallery and timeline). Observers are called synchronously from
// the downloader's coroutines: they must not throw and must not block.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flags/metadata.hpp"
#include "flags/outcome.hpp"

namespace coflags::flags {

using Bytes = std::vector<std::uint8_t>;
// Shared so the saver and the observer can keep the downloaded bytes without
// copying them (the app's gallery still copies them into its own entry).
using SharedBytes = std::shared_ptr<const Bytes>;
// Time since the run started.
using Seconds = std::chrono::duration<double>;

enum class Resource { flag, metadata };
std::string_view to_string(Resource resource);  // "flag", "metadata"

// Which kind of failure an error was, kept from the typed net::HttpError so
// front ends need not guess from the message.
enum class ErrorKind {
  none,
  http_status,  // an answer outside 2xx other than 404
  network,      // no HTTP answer: refused, reset, DNS, CORS, an untrusted certificate
  timeout,      // DownloadOptions::timeout passed
  bad_body,     // a 2xx answer that is not an image / not metadata JSON
  save,         // the Saver failed
  other,
};

// One HTTP request of the run. Sent at each phase: queued (waiting for the
// semaphore), started (permit taken, request sent), finished.
struct RequestEvent {
  enum class Phase { queued, started, finished };

  std::uint32_t id = 0;  // unique within the run
  std::string code;
  Resource resource = Resource::flag;
  std::string url;
  Phase phase = Phase::queued;
  Seconds queued_at{0};
  Seconds started_at{0};   // valid from `started`
  Seconds finished_at{0};  // valid at `finished`
  // At `finished`:
  Outcome outcome = Outcome::ok;
  int http_status = 0;    // 0 when no HTTP answer (network error, timeout, cancelled)
  std::size_t bytes = 0;  // body size
  std::string error;      // empty unless outcome is error
  ErrorKind error_kind = ErrorKind::none;
  // Requests holding a permit once this event happened (queued ones do not).
  int in_flight = 0;
};

// One country code, done.
struct FlagResult {
  std::string code;
  Outcome outcome = Outcome::ok;
  std::string file_name;                    // set when ok
  SharedBytes image;                        // set when ok
  std::optional<CountryMetadata> metadata;  // with DownloadOptions::metadata, when ok
  std::string error;                        // "<CC> error: <cause>" when error; "not found: <url>" when not found
  ErrorKind error_kind = ErrorKind::none;   // when error
  Seconds finished_at{0};
};

struct RunInfo {
  std::string base_url;
  std::vector<std::string> codes;
  int concurrency = 0;
  bool metadata = false;
};

struct Summary {
  Counts counts;
  std::size_t total = 0;  // codes in the run
  Seconds elapsed{0};
  bool cancelled = false;  // the run was cancelled (counts.cancelled codes never finished)
  int peak_in_flight = 0;  // most requests in flight at once
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_run_started(const RunInfo&) {}
  virtual void on_request(const RequestEvent&) {}
  // A code finished (in completion order); `counts` already includes it.
  virtual void on_flag(const FlagResult&, const Counts& /*counts*/) {}
  // Called once per run that started, also when it is cancelled (then before
  // CancelledError propagates). A run cancelled before its first step never starts.
  virtual void on_run_finished(const Summary&) {}
};

}  // namespace coflags::flags
