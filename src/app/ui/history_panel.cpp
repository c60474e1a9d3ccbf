// See history_panel.hpp.
#include "app/ui/history_panel.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/history/log_scale.hpp"
#include "app/history/physical_limit.hpp"
#include "app/history/run_comparison.hpp"
#include "app/platform/download_file.hpp"
#include "app/platform/page_api.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/history_compare.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "imgui.h"

namespace coflags::app {

history::RunRecord record_of_run(const session::RunModel& run, double started_wall_ms, int long_tasks) {
  history::RunRecord r;
  r.started_ms = started_wall_ms;
  r.server = run.server_label;
  r.transport = run.transport;
  r.code_count = run.total;
  r.concurrency = std::max(1, run.concurrency);
  r.metadata = run.metadata;
  r.elapsed_s = run.finished_s - run.started_s;
  r.ok = run.counts.ok;
  r.not_found = run.counts.not_found;
  r.error = run.counts.error;
  r.cancelled = run.counts.cancelled;
  r.peak_in_flight = run.server_peak_seen > 0 ? run.server_peak_seen : run.peak_in_flight;
  r.long_tasks = long_tasks;
  double shortest = 0;
  for (const session::RequestRecord& q : run.requests) {
    if (!q.started() || !q.finished()) continue;
    if (q.outcome == flags::Outcome::ok) {
      double d = q.finished_s - q.started_s;
      if (shortest == 0 || d < shortest) shortest = d;
    }
    r.spans.push_back({q.started_s - run.started_s, q.finished_s - run.started_s, static_cast<int>(q.outcome)});
  }
  r.delay_s = shortest;
  return r;
}

HistoryPanel::HistoryPanel(const SaverChoice& saving) : saving_(saving) {
  store_.load([this](std::vector<history::RunRecord> records, std::string error) {
    error_ = std::move(error);
    // Runs that finished before the store answered are kept after the stored ones.
    std::vector<history::RunRecord> early = history_.records();
    history_.restore(std::move(records));
    for (history::RunRecord& r : early) history_.add(std::move(r));
    loaded_ = true;
    publish();
  });
}

void HistoryPanel::add_run(const session::RunModel& run, int long_tasks) {
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count() -
      (run.finished_s - run.started_s) * 1000.0;
  history::RunRecord record = record_of_run(run, wall_ms, long_tasks);
  record.saved_in = save_where_name(saving_.chosen());
  record.save_main_ms = saving_.main_thread_ms() - save_ms_at_last_run_;
  save_ms_at_last_run_ = saving_.main_thread_ms();
  history_.add(std::move(record));
  publish();
}

void HistoryPanel::draw() {
  if (!error_.empty()) ImGui::TextColored(to_vec4(colors::error), "%s", error_.c_str());
  if (focus_stop([&] { return ImGui::Button("Export##history"); }))
    download_text_file("coflags-runs.json", history_.export_all(), "application/json");
  publish_last_item("history_export");
  ImGui::SameLine();
  if (focus_stop([&] { return ImGui::Button("Clear##history"); })) {
    history_.clear();
    publish();
  }
  publish_last_item("history_clear");
  ImGui::SameLine();
  ImGui::TextDisabled(
      "%d runs kept across reloads; dots: elapsed, line: the physical limit ceil(requests / concurrency) x delay",
      static_cast<int>(history_.records().size()));
  const float avail = ImGui::GetContentRegionAvail().y;
  // The table keeps room for its header and three rows; the chart takes the rest, up to 55%.
  const float table_min = ImGui::GetFrameHeightWithSpacing() * 4;
  const float chart_h = std::max(ImGui::GetFontSize() * 6, std::min(avail * 0.55f, avail - table_min));
  // Two rows selected: their timelines beside the chart, on one time axis.
  if (std::optional<history::RunComparison> compared = history::compare_selected(history_)) {
    if (ImGui::BeginTable("##history_top", 2)) {
      ImGui::TableNextColumn();
      draw_chart(chart_h);
      ImGui::TableNextColumn();
      draw_history_compare(*compared, ImVec2(ImGui::GetContentRegionAvail().x, chart_h));
      publish_last_item("history_compare");
      ImGui::EndTable();
    }
  } else {
    draw_chart(chart_h);
  }
  draw_table();
}

double HistoryPanel::limit_s(const history::RunRecord& run) const {
  return history::physical_limit_s(run.requests(), run.concurrency,
                                   history::server_delay_s(history_.records(), run.server));
}

void HistoryPanel::draw_chart(float height) {
  const float font = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), IM_COL32(30, 33, 40, 255));
  const float left = p0.x + font * 3.2f, right = p0.x + width - font * 0.8f;
  const float top = p0.y + font * 0.6f, bottom = p0.y + height - font * 1.6f;

  std::vector<double> xs, ys;
  for (const history::RunRecord& r : history_.records()) {
    xs.push_back(r.concurrency);
    ys.push_back(r.elapsed_s);
    ys.push_back(limit_s(r));
  }
  history::LogScale x = history::fit_log_scale(xs, left, right);
  history::LogScale y = history::fit_log_scale(ys, bottom, top);
  for (double t : x.ticks()) {
    float px = x.to_px(t);
    draw->AddLine(ImVec2(px, top), ImVec2(px, bottom), IM_COL32(60, 64, 76, 255));
    char label[16];
    std::snprintf(label, sizeof label, "%g", t);
    draw->AddText(ImVec2(px - font * 0.3f, bottom + font * 0.2f), colors::muted, label);
  }
  for (double t : y.ticks()) {
    float py = y.to_px(t);
    draw->AddLine(ImVec2(left, py), ImVec2(right, py), IM_COL32(60, 64, 76, 255));
    char label[16];
    std::snprintf(label, sizeof label, "%g s", t);
    draw->AddText(ImVec2(p0.x + 2, py - font * 0.5f), colors::muted, label);
  }
  draw->AddText(ImVec2(right - font * 6, bottom - font * 1.1f), colors::muted, "concurrency");
  // The limit of the newest run's shape (its codes, its server's delay), as a step curve over every concurrency.
  if (!history_.records().empty()) {
    const history::RunRecord& last = history_.records().back();
    if (const double delay_s = history::server_delay_s(history_.records(), last.server); delay_s > 0) {
      ImVec2 prev{};
      bool have = false;
      for (int c = std::max(1, static_cast<int>(x.lo())); c <= static_cast<int>(x.hi()); ++c) {
        double limit = history::physical_limit_s(last.requests(), c, delay_s);
        ImVec2 p(x.to_px(c), y.to_px(limit));
        if (have) draw->AddLine(prev, p, colors::not_found, 1.5f);
        prev = p;
        have = true;
      }
    }
  }
  for (const history::RunRecord& r : history_.records()) {
    ImU32 color = r.was_cancelled() ? colors::cancelled : r.error > 0 ? colors::error : colors::ok;
    ImVec2 p(x.to_px(r.concurrency), y.to_px(r.elapsed_s));
    draw->AddCircleFilled(p, font * (history_.is_selected(r.id) ? 0.45f : 0.3f), color);
  }
  ImGui::Dummy(ImVec2(width, height));
}

void HistoryPanel::draw_table() {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##history", 11, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : {"#", "server", "transport", "codes", "limit", "elapsed", "limit s", "ok/404/err/cxl", "peak",
                        "long tasks", "saved in"})
    ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  const auto& records = history_.records();
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    const history::RunRecord& r = *it;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    char id[24];
    std::snprintf(id, sizeof id, "%lld##run", static_cast<long long>(r.id));
    if (ImGui::Selectable(id, history_.is_selected(r.id), ImGuiSelectableFlags_SpanAllColumns)) {
      history_.toggle_selected(r.id);
      publish();
    }
    publish_last_item(("history_row_" + std::to_string(r.id)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.server.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.transport.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d%s", r.code_count, r.metadata ? " +meta" : "");
    ImGui::TableNextColumn();
    ImGui::Text("%d", r.concurrency);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f s", r.elapsed_s);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f s", limit_s(r));
    ImGui::TableNextColumn();
    ImGui::Text("%d/%d/%d/%d", r.ok, r.not_found, r.error, r.cancelled);
    ImGui::TableNextColumn();
    ImGui::Text("%d", r.peak_in_flight);
    ImGui::TableNextColumn();
    ImGui::Text("%d", r.long_tasks);
    ImGui::TableNextColumn();
    if (!r.saved_in.empty()) ImGui::Text("%s, %.0f ms", r.saved_in.c_str(), r.save_main_ms);
  }
  ImGui::EndTable();
}

void HistoryPanel::publish() {
  nlohmann::json rows = nlohmann::json::array();
  for (const history::RunRecord& r : history_.records())
    rows.push_back({{"id", r.id},
                    {"concurrency", r.concurrency},
                    {"codes", r.code_count},
                    {"elapsed_s", r.elapsed_s},
                    {"delay_s", r.delay_s},
                    {"limit_s", limit_s(r)},
                    {"ok", r.ok},
                    {"cancelled", r.cancelled},
                    {"long_tasks", r.long_tasks},
                    {"peak_in_flight", r.peak_in_flight},
                    {"saved_in", r.saved_in},
                    {"save_main_ms", r.save_main_ms},
                    {"server", r.server}});
  publish_json("history", nlohmann::json{{"loaded", loaded_}, {"error", error_}, {"runs", rows}}.dump());
  publish_json("historyCompare", history_compare_json(history::compare_selected(history_)));
}

}  // namespace coflags::app
