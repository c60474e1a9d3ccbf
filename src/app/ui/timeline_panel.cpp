// Timeline: requests in flight over time, and one bar per request in three
// segments (queued for a permit, in flight, saving), so a run's concurrency
// can be seen: at a low limit most of each bar is the grey wait.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/platform/download_file.hpp"
#include "app/platform/page_api.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/wording.hpp"
#include "imgui.h"

namespace coflags::app {
namespace {

// Waiting for a permit: a dim teal, apart from the grey of cancelled requests.
constexpr ImU32 kQueuedColor = IM_COL32(60, 150, 160, 120);
constexpr ImU32 kSavingColor = IM_COL32(175, 110, 240, 255);

ImU32 outcome_color(const session::RequestRecord& r) {
  if (!r.finished()) return colors::accent;
  switch (r.outcome) {
    case flags::Outcome::ok: return colors::ok;
    case flags::Outcome::not_found: return colors::not_found;
    case flags::Outcome::error: return colors::error;
    case flags::Outcome::cancelled: return colors::cancelled;
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
void draw_export_button(const session::RunModel& run, double now_s) {
  ImGui::BeginDisabled(run.run_number == 0);
  const bool clicked = focus_stop([&] { return ImGui::Button("Export JSON"); });
  ImGui::EndDisabled();
  publish_last_item("export_json");
  if (clicked) {
    download_text_file(session::export_file_name(run), session::run_summary_json(run, now_s), "application/json");
  }
}

// Milliseconds from `from` to `to`, or -1 when the phase was never reached.
double phase_ms(double from, double to) { return from < 0 || to < 0 ? -1 : (to - from) * 1000; }

void request_tooltip(const session::RequestRecord& r, double t0, double now_s) {
  const double in_flight = phase_ms(r.started_s, r.finished_or(now_s));
  const double saving = phase_ms(r.finished_s, r.saved_s);
  const std::string_view state = r.finished() ? flags::to_string(r.outcome) : r.started() ? "in flight" : "queued";
  const std::string_view resource = flags::to_string(r.resource);
  char sent[48] = "waiting for a permit";
  if (r.finished() && !r.started()) std::snprintf(sent, sizeof sent, "never sent");
  if (in_flight >= 0) std::snprintf(sent, sizeof sent, "in flight %.0f ms", in_flight);
  char saved[32] = "";
  if (saving >= 0) std::snprintf(saved, sizeof saved, ", saving %.0f ms", saving);
  char text[256];
  std::snprintf(text, sizeof text, "%s %.*s  %.*s\nqueued %.0f ms, %s%s\nqueued at %.3f s, %llu bytes", r.code.c_str(),
                static_cast<int>(resource.size()), resource.data(), static_cast<int>(state.size()), state.data(),
                (r.queued_until(now_s) - r.queued_s) * 1000, sent, saved, r.queued_s - t0,
                static_cast<unsigned long long>(r.bytes));
  ImGui::SetTooltip("%s", text);
  static std::string published;
  if (published != text) {
    published = text;
    publish_json("timelineTooltip", nlohmann::json(published).dump());
  }
}

}  // namespace

void draw_timeline_panel(const session::RunModel& run, double now_s) {
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
  for (const session::RequestRecord& r : run.requests) {
    if (!r.started()) continue;
    steps.push_back({r.started_s, +1});
    steps.push_back({r.finished_or(t1), -1});
  }
  std::sort(steps.begin(), steps.end());
  int peak = 0;
  for (int level = 0; const auto& s : steps) peak = std::max(peak, level += s.second);

  ImGui::TextUnformatted(count_of(static_cast<long>(run.requests.size()), "request", "requests").c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("over %.2f s, peak %d in flight, limit %d", span, peak, run.concurrency);
  draw_legend();

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_h = ImGui::GetTextLineHeight();
  const float width = std::max(avail.x, 50.0f);
  const float plot_h = std::max(avail.y * 0.3f, 30.0f);
  const float bars_h = std::max(avail.y - plot_h - label_h * 1.4f - 16, 40.0f);
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

  // Time ticks across the plot (and the axis under the bars).
  const double step = tick_step(span, std::max(2, static_cast<int>(width / (ImGui::GetFontSize() * 5))));
  std::vector<double> ticks;
  for (double t = 0; t <= span + step * 1e-6; t += step) ticks.push_back(t);
  for (double t : ticks)
    draw->AddLine(ImVec2(x_of(t0 + t), origin.y), ImVec2(x_of(t0 + t), origin.y + plot_h), IM_COL32(255, 255, 255, 28));
  ImGui::Dummy(ImVec2(width, plot_h + 4));

  // One bar per request, in queue order: queued (thin), then in flight, then
  // saving. Rows never get thinner than a readable minimum; when they do not
  // fit, the bars scroll (wheel or scrollbar) under the fixed axis.
  const float min_row = std::max(4.0f, ImGui::GetFontSize() * 0.4f);
  const float fit_row = bars_h / static_cast<float>(run.requests.size());
  const float row = std::max(fit_row, min_row);
  const float gap = row > 3 ? 1.0f : 0.0f;
  const float bar_h = row - gap;
  const float queued_inset = row > 3 ? bar_h * 0.3f : 0.0f;
  ImGui::BeginChild("##timeline_bars", ImVec2(width, bars_h), false);
  const ImVec2 bars_origin = ImGui::GetCursorScreenPos();
  ImDrawList* bars = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < run.requests.size(); ++i) {
    const session::RequestRecord& r = run.requests[i];
    const float y = bars_origin.y + row * static_cast<float>(i);
    const float q0 = x_of(r.queued_s);
    const float q1 = x_of(r.queued_until(t1));
    if (q1 - q0 >= 1 || !r.started())
      bars->AddRectFilled(ImVec2(q0, y + queued_inset), ImVec2(std::max(q1, q0 + 1.5f), y + bar_h - queued_inset),
                          kQueuedColor);
    if (!r.started()) continue;
    const float x0 = x_of(r.started_s);
    const float x1 = std::max(x_of(r.finished_or(t1)), x0 + 1.5f);
    bars->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + bar_h), outcome_color(r));
    if (r.saved_s >= 0)
      bars->AddRectFilled(ImVec2(x1, y), ImVec2(std::max(x_of(r.saved_s), x1 + 1), y + bar_h), kSavingColor);
  }
  ImGui::Dummy(ImVec2(width - ImGui::GetStyle().ScrollbarSize, row * static_cast<float>(run.requests.size())));
  // Hover: which request is under the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && mouse.y >= bars_origin.y && mouse.x >= origin.x && mouse.x <= origin.x + width) {
    const auto i = static_cast<std::size_t>((mouse.y - bars_origin.y) / row);
    if (i < run.requests.size()) request_tooltip(run.requests[i], t0, now_s);
  }
  ImGui::EndChild();
  publish_last_item("timeline_bars");

  // Time axis: a label at each tick.
  const float axis_y = ImGui::GetCursorScreenPos().y;
  const float tick_h = label_h * 0.3f;
  float last_label_end = -1e9f;
  for (double t : ticks) {
    char label[32];
    std::snprintf(label, sizeof label, step < 0.1 ? "%.2f s" : step < 1 ? "%.1f s" : "%.0f s", t);
    const float x = x_of(t0 + t);
    const float w = ImGui::CalcTextSize(label).x;
    draw->AddLine(ImVec2(x, axis_y), ImVec2(x, axis_y + tick_h), colors::muted);
    const float lx = std::min(std::max(x - w / 2, origin.x), origin.x + width - w);
    if (lx > last_label_end + 6) {
      draw->AddText(ImVec2(lx, axis_y + tick_h), colors::muted, label);
      last_label_end = lx + w;
    }
  }
  ImGui::Dummy(ImVec2(width, label_h + tick_h + 2));
  publish_json("timeline", nlohmann::json{{"row_px", row},
                                          {"rows", run.requests.size()},
                                          {"ticks", ticks.size()},
                                          {"header_limit", run.concurrency},
                                          {"queued_color", kQueuedColor},
                                          {"cancelled_color", colors::cancelled}}
                               .dump());
}

}  // namespace coflags::app
