// The book's download_one (flags2_asyncio / flags3_asyncio): GET the flag
// under the semaphore; with metadata, GET metadata.json under the semaphore
// too, separately; then save outside the semaphore.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

#include "async/semaphore.hpp"
#include "async/task.hpp"
#include "flags/events.hpp"
#include "flags/saver.hpp"
#include "net/transport.hpp"

namespace coflags::flags {

class RequestTracker;

// Any failure of a code other than 404: carries the code and the cause's message.
class FetchError : public std::runtime_error {
 public:
  FetchError(std::string code, std::string cause, int http_status = 0, ErrorKind kind = ErrorKind::other);
  const std::string& code() const { return code_; }
  const std::string& cause() const { return cause_; }
  int http_status() const { return http_status_; }  // 0 if the cause was not an HTTP status
  ErrorKind kind() const { return kind_; }

 private:
  std::string code_;
  std::string cause_;
  int http_status_;
  ErrorKind kind_;
};

struct FlagJob {
  std::string base_url;  // ".../flags", with or without a trailing slash
  std::string code;      // "BR"
  bool metadata = false;
  std::chrono::milliseconds timeout{0};
  net::Transport* transport = nullptr;
  Saver* saver = nullptr;  // null: nothing is saved
};

// <base>/<cc>/<cc>.gif and <base>/<cc>/metadata.json (cc lower-case, as the book's server).
std::string flag_url(std::string_view base_url, std::string_view code);
std::string metadata_url(std::string_view base_url, std::string_view code);

// Returns ok (with image, file name, metadata) or not_found; throws
// FetchError for anything else; CancelledError if cancelled. `tracker` (may
// be null) hears about each request.
async::Task<FlagResult> download_one(FlagJob job, async::Semaphore& semaphore, RequestTracker* tracker);

}  // namespace coflags::flags
