#include "app/run/run_controller.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>

#include "app/run/country_names.hpp"
#include "app/run/server_stats_poller.hpp"
#include "async/errors.hpp"
#include "net/errors.hpp"

namespace coflags::app {

double now_s() { return emscripten_get_now() / 1000.0; }

namespace {

std::string format_bytes(std::uint64_t n) {
  char buf[32];
  if (n < 10 * 1024) std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(n));
  else std::snprintf(buf, sizeof buf, "%.1f KiB", n / 1024.0);
  return buf;
}

}  // namespace

RunController::RunController(RunModel& model, RunLog& log, Gallery& gallery, IdbSaver& saver,
                             const ServerDirectory& servers)
    : model_(model), log_(log), gallery_(gallery), saver_(saver), servers_(servers) {}

RunController::~RunController() {
  if (task_ && !task_->done()) task_->cancel();
  if (stats_poller_ && !stats_poller_->done()) stats_poller_->cancel();
}

bool RunController::start(const Settings& settings) {
  if (active()) return false;
  model_.input_error.clear();
  auto reject = [&](std::string why) {
    model_.input_error = why;
    log_.add(now_s(), LogLevel::error, "", "cannot start: " + why);
    return false;
  };

  if (settings.server == ServerChoice::custom) {
    if (auto problem = base_url_problem(settings.custom_url)) return reject(*problem);
  }
  std::optional<std::string> base_url = servers_.base_url(settings.server, settings.custom_url);
  if (!base_url) {
    return reject("the " + std::string(server_choice_name(settings.server)) +
                  " port of this server is unknown: " + servers_.note());
  }
  if (settings.concurrency < kMinConcurrency || settings.concurrency > kMaxConcurrency)
    return reject("concurrency must be from 1 to 1000");
  // The serving host's listeners: HTTP/2, sharded or plain HTTP/1.1 (a custom URL is used as given).
  TransportPlan plan;
  // "all" reads the code list from where the page came from: the same host
  // and data set, like the book's local country_codes.txt, so a slow or
  // failing DELAY/ERROR listener holds up only the flags.
  std::string codes_base = *base_url;
  if (std::optional<Endpoint> endpoint = servers_.endpoint(settings.server)) {
    plan = plan_transport(settings.transport, *endpoint, settings.concurrency);
    base_url = plan.base_urls.front();
    codes_base = servers_.origin() + "/flags";
  } else {
    plan.base_urls = {*base_url};
    plan.reason = "as given: a custom URL";
  }

  CountryArgs args = parse_country_field(settings.countries);
  // Validate the codes now (as the CLI does before any request); "all" still needs the server's list.
  try {
    flags::CodeSelection check;
    check.every = args.every;
    if (settings.limit > 0) check.limit = static_cast<std::size_t>(settings.limit);
    (void)flags::expand_country_codes(args.codes, check);
  } catch (const flags::UsageError& e) {
    return reject(e.what());
  }

  model_ = RunModel{};
  model_.run_number = ++run_count_;
  model_.phase = RunPhase::starting;
  model_.server_label = std::string(server_choice_name(settings.server));
  model_.base_url = *base_url;
  model_.transport = settings.server == ServerChoice::custom ? "custom" : std::string(transport_choice_name(plan.used));
  model_.transport_reason = plan.reason;
  model_.origins = static_cast<int>(plan.base_urls.size());
  model_.stats_listener = plan.stats_listener;
  http2_failure_logged_ = false;
  model_.limit = settings.concurrency;
  model_.metadata = settings.metadata;
  model_.started_s = now_s();
  request_index_.clear();
  last_request_.clear();
  flag_ms_.clear();
  save_failures_at_start_ = saver_.failures();
  log_.add(now_s(), LogLevel::info, "",
           "run " + std::to_string(model_.run_number) + ": " + settings.countries + " from " + model_.server_label +
               " (" + *base_url + "), concurrency " + std::to_string(settings.concurrency) +
               (settings.metadata ? ", with metadata" : ""));
  log_.add(now_s(), LogLevel::info, "", "transport " + plan.reason);
  task_ = async::spawn(run(settings, std::move(plan.base_urls), std::move(codes_base), std::move(args)));
  // The serving host's listeners report their in-flight requests; a custom server may not.
  if (settings.server != ServerChoice::custom)
    stats_poller_ = async::spawn(poll_server_stats(servers_.origin() + "/_stats", model_.stats_listener, nullptr,
                                                   [this](int n) {
                                                     model_.server_in_flight = n;
                                                     model_.server_peak_seen = std::max(model_.server_peak_seen, n);
                                                   }));
  return true;
}

async::Task<void> RunController::run(Settings settings, std::vector<std::string> base_urls, std::string codes_base,
                                     CountryArgs args) {
  const std::string base_url = base_urls.front();
  try {
    flags::CodeSelection selection;
    selection.all = args.all;
    selection.every = args.every;
    if (settings.limit > 0) selection.limit = static_cast<std::size_t>(settings.limit);
    if (args.all && !args.every) {
      log_.add(now_s(), LogLevel::info, "", "fetching " + codes_base + "/country_codes.txt");
      selection.server_codes = co_await flags::fetch_server_codes(codes_base);
    }
    std::vector<std::string> codes = flags::expand_country_codes(args.codes, selection);
    if (settings.skip_saved) {
      auto saved = saver_.saved_codes();
      auto kept = std::remove_if(codes.begin(), codes.end(), [&](const std::string& c) { return saved.count(c) != 0; });
      model_.skipped_saved = static_cast<int>(codes.end() - kept);
      codes.erase(kept, codes.end());
      if (model_.skipped_saved)
        log_.add(now_s(), LogLevel::info, "",
                 "skipping " + std::to_string(model_.skipped_saved) + " codes already saved");
    }
    model_.total = static_cast<int>(codes.size());
    flags::DownloadOptions options;
    options.base_url = base_url;
    if (base_urls.size() > 1) options.mirrors = std::move(base_urls);
    options.codes = std::move(codes);
    options.concurrency = flags::clamp_concurrency(model_.limit);
    options.metadata = settings.metadata;
    options.timeout = std::chrono::milliseconds(static_cast<long long>(settings.timeout_s * 1000));
    downloader_ = std::make_unique<flags::Downloader>(std::move(options), &saver_, static_cast<flags::Observer*>(this));
    model_.phase = RunPhase::running;
    co_await async::spawn(downloader_->run());
    finish(RunPhase::finished);
  } catch (const async::CancelledError&) {
    log_.add(now_s(), LogLevel::warn, "", "run cancelled");
    finish(RunPhase::finished);
  } catch (const flags::UsageError& e) {
    model_.input_error = e.what();
    log_.add(now_s(), LogLevel::error, "", std::string("cannot start: ") + e.what());
    finish(RunPhase::finished);
  } catch (const std::exception& e) {
    log_.add(now_s(), LogLevel::error, "", std::string("run failed: ") + e.what());
    if (model_.total == 0) model_.input_error = e.what();
    finish(RunPhase::finished);
  }
}

void RunController::finish(RunPhase phase) {
  if (stats_poller_ && !stats_poller_->done()) stats_poller_->cancel();
  model_.server_in_flight = -1;
  model_.phase = phase;
  model_.finished_s = now_s();
  model_.in_flight = 0;
  model_.counts.save_failed = saver_.failures() - save_failures_at_start_;
  if (on_finished) on_finished();
}

void RunController::cancel() {
  if (!active() || !task_ || task_->done()) return;
  model_.phase = RunPhase::cancelling;
  log_.add(now_s(), LogLevel::warn, "", "cancelling: aborting the requests in flight");
  task_->cancel();
}

void RunController::set_concurrency(int limit) {
  limit = std::clamp(limit, kMinConcurrency, kMaxConcurrency);
  model_.limit = limit;
  if (downloader_ && active()) downloader_->set_concurrency(limit);
}

void RunController::on_run_started(const flags::RunInfo& info) {
  run_clock_start_s_ = now_s();
  model_.total = static_cast<int>(info.codes.size());
}

void RunController::on_request(const flags::RequestEvent& event) {
  using Phase = flags::RequestEvent::Phase;
  // The tracker counts only requests holding a permit: queued ones are not in flight.
  model_.in_flight = downloader_ ? downloader_->in_flight() : 0;
  model_.peak_in_flight = std::max(model_.peak_in_flight, model_.in_flight);
  if (event.phase == Phase::queued) {
    request_index_[event.id] = model_.requests.size();
    last_request_[event.code] = model_.requests.size();
    RequestRecord record;
    record.code = event.code;
    record.resource = event.resource == flags::Resource::metadata ? Resource::metadata : Resource::flag;
    record.queued_s = page_time(event.queued_at);
    model_.requests.push_back(std::move(record));
    return;
  }
  auto it = request_index_.find(event.id);
  if (it == request_index_.end()) return;
  RequestRecord& record = model_.requests[it->second];
  if (event.phase == Phase::started) {
    record.started_s = page_time(event.started_at);
    return;
  }
  // Finished; a request cancelled while queued keeps started_s < 0.
  record.finished_s = page_time(event.finished_at);
  record.outcome = static_cast<Outcome>(event.outcome);
  record.bytes = event.bytes;
  model_.bytes += event.bytes;
  if (event.resource == flags::Resource::flag && record.started())
    flag_ms_[event.code] = (event.finished_at - event.started_at).count() * 1000;
}

void RunController::on_flag(const flags::FlagResult& result, const flags::Counts& counts) {
  model_.counts.ok = static_cast<int>(counts.ok);
  model_.counts.not_found = static_cast<int>(counts.not_found);
  model_.counts.error = static_cast<int>(counts.error);
  model_.counts.cancelled = static_cast<int>(counts.cancelled);
  model_.counts.save_failed = saver_.failures() - save_failures_at_start_;
  const double t = page_time(result.finished_at);
  switch (result.outcome) {
    case flags::Outcome::ok: {
      // download_one saves after the code's last request (the metadata one,
      // with metadata) and the result comes once the save is done, so the
      // saving segment is that request's end to now.
      if (auto last = last_request_.find(result.code); last != last_request_.end())
        model_.requests[last->second].saved_s = t;
      std::string name = result.metadata ? result.metadata->country : std::string(country_name(result.code));
      double ms = flag_ms_.count(result.code) ? flag_ms_[result.code] : 0;
      char line[160];
      std::snprintf(line, sizeof line, "OK  %s, %s in %.0f ms -> %s", name.c_str(),
                    format_bytes(result.image ? result.image->size() : 0).c_str(), ms, result.file_name.c_str());
      log_.add(t, LogLevel::ok, result.code, line);
      if (result.image) gallery_.add(result.code, std::move(name), *result.image, ms);
      break;
    }
    case flags::Outcome::not_found: log_.add(t, LogLevel::warn, result.code, "not found: " + result.error); break;
    case flags::Outcome::error: {
      // The downloader's message starts with the code, which the log shows in its own column.
      std::string_view text = result.error;
      if (text.starts_with(result.code + " ")) text.remove_prefix(result.code.size() + 1);
      log_.add(t, LogLevel::error, result.code, std::string(text));
      explain_http2_failure(t, text);
      break;
    }
    case flags::Outcome::cancelled: log_.add(t, LogLevel::warn, result.code, "cancelled"); break;
  }
}

// A browser that does not trust the server's certificate fails every HTTPS
// request as a bare network error: say once what to do about it.
void RunController::explain_http2_failure(double t, std::string_view error) {
  if (http2_failure_logged_ || model_.transport != transport_choice_name(TransportChoice::http2)) return;
  if (error.find("network error") == std::string_view::npos) return;
  http2_failure_logged_ = true;
  // The error itself is on the line before; the advice comes first, as long log lines are cut.
  std::string root = model_.base_url.substr(0, model_.base_url.rfind("/flags"));
  log_.add(t, LogLevel::error, "",
           "HTTP/2 network error: does this browser trust the server's certificate? Open " + root +
               "/ once and accept it, or trust build/tls/cert.pem (docs/SERVER.md), or choose HTTP/1.1 sharded.");
}

void RunController::on_run_finished(const flags::Summary& summary) {
  model_.counts.ok = static_cast<int>(summary.counts.ok);
  model_.counts.not_found = static_cast<int>(summary.counts.not_found);
  model_.counts.error = static_cast<int>(summary.counts.error);
  model_.counts.cancelled = static_cast<int>(summary.counts.cancelled);
  model_.peak_in_flight = std::max(model_.peak_in_flight, summary.peak_in_flight);
  char line[200];
  std::snprintf(line, sizeof line, "%zu flags in %.2f s: %zu ok, %zu not found, %zu errors%s", summary.total,
                summary.elapsed.count(), summary.counts.ok, summary.counts.not_found, summary.counts.error,
                summary.cancelled ? (", " + std::to_string(summary.counts.cancelled) + " cancelled").c_str() : "");
  log_.add(now_s(), summary.counts.error ? LogLevel::warn : LogLevel::info, "", line);
}

}  // namespace coflags::app
