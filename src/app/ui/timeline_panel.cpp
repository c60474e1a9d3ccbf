// Timeline: requests in flight over time, and one bar per request in three
// segments (queued for a permit, in flight, saving), so a run's concurrency
// can be seen: at a low limit most of each bar is the grey wait.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "app/platform/download_file.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "imgui.h"

namespace coflags::app {
namespace {

constexpr ImU32 kQueuedColor = IM_COL32(150, 150, 160, 90);
constexpr ImU32 kSavingColor = IM_COL32(175, 110, 240, 255);

ImU32 outcome_color(const RequestRecord& r) {
  if (!r.finished()) return colors::accent;
  switch (r.outcome) {
    case Outcome::ok: return colors::ok;
    case Outcome::not_found: return colors::not_found;
    case Outcome::error: return colors::error;
    case Outcome::cancelled: return colors::cancelled;
  }
  return colors::muted;
}

void legend_item(const char* label, ImU32 color) {
  const float size = ImGui::GetTextLineHeight() * 0.7f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float pad = (ImGui::GetTextLineHeight() - size) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + pad), ImVec2(at.x + size, at.y + pad + size), color);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, 4);
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine(0, 12);
}

void draw_legend() {
  legend_item("queued", kQueuedColor);
  legend_item("in flight", colors::accent);
  legend_item("ok", colors::ok);
  legend_item("404", colors::not_found);
  legend_item("error", colors::error);
  legend_item("cancelled", colors::cancelled);
  legend_item("saving", kSavingColor);
  ImGui::NewLine();
}

// The same JSON as window.coflags.lastRun, as a file. Done here rather than
// returned to the app: a download touches neither the run nor the model.
void draw_export_button(const RunModel& run, double now_s) {
  ImGui::BeginDisabled(run.run_number == 0);
  const bool clicked = focus_stop([&] { return ImGui::Button("Export JSON"); });
  ImGui::EndDisabled();
  publish_last_item("export_json");
  if (clicked) {
    download_text_file("coflags-run-" + std::to_string(run.run_number) + ".json", run_summary_json(run, now_s),
                       "application/json");
  }
}

// Milliseconds from `from` to `to`, or -1 when the phase was never reached.
double phase_ms(double from, double to) { return from < 0 || to < 0 ? -1 : (to - from) * 1000; }

void request_tooltip(const RequestRecord& r, double t0, double now_s) {
  const double in_flight = phase_ms(r.started_s, r.finished_or(now_s));
  const double saving = phase_ms(r.finished_s, r.saved_s);
  const char* state = r.finished() ? outcome_name(r.outcome) : r.started() ? "in flight" : "queued";
  char sent[32] = "never sent";
  if (in_flight >= 0) std::snprintf(sent, sizeof sent, "in flight %.0f ms", in_flight);
  char saved[32] = "";
  if (saving >= 0) std::snprintf(saved, sizeof saved, ", saving %.0f ms", saving);
  ImGui::SetTooltip("%s %s  %s\nqueued %.0f ms, %s%s\nqueued at %.3f s, %llu bytes", r.code.c_str(),
                    resource_name(r.resource), state, (r.queued_until(now_s) - r.queued_s) * 1000, sent, saved,
                    r.queued_s - t0, static_cast<unsigned long long>(r.bytes));
}

}  // namespace

void draw_timeline_panel(const RunModel& run, double now_s) {
  draw_export_button(run, now_s);
  ImGui::SameLine();
  if (run.requests.empty()) {
    ImGui::TextDisabled("No requests yet: the timeline shows the last run.");
    return;
  }
  const double t0 = run.started_s;
  const double t1 = std::max(t0 + 0.001, run.active() ? now_s : run.finished_s);
  const double span = t1 - t0;

  // In flight over time (sent to answered; queued requests hold no connection): +1 at each start, -1 at each end.
  std::vector<std::pair<double, int>> steps;
  steps.reserve(run.requests.size() * 2);
  for (const RequestRecord& r : run.requests) {
    if (!r.started()) continue;
    steps.push_back({r.started_s, +1});
    steps.push_back({r.finished_or(t1), -1});
  }
  std::sort(steps.begin(), steps.end());
  int peak = 0;
  for (int level = 0; const auto& s : steps) peak = std::max(peak, level += s.second);

  ImGui::Text("%zu requests", run.requests.size());
  ImGui::SameLine();
  ImGui::TextDisabled("over %.2f s, peak %d in flight, limit %d", span, peak, run.limit);
  draw_legend();

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_h = ImGui::GetTextLineHeight();
  const float width = std::max(avail.x, 50.0f);
  const float plot_h = std::max(avail.y * 0.3f, 30.0f);
  const float bars_top = origin.y + plot_h + 6;
  const float bars_h = std::max(avail.y - plot_h - label_h - 10, 20.0f);
  auto x_of = [&](double t) { return origin.x + static_cast<float>((t - t0) / span) * width; };

  // In-flight area.
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + plot_h), IM_COL32(255, 255, 255, 8), 3);
  const float y_scale = plot_h / std::max(1, peak);
  int level = 0;
  double prev_t = t0;
  for (const auto& s : steps) {
    if (level > 0)
      draw->AddRectFilled(ImVec2(x_of(prev_t), origin.y + plot_h - level * y_scale),
                          ImVec2(std::max(x_of(s.first), x_of(prev_t) + 1), origin.y + plot_h),
                          IM_COL32(90, 150, 250, 150));
    level += s.second;
    prev_t = s.first;
  }
  char peak_label[32];
  std::snprintf(peak_label, sizeof peak_label, "%d", peak);
  draw->AddText(ImVec2(origin.x + 4, origin.y + 2), colors::muted, peak_label);

  // One bar per request, in queue order, squeezed to fit: queued (thin when
  // rows are tall enough), then in flight, then saving.
  const float row = bars_h / static_cast<float>(run.requests.size());
  const float gap = row > 3 ? 1.0f : 0.0f;
  const float bar_h = std::max(row - gap, 0.6f);
  const float queued_inset = row > 3 ? bar_h * 0.35f : 0.0f;
  for (std::size_t i = 0; i < run.requests.size(); ++i) {
    const RequestRecord& r = run.requests[i];
    const float y = bars_top + row * static_cast<float>(i);
    const float q0 = x_of(r.queued_s);
    const float q1 = x_of(r.queued_until(t1));
    if (q1 - q0 >= 1 || !r.started())
      draw->AddRectFilled(ImVec2(q0, y + queued_inset), ImVec2(std::max(q1, q0 + 1.5f), y + bar_h - queued_inset),
                          kQueuedColor);
    if (!r.started()) continue;
    const float x0 = x_of(r.started_s);
    const float x1 = std::max(x_of(r.finished_or(t1)), x0 + 1.5f);
    draw->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + bar_h), outcome_color(r));
    if (r.saved_s >= 0)
      draw->AddRectFilled(ImVec2(x1, y), ImVec2(std::max(x_of(r.saved_s), x1 + 1), y + bar_h), kSavingColor);
  }

  // Time axis.
  char end_label[32];
  std::snprintf(end_label, sizeof end_label, "%.2f s", span);
  const float axis_y = bars_top + bars_h + 2;
  draw->AddText(ImVec2(origin.x, axis_y), colors::muted, "0 s");
  draw->AddText(ImVec2(origin.x + width - ImGui::CalcTextSize(end_label).x, axis_y), colors::muted, end_label);
  ImGui::Dummy(ImVec2(width, plot_h + bars_h + label_h + 8));

  // Hover: which request is under the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && mouse.y >= bars_top && mouse.y < bars_top + bars_h && mouse.x >= origin.x &&
      mouse.x <= origin.x + width) {
    const auto i = static_cast<std::size_t>((mouse.y - bars_top) / row);
    if (i < run.requests.size()) request_tooltip(run.requests[i], t0, now_s);
  }
}

}  // namespace coflags::app
