// Timeline: requests in flight over time, and one bar per request from
// start to end coloured by outcome, so a run's concurrency can be seen.
#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "imgui.h"

namespace coflags::app {
namespace {

ImU32 outcome_color(const RequestRecord& r) {
  if (r.finished_s < 0) return colors::accent;
  switch (r.outcome) {
    case Outcome::ok: return colors::ok;
    case Outcome::not_found: return colors::not_found;
    case Outcome::error: return colors::error;
    case Outcome::cancelled: return colors::cancelled;
  }
  return colors::muted;
}

}  // namespace

void draw_timeline_panel(const RunModel& run, double now_s) {
  if (run.requests.empty()) {
    ImGui::TextDisabled("No requests yet: the timeline shows the last run.");
    return;
  }
  const double t0 = run.started_s;
  const double t1 = std::max(t0 + 0.001, run.active() ? now_s : run.finished_s);
  const double span = t1 - t0;

  // In flight over time: +1 at each start, -1 at each end.
  std::vector<std::pair<double, int>> steps;
  steps.reserve(run.requests.size() * 2);
  for (const RequestRecord& r : run.requests) {
    steps.push_back({r.started_s, +1});
    steps.push_back({r.finished_s < 0 ? t1 : r.finished_s, -1});
  }
  std::sort(steps.begin(), steps.end());
  int peak = 0;
  for (int level = 0; const auto& s : steps) peak = std::max(peak, level += s.second);

  ImGui::Text("%zu requests", run.requests.size());
  ImGui::SameLine();
  ImGui::TextDisabled("over %.2f s, peak %d in flight, limit %d", span, peak, run.limit);

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
                          ImVec2(std::max(x_of(s.first), x_of(prev_t) + 1), origin.y + plot_h), IM_COL32(90, 150, 250, 150));
    level += s.second;
    prev_t = s.first;
  }
  char peak_label[32];
  std::snprintf(peak_label, sizeof peak_label, "%d", peak);
  draw->AddText(ImVec2(origin.x + 4, origin.y + 2), colors::muted, peak_label);

  // One bar per request, in start order, squeezed to fit.
  const float row = bars_h / static_cast<float>(run.requests.size());
  const float gap = row > 3 ? 1.0f : 0.0f;
  for (std::size_t i = 0; i < run.requests.size(); ++i) {
    const RequestRecord& r = run.requests[i];
    const float y = bars_top + row * static_cast<float>(i);
    const float x0 = x_of(r.started_s);
    const float x1 = std::max(x_of(r.finished_s < 0 ? t1 : r.finished_s), x0 + 1.5f);
    draw->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + std::max(row - gap, 0.6f)), outcome_color(r));
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
    if (i < run.requests.size()) {
      const RequestRecord& r = run.requests[i];
      const double end = r.finished_s < 0 ? now_s : r.finished_s;
      ImGui::SetTooltip("%s  %s\nstarted %.3f s, %s %.0f ms\n%llu bytes", r.code.c_str(),
                        r.finished_s < 0 ? "in flight" : outcome_name(r.outcome), r.started_s - t0,
                        r.finished_s < 0 ? "for" : "took", (end - r.started_s) * 1000,
                        static_cast<unsigned long long>(r.bytes));
    }
  }
}

}  // namespace coflags::app
