#include "flags/downloader.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "async/as_completed.hpp"
#include "async/errors.hpp"
#include "async/future.hpp"
#include "async/loop.hpp"

namespace coflags::flags {

namespace {
const DownloadOptions& validated(const DownloadOptions& options) {
  if (options.base_url.empty()) throw std::invalid_argument("Downloader: base_url is empty");
  for (const std::string& m : options.mirrors)
    if (m.empty()) throw std::invalid_argument("Downloader: a mirror URL is empty");
  if (!valid_concurrency(options.concurrency)) {
    throw std::invalid_argument("Downloader: concurrency must be 1.." + std::to_string(kMaxConcurrency));
  }
  return options;
}
}  // namespace

Downloader::Downloader(DownloadOptions options, Saver* saver, Observer* observer, net::Transport* transport)
    : options_(validated(options)),
      saver_(saver),
      observer_(observer),
      transport_(transport),
      semaphore_(options_.concurrency),
      tracker_(observer) {
  std::sort(options_.codes.begin(), options_.codes.end());
}

void Downloader::set_concurrency(int limit) { semaphore_.set_limit(clamp_concurrency(limit)); }

async::Task<Summary> Downloader::run() {
  if (used_) throw std::logic_error("Downloader::run: a Downloader runs once");
  used_ = true;
  tracker_.start_clock();
  if (observer_)
    observer_->on_run_started({options_.base_url, options_.codes, options_.concurrency, options_.metadata});

  std::vector<async::Future<FlagResult>> flags;
  flags.reserve(options_.codes.size());
  for (std::size_t i = 0; i < options_.codes.size(); ++i) {
    const std::string& code = options_.codes[i];
    const std::string& base =
        options_.mirrors.empty() ? options_.base_url : options_.mirrors[i % options_.mirrors.size()];
    FlagJob job{base, code, options_.metadata, options_.timeout, transport_, saver_};
    flags.push_back(async::spawn(download_one(std::move(job), semaphore_, &tracker_)));
  }

  std::unordered_map<const void*, std::string> code_of;
  for (std::size_t i = 0; i < flags.size(); ++i) code_of[flags[i].core()] = options_.codes[i];

  // Counts a code once, when as_completed yields it.
  auto tally = [this, &code_of](async::Future<FlagResult>& done) {
    FlagResult result;
    if (done.cancelled()) {
      result.outcome = Outcome::cancelled;
    } else {
      try {
        result = done.result();
      } catch (const FetchError& e) {  // "<CC> error: <cause>"
        result.outcome = Outcome::error;
        result.error = e.what();
        result.error_kind = e.kind();
      } catch (const std::exception& e) {
        result.outcome = Outcome::error;
        result.error = e.what();
        result.error_kind = ErrorKind::other;
      } catch (const async::CancelledError&) {
        result.outcome = Outcome::cancelled;
      }
    }
    result.code = code_of[done.core()];
    result.finished_at = tracker_.since_start();
    counts_.add(result.outcome);
    if (observer_) observer_->on_flag(result, counts_);
  };

  // The first CancelledError cancels every flag (aborting its request); the
  // loop then drains them all, so the counts still add up and nothing is left
  // running. Later cancellations while draining change nothing.
  auto pending = async::as_completed(flags);
  bool cancelled = false;
  while (pending.remaining() > 0) {
    std::optional<async::Future<FlagResult>> done;
    try {
      done = co_await pending.next();
    } catch (const async::CancelledError&) {
      if (!cancelled) {
        cancelled = true;
        for (auto& flag : flags) flag.cancel();
      }
      continue;
    }
    tally(*done);
  }

  Summary summary{counts_, options_.codes.size(), tracker_.since_start(), cancelled, tracker_.peak_in_flight()};
  if (counts_.finished() != summary.total) {  // the book's invariant; a miscount is a bug, say so loudly
    async::current_loop().report_error("Downloader: counts do not add up: " + std::to_string(counts_.finished()) +
                                       " outcomes for " + std::to_string(summary.total) + " codes");
  }
  if (observer_) observer_->on_run_finished(summary);
  if (cancelled) throw async::CancelledError("download run cancelled");
  co_return summary;
}

}  // namespace coflags::flags
