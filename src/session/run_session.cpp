#include "session/run_session.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "async/errors.hpp"
#include "flags/data_path.hpp"
#include "flags/limits.hpp"
#include "session/country_names.hpp"
#include "session/server_stats_poller.hpp"
#include "session/storage_problem.hpp"

namespace coflags::session {

namespace {

std::string format_bytes(std::uint64_t n) {
  char buf[32];
  if (n < 10 * 1024) std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(n));
  else std::snprintf(buf, sizeof buf, "%.1f KiB", n / 1024.0);
  return buf;
}

}  // namespace

// The real saver behind a counter: each failed save reaches the session once, and the
// flag stays downloaded (the page shows it, marked not kept) instead of becoming an error.
class RunSession::CountingSaver final : public flags::Saver {
 public:
  CountingSaver(flags::Saver* inner, RunSession& session) : inner_(inner), session_(session) {}
  async::Task<void> save(std::string file_name, flags::SharedBytes bytes,
                         std::optional<flags::CountryMetadata> metadata) override {
    if (!inner_) co_return;
    std::string error;
    try {
      co_await inner_->save(file_name, std::move(bytes), std::move(metadata));
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (!error.empty()) session_.on_save_failed(file_name, error);
  }

 private:
  flags::Saver* inner_;
  RunSession& session_;
};

RunSession::RunSession(SessionParts parts)
    : model_(parts.model),
      log_(parts.log),
      servers_(parts.servers),
      saved_codes_(parts.saved_codes),
      transport_(parts.transport),
      on_image_(std::move(parts.on_image)),
      on_finished_(std::move(parts.on_finished)),
      saver_(std::make_unique<CountingSaver>(parts.saver, *this)) {}

RunSession::~RunSession() {
  if (task_ && !task_->done()) task_->cancel();
  if (stats_poller_ && !stats_poller_->done()) stats_poller_->cancel();
}

bool RunSession::start(const RunSettings& settings) {
  if (active()) return false;
  model_.input_error.clear();
  PlanResult planned = plan_run(settings, servers_);
  if (!planned.plan) {
    model_.input_error = planned.error;
    log(LogLevel::error, "cannot start: " + planned.error);
    return false;
  }
  RunPlan& plan = *planned.plan;

  model_ = RunModel{};
  model_.run_number = ++run_count_;
  model_.phase = RunPhase::starting;
  model_.server_label = std::string(server_choice_name(settings.server));
  model_.base_url = plan.base_url;
  model_.transport = plan.route_label;
  model_.transport_reason = plan.route.reason;
  model_.origins = static_cast<int>(plan.route.base_urls.size());
  model_.stats_listener = plan.route.stats_listener;
  model_.concurrency = settings.concurrency;
  model_.metadata = settings.metadata;
  model_.started_s = loop_seconds();
  model_.started_wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
  http2_failure_logged_ = false;
  request_index_.clear();
  not_kept_.clear();
  last_request_.clear();
  flag_ms_.clear();
  log(LogLevel::info, "run " + std::to_string(model_.run_number) + ": " + settings.countries + " from " +
                          model_.server_label + " (" + plan.base_url + "), concurrency " +
                          std::to_string(settings.concurrency) + (settings.metadata ? ", with metadata" : ""));
  log(LogLevel::info, "transport " + plan.route.reason);
  // The serving host's listeners report their in-flight requests; a custom server may not.
  std::string stats_url = plan.stats_url;
  std::string listener = plan.route.stats_listener;
  task_ = async::spawn(run(std::move(plan)));
  if (!stats_url.empty())
    stats_poller_ = async::spawn(poll_server_stats(std::move(stats_url), std::move(listener), transport_,
                                                   [this](int n) { on_server_in_flight(n); }));
  return true;
}

async::Task<void> RunSession::run(RunPlan plan) {
  const RunSettings& settings = plan.settings;
  try {
    if (plan.selection.all && !plan.selection.every)
      log(LogLevel::info, "fetching " + plan.codes_base + "/country_codes.txt");
    // A named source, not a braced temporary: g++ 12 destroys a temporary
    // aggregate argument of a coroutine twice.
    flags::CodeListSource list;
    list.base_url = plan.codes_base;
    list.transport = transport_;
    std::vector<std::string> codes =
        co_await flags::resolve_codes(plan.country_args.codes, plan.selection, std::move(list));
    if (settings.skip_saved && saved_codes_) {
      auto kept =
          std::remove_if(codes.begin(), codes.end(), [&](const std::string& c) { return saved_codes_->count(c) != 0; });
      model_.skipped_saved = static_cast<int>(codes.end() - kept);
      codes.erase(kept, codes.end());
      if (model_.skipped_saved)
        log(LogLevel::info, "skipping " + std::to_string(model_.skipped_saved) + " codes already saved");
    }
    model_.total = static_cast<int>(codes.size());
    flags::DownloadOptions options;
    options.base_url = plan.base_url;
    if (plan.route.base_urls.size() > 1) options.mirrors = std::move(plan.route.base_urls);
    options.codes = std::move(codes);
    options.concurrency = flags::clamp_concurrency(model_.concurrency);
    options.metadata = settings.metadata;
    options.timeout = flags::timeout_ms(settings.timeout_s);
    downloader_ = std::make_unique<flags::Downloader>(std::move(options), saver_.get(),
                                                      static_cast<flags::Observer*>(this), transport_);
    model_.phase = RunPhase::running;
    co_await async::spawn(downloader_->run());
  } catch (const async::CancelledError&) {
    log(LogLevel::warn, "run cancelled");
  } catch (const flags::UsageError& e) {
    model_.input_error = e.what();
    log(LogLevel::error, std::string("cannot start: ") + e.what());
  } catch (const std::exception& e) {
    log(LogLevel::error, std::string("run failed: ") + e.what());
    if (model_.total == 0) model_.input_error = e.what();
  }
  finish();
}

void RunSession::finish() {
  if (stats_poller_ && !stats_poller_->done()) stats_poller_->cancel();
  model_.server_in_flight = -1;
  model_.phase = RunPhase::finished;
  model_.finished_s = loop_seconds();
  model_.in_flight = 0;
  if (on_finished_) on_finished_();
}

void RunSession::cancel() {
  if (!active() || !task_ || task_->done()) return;
  model_.phase = RunPhase::cancelling;
  log(LogLevel::warn, "cancelling: aborting the requests in flight");
  task_->cancel();
}

void RunSession::set_concurrency(int limit) {
  limit = flags::clamp_concurrency(limit);
  // A finished run keeps the concurrency it ran with (the timeline's header says it);
  // before the first run the model shows what that run will use.
  if (active() || model_.run_number == 0) model_.concurrency = limit;
  if (downloader_ && active()) downloader_->set_concurrency(limit);
}

void RunSession::on_server_in_flight(int in_flight) {
  if (!active()) return;
  model_.server_in_flight = in_flight < 0 ? -1 : in_flight;
  model_.server_peak_seen = std::max(model_.server_peak_seen, model_.server_in_flight);
}

void RunSession::on_save_failed(const std::string& file_name, const std::string& error) {
  ++model_.counts.save_failed;
  not_kept_.insert(file_name);
  if (!model_.storage_problem.empty()) return;
  model_.storage_problem = storage_problem(error);
  log(LogLevel::error, model_.storage_problem + " (" + error + ")");
}

void RunSession::on_run_started(const flags::RunInfo& info) {
  run_clock_start_s_ = loop_seconds();
  model_.total = static_cast<int>(info.codes.size());
}

void RunSession::on_request(const flags::RequestEvent& event) {
  using Phase = flags::RequestEvent::Phase;
  // Only requests holding a permit are in flight: queued ones are not.
  model_.in_flight = event.in_flight;
  model_.peak_in_flight = std::max(model_.peak_in_flight, model_.in_flight);
  if (event.phase == Phase::queued) {
    request_index_[event.id] = model_.requests.size();
    last_request_[event.code] = model_.requests.size();
    RequestRecord record;
    record.code = event.code;
    record.resource = event.resource;
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
  record.outcome = event.outcome;
  record.bytes = event.bytes;
  model_.bytes += event.bytes;
  if (event.resource == flags::Resource::flag && record.started())
    flag_ms_[event.code] = (event.finished_at - event.started_at).count() * 1000;
}

void RunSession::on_flag(const flags::FlagResult& result, const flags::Counts& counts) {
  model_.counts.take(counts);
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
      if (result.image && on_image_)
        on_image_(result.code, std::move(name), *result.image, ms, not_kept_.count(result.file_name) == 0);
      break;
    }
    case flags::Outcome::not_found: log_.add(t, LogLevel::warn, result.code, "not found: " + result.error); break;
    case flags::Outcome::error: {
      // The downloader's message starts with the code, which the log shows in its own column.
      std::string_view text = result.error;
      if (text.starts_with(result.code + " ")) text.remove_prefix(result.code.size() + 1);
      log_.add(t, LogLevel::error, result.code, std::string(text));
      explain_http2_failure(t, result.error_kind);
      break;
    }
    case flags::Outcome::cancelled: log_.add(t, LogLevel::warn, result.code, "cancelled"); break;
  }
}

// A browser that does not trust the server's certificate fails every HTTPS
// request as a bare network error: say once what to do about it.
void RunSession::explain_http2_failure(double t, flags::ErrorKind kind) {
  if (http2_failure_logged_ || kind != flags::ErrorKind::network) return;
  if (model_.transport != transport_choice_name(TransportChoice::http2)) return;
  http2_failure_logged_ = true;
  // The error itself is on the line before; the advice comes first, as long log lines are cut.
  std::string_view root = model_.base_url;
  if (root.ends_with(flags::kDataPath)) root.remove_suffix(flags::kDataPath.size());
  log_.add(t, LogLevel::error, "",
           "HTTP/2 network error: does this browser trust the server's certificate? Open " + std::string(root) +
               "/ once and accept it, or trust build/tls/cert.pem (docs/SERVER.md), or choose HTTP/1.1 sharded.");
}

void RunSession::on_run_finished(const flags::Summary& summary) {
  model_.counts.take(summary.counts);
  model_.peak_in_flight = std::max(model_.peak_in_flight, summary.peak_in_flight);
  char line[200];
  std::snprintf(line, sizeof line, "%zu flags in %.2f s: %zu ok, %zu not found, %zu errors%s", summary.total,
                summary.elapsed.count(), summary.counts.ok, summary.counts.not_found, summary.counts.error,
                summary.cancelled ? (", " + std::to_string(summary.counts.cancelled) + " cancelled").c_str() : "");
  log(summary.counts.error ? LogLevel::warn : LogLevel::info, line);
}

}  // namespace coflags::session
