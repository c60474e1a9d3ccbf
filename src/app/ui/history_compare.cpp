#include "app/ui/history_compare.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/ui/theme.hpp"
#include "app/ui/wording.hpp"
#include "flags/outcome.hpp"

namespace coflags::app {
namespace {

ImU32 outcome_color(int outcome) {
  switch (static_cast<flags::Outcome>(outcome)) {
    case flags::Outcome::ok: return colors::ok;
    case flags::Outcome::not_found: return colors::not_found;
    case flags::Outcome::error: return colors::error;
    case flags::Outcome::cancelled: return colors::cancelled;
  }
  return colors::muted;
}

// One run's bars in [at.y, at.y + height), time mapped by `x_of`.
template <class XOf>
void draw_run(ImDrawList* draw, const history::RunRecord& run, ImVec2 at, float width, float height, XOf x_of) {
  const float top = at.y;
  const float bars_h = std::max(height, 4.0f);
  draw->AddRectFilled(ImVec2(at.x, top), ImVec2(at.x + width, top + bars_h), IM_COL32(255, 255, 255, 8));
  if (run.spans.empty()) return;
  // Rows thinner than a pixel still show: 249 requests in 60 px draw as a shaded staircase.
  const float row = bars_h / static_cast<float>(run.spans.size());
  for (std::size_t i = 0; i < run.spans.size(); ++i) {
    const history::RequestSpan& s = run.spans[i];
    const float y = top + row * static_cast<float>(i);
    draw->AddRectFilled(ImVec2(x_of(s.started_s), y),
                        ImVec2(std::max(x_of(s.finished_s), x_of(s.started_s) + 1.0f),
                               y + std::max(row - (row > 3 ? 1.0f : 0.0f), 1.0f)),
                        outcome_color(s.outcome));
  }
}

// The run's label over the top right of its bars, where a run's requests are fewest (they start at the left).
void draw_label(ImDrawList* draw, const history::RunRecord& run, ImVec2 at, float width) {
  char label[128];
  std::snprintf(label, sizeof label, "#%lld  %s  %s  concurrency %d  %.2f s", static_cast<long long>(run.id),
                run.server.c_str(), count_of(static_cast<long>(run.spans.size()), "request", "requests").c_str(),
                run.concurrency, run.elapsed_s);
  const ImVec2 text = ImGui::CalcTextSize(label);
  const ImVec2 p(std::max(at.x, at.x + width - text.x - 6), at.y + 1);
  draw->AddRectFilled(ImVec2(p.x - 3, p.y), ImVec2(p.x + text.x + 3, p.y + text.y), IM_COL32(20, 22, 28, 210), 3);
  draw->AddText(p, colors::muted, label);
}

}  // namespace

void draw_history_compare(const history::RunComparison& compared, ImVec2 size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  const float width = std::max(size.x, 50.0f);
  const float axis_h = line * 1.3f;
  const float run_h = std::max((size.y - axis_h) / 2 - 2, line * 2);
  const double axis_s = compared.axis_s;
  auto x_of = [&](double t) { return origin.x + static_cast<float>(t / axis_s) * width; };

  const ImVec2 lower_at(origin.x, origin.y + run_h + 2);
  draw_run(draw, *compared.upper, origin, width, run_h, x_of);
  draw_run(draw, *compared.lower, lower_at, width, run_h, x_of);
  draw_label(draw, *compared.upper, origin, width);
  draw_label(draw, *compared.lower, lower_at, width);

  // One axis for both: ticks through both runs, labels underneath.
  const float axis_y = origin.y + 2 * run_h + 4;
  const double step = tick_step(axis_s, std::max(2, static_cast<int>(width / (ImGui::GetFontSize() * 5))));
  float last_label_end = -1e9f;
  for (double t = 0; t <= axis_s + step * 1e-6; t += step) {
    const float x = x_of(t);
    draw->AddLine(ImVec2(x, origin.y), ImVec2(x, axis_y + line * 0.3f), IM_COL32(255, 255, 255, 28));
    char label[32];
    std::snprintf(label, sizeof label, step < 0.1 ? "%.2f s" : step < 1 ? "%.1f s" : "%.0f s", t);
    const float w = ImGui::CalcTextSize(label).x;
    const float lx = std::min(std::max(x - w / 2, origin.x), origin.x + width - w);
    if (lx > last_label_end + 6) {
      draw->AddText(ImVec2(lx, axis_y + line * 0.3f), colors::muted, label);
      last_label_end = lx + w;
    }
  }
  ImGui::Dummy(ImVec2(width, 2 * run_h + axis_h + 4));
}

std::string history_compare_json(const std::optional<history::RunComparison>& compared) {
  if (!compared) return nlohmann::json{{"rows", nlohmann::json::array()}, {"axis_s", nullptr}}.dump();
  nlohmann::json rows = nlohmann::json::array();
  for (const history::RunRecord* r : {compared->upper, compared->lower})
    rows.push_back({{"id", r->id},
                    {"concurrency", r->concurrency},
                    {"elapsed_s", r->elapsed_s},
                    {"span_s", history::run_span_s(*r)},
                    {"requests", r->spans.size()}});
  return nlohmann::json{{"rows", rows}, {"axis_s", compared->axis_s}}.dump();
}

}  // namespace coflags::app
