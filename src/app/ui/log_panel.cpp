// Log: per-code lines and errors with their cause; text filter, level
// toggles and auto-scroll (the ImGui demo's ExampleAppLog, over a model).
#include <string>
#include <vector>

#include "app/platform/page_api.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "imgui.h"

namespace coflags::app {
namespace {

ImU32 level_color(session::LogLevel level) {
  switch (level) {
    case session::LogLevel::ok: return colors::ok;
    case session::LogLevel::warn: return colors::not_found;
    case session::LogLevel::error: return colors::error;
    case session::LogLevel::info: return IM_COL32(200, 205, 215, 255);
  }
  return colors::muted;
}

}  // namespace

void draw_log_panel(const session::RunLog& log, LogViewState& view) {
  focus_stop([&] { return ImGui::Checkbox("ok", &view.show_ok); });
  ImGui::SameLine();
  focus_stop([&] { return ImGui::Checkbox("info", &view.show_info); });
  ImGui::SameLine();
  focus_stop([&] { return ImGui::Checkbox("auto-scroll", &view.auto_scroll); });
  ImGui::SameLine();
  focus_stop([&] {
    return view.filter.Draw("filter##log", -ImGui::CalcTextSize("filter").x - ImGui::GetStyle().ItemInnerSpacing.x);
  });

  // Indexes of the lines that pass, rebuilt each frame (20k lines at most).
  std::vector<int> shown;
  const auto& lines = log.lines();
  const bool filtering = view.filter.IsActive() || !view.show_ok || !view.show_info;
  if (filtering) {
    for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
      const session::LogLine& l = lines[i];
      if (!view.show_ok && l.level == session::LogLevel::ok) continue;
      if (!view.show_info && l.level == session::LogLevel::info) continue;
      if (view.filter.IsActive() && !view.filter.PassFilter(l.code.c_str()) && !view.filter.PassFilter(l.text.c_str()))
        continue;
      shown.push_back(i);
    }
  }
  const int count = filtering ? static_cast<int>(shown.size()) : static_cast<int>(lines.size());

  ImGui::BeginChild("##log_lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin(count);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const session::LogLine& l = lines[filtering ? shown[row] : row];
      ImGui::TextDisabled("%8.3f", l.time_s);
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, level_color(l.level));
      if (l.code.empty()) ImGui::TextUnformatted(l.text.c_str());
      else ImGui::Text("%s  %s", l.code.c_str(), l.text.c_str());
      ImGui::PopStyleColor();
    }
  }
  if (view.auto_scroll && log.added() != view.seen) ImGui::SetScrollHereY(1.0f);
  view.seen = log.added();
  // Where the lines are scrolled to, for the wheel tests.
  publish_scroll("logScroll");
  ImGui::EndChild();
  publish_last_item("log_lines");
}

}  // namespace coflags::app
