// Status: the chapter's spinner, progress with rate/elapsed/ETA, the
// outcome counters and the in-flight gauge.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <string>

#include <nlohmann/json.hpp>

#include "app/platform/page_api.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "imgui.h"

namespace coflags::app {
namespace {

// spinner_async.py's |/-\ beside a turning arc; both advance with time, not
// with events, so a stalled frame loop would show at once.
void spinner(bool active, const char* label) {
  const float size = ImGui::GetFontSize();
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 center(pos.x + size * 0.6f, pos.y + size * 0.6f);
  const float radius = size * 0.5f;
  if (active) {
    const float t = static_cast<float>(ImGui::GetTime());
    const float start = t * 6.0f;
    draw->PathArcTo(center, radius, start, start + 4.2f, 24);
    draw->PathStroke(colors::accent, 0, size * 0.16f);
  } else {
    draw->AddCircle(center, radius, colors::muted, 24, size * 0.1f);
  }
  ImGui::Dummy(ImVec2(size * 1.2f, size * 1.2f));
  ImGui::SameLine();
  if (active) {
    const char glyph = "|/-\\"[static_cast<int>(ImGui::GetTime() / 0.1) & 3];
    ImGui::Text("%c %s", glyph, label);
  } else {
    ImGui::TextUnformatted(label);
  }
}

void counter(const char* label, int value, ImU32 color) {
  ImGui::BeginGroup();
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::Text("%d", value);
  ImGui::PopStyleColor();
  ImGui::TextDisabled("%s", label);
  ImGui::EndGroup();
}

std::string clock_text(double seconds) {
  if (seconds < 0) return "--";
  char buf[32];
  if (seconds < 60) std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  else std::snprintf(buf, sizeof buf, "%d:%02d", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
  return buf;
}

const char* phase_label(const session::RunModel& run) {
  switch (run.phase) {
    case session::RunPhase::idle: return "ready";
    case session::RunPhase::starting: return "starting...";
    case session::RunPhase::running: return "downloading flags...";
    case session::RunPhase::cancelling: return "cancelling...";
    case session::RunPhase::finished: return run.counts.cancelled ? "cancelled" : "done";
  }
  return "";
}

}  // namespace

float status_panel_height() {
  // The spinner line, progress, rate line, two counter lines, the route line, two gauges,
  // and the spacing between them.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float spinner = ImGui::GetFontSize() * 1.2f + style.ItemSpacing.y;
  return spinner + ImGui::GetTextLineHeightWithSpacing() * 4 + ImGui::GetFrameHeightWithSpacing() * 3 +
         style.ItemSpacing.y * 2;
}

void draw_status_panel(const session::RunModel& run, double now_s) {
  spinner(run.active(), phase_label(run));

  // Cancelled codes were never fetched: the bar and the rate count only what was answered.
  const int answered = run.counts.answered();
  const float fraction = run.total > 0 ? static_cast<float>(answered) / run.total : 0.0f;
  char overlay[96];
  if (run.counts.cancelled > 0)
    std::snprintf(overlay, sizeof overlay, "%d / %d, %d cancelled", answered, run.total, run.counts.cancelled);
  else std::snprintf(overlay, sizeof overlay, "%d / %d", answered, run.total);
  ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0), overlay);
  publish_last_item("progress");
  static std::string published;
  if (published != overlay) {
    published = overlay;
    publish_json("progress", nlohmann::json(published).dump());
  }

  ImGui::TextDisabled("rate");
  ImGui::SameLine();
  ImGui::Text("%.1f/s", run.rate(now_s));
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.2f);
  ImGui::TextDisabled("elapsed");
  ImGui::SameLine();
  ImGui::TextUnformatted(clock_text(run.elapsed_s(now_s)).c_str());
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.2f);
  ImGui::TextDisabled("ETA");
  ImGui::SameLine();
  ImGui::TextUnformatted(clock_text(run.eta_s(now_s)).c_str());

  ImGui::Spacing();
  const float column = ImGui::GetContentRegionAvail().x / 5;
  const float x0 = ImGui::GetCursorPosX();
  counter("ok", run.counts.ok, colors::ok);
  ImGui::SameLine(x0 + column);
  counter("not found", run.counts.not_found, colors::not_found);
  ImGui::SameLine(x0 + column * 2);
  counter("error", run.counts.error, colors::error);
  ImGui::SameLine(x0 + column * 3);
  counter("cancelled", run.counts.cancelled, colors::cancelled);
  ImGui::SameLine(x0 + column * 4);
  counter("save fail", run.counts.save_failed, run.counts.save_failed ? colors::error : colors::muted);

  // In flight against the limit: the bar fills as requests are in the air.
  ImGui::Spacing();
  // The run's route in one line; the controls say why before the run, and the log keeps it.
  if (!run.transport.empty()) {
    ImGui::TextDisabled("%s%s", run.transport.c_str(),
                        run.origins > 1 ? (" over " + std::to_string(run.origins) + " origins").c_str() : "");
    if (ImGui::IsItemHovered() && !run.transport_reason.empty()) ImGui::SetTooltip("%s", run.transport_reason.c_str());
  }
  const int limit = std::max(1, run.concurrency);
  char gauge[96];
  std::snprintf(gauge, sizeof gauge, "sent %d / limit %d  (peak %d)", run.in_flight, run.concurrency,
                run.peak_in_flight);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, to_vec4(colors::ok));
  ImGui::ProgressBar(std::min(1.0f, static_cast<float>(run.in_flight) / limit), ImVec2(-FLT_MIN, 0), gauge);
  ImGui::PopStyleColor();
  // What the server sees: below what was sent when the browser holds requests back.
  if (run.server_peak_seen > 0 ||
      (run.active() && run.server_peak_seen >= 0)) {  // a run too quick to catch shows nothing
    const int seen = std::max(0, run.server_in_flight);
    std::snprintf(gauge, sizeof gauge, "server sees %d on %s  (peak seen %d)", seen, run.stats_listener.c_str(),
                  run.server_peak_seen);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, to_vec4(colors::accent));
    ImGui::ProgressBar(std::min(1.0f, static_cast<float>(seen) / limit), ImVec2(-FLT_MIN, 0), gauge);
    ImGui::PopStyleColor();
  }
}

}  // namespace coflags::app
