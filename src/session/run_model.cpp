#include "session/run_model.hpp"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

// The summary's outcome values, spelled as its count keys ("not_found").
namespace coflags::flags {
NLOHMANN_JSON_SERIALIZE_ENUM(Outcome, {{Outcome::ok, "ok"},
                                       {Outcome::not_found, "not_found"},
                                       {Outcome::error, "error"},
                                       {Outcome::cancelled, "cancelled"}})
}  // namespace coflags::flags

namespace coflags::session {

void RunCounts::take(const flags::Counts& c) {
  ok = static_cast<int>(c.ok);
  not_found = static_cast<int>(c.not_found);
  error = static_cast<int>(c.error);
  cancelled = static_cast<int>(c.cancelled);
}

const char* phase_name(RunPhase phase) {
  switch (phase) {
    case RunPhase::idle: return "idle";
    case RunPhase::starting: return "starting";
    case RunPhase::running: return "running";
    case RunPhase::cancelling: return "cancelling";
    case RunPhase::finished: return "finished";
  }
  return "?";
}

double RunModel::elapsed_s(double now_s) const {
  if (phase == RunPhase::idle) return 0;
  return (active() ? now_s : finished_s) - started_s;
}

double RunModel::rate(double now_s) const {
  double t = elapsed_s(now_s);
  return t > 0 ? counts.answered() / t : 0;  // cancelled codes were never fetched
}

double RunModel::eta_s(double now_s) const {
  double r = rate(now_s);
  int left = total - counts.done();
  if (!active() || r <= 0 || left <= 0) return -1;
  return left / r;
}

void RunLog::add(double time_s, LogLevel level, std::string code, std::string text) {
  if (lines_.size() >= kMaxLines) lines_.pop_front();
  lines_.push_back({time_s, level, std::move(code), std::move(text)});
  ++added_;
}

std::string export_file_name(const RunModel& run) {
  const std::time_t t = static_cast<std::time_t>(run.started_wall_ms / 1000);
  std::tm local{};
  localtime_r(&t, &local);
  char name[64];
  std::strftime(name, sizeof name, "coflags-run-%Y%m%d-%H%M%S.json", &local);
  return name;
}

std::string run_summary_json(const RunModel& run, double now_s) {
  nlohmann::json requests = nlohmann::json::array();
  // Milliseconds since the run started, or null for a phase the request never reached.
  auto ms = [&](double s) { return s < 0 ? nlohmann::json(nullptr) : nlohmann::json((s - run.started_s) * 1000); };
  for (const auto& r : run.requests) {
    requests.push_back({{"code", r.code},
                        {"resource", flags::to_string(r.resource)},
                        {"queued_ms", (r.queued_s - run.started_s) * 1000},
                        {"start_ms", ms(r.started_s)},
                        {"end_ms", ms(r.finished_s)},
                        {"saved_ms", ms(r.saved_s)},
                        // No outcome before the answer: a request in flight or queued is not "ok" yet.
                        {"outcome", r.finished() ? nlohmann::json(r.outcome) : nlohmann::json(nullptr)},
                        {"bytes", r.bytes}});
  }
  const char* phase = phase_name(run.phase);
  nlohmann::json j = {
      {"run", run.run_number},
      {"started_at_ms", run.started_s * 1000},  // page time (performance.now) the request times count from
      {"started_wall_ms", run.started_wall_ms},
      {"phase", phase},
      {"server", run.server_label},
      {"base_url", run.base_url},
      {"transport", run.transport},
      {"transport_reason", run.transport_reason},
      {"origins", run.origins},
      {"stats_listener", run.stats_listener},
      {"total", run.total},
      {"skipped_saved", run.skipped_saved},
      {"ok", run.counts.ok},
      {"not_found", run.counts.not_found},
      {"error", run.counts.error},
      {"cancelled", run.counts.cancelled},
      {"save_failed", run.counts.save_failed},
      {"storage_problem", run.storage_problem},
      {"done", run.counts.done()},
      {"bytes", run.bytes},
      {"limit", run.concurrency},
      {"peak_in_flight", run.peak_in_flight},
      {"server_peak_in_flight_seen", run.server_peak_seen},
      {"metadata", run.metadata},
      {"elapsed_ms", run.elapsed_s(now_s) * 1000},
      {"input_error", run.input_error},
      {"requests", std::move(requests)},
  };
  return j.dump();
}

}  // namespace coflags::session
