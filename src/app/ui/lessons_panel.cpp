// See lessons_panel.hpp.
#include "app/ui/lessons_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/lessons/block_lesson.hpp"
#include "app/platform/page_api.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "async/errors.hpp"
#include "session/run_session.hpp"
#include "imgui.h"

namespace coflags::app {

async::Task<void> LessonsPanel::lesson(Mode mode) {
  mode_ = mode;
  const char* how = mode == Mode::blocking ? "block 3 s" : "await sleep 3 s";
  log_.add(session::loop_seconds(), LogLevel::info, "", std::string("lesson 18.1: ") + how + "...");
  try {
    int answer =
        mode == Mode::blocking ? co_await lessons::answer_after_block() : co_await lessons::answer_after_sleep();
    ++answers_;
    log_.add(session::loop_seconds(), LogLevel::ok, "", "Answer: " + std::to_string(answer));
  } catch (const async::CancelledError&) {
    ++cancelled_;
    log_.add(session::loop_seconds(), LogLevel::warn, "", std::string("lesson 18.1: ") + how + " cancelled");
  }
  mode_ = Mode::idle;
  publish();
}

void LessonsPanel::draw_block_controls() {
  ImGui::TextDisabled("18.1 block the loop");
  // A heartbeat that turns with every frame: it stops exactly when the loop does.
  const float size = ImGui::GetFontSize();
  ImVec2 pos = ImGui::GetCursorScreenPos();
  spinner_angle_ = std::fmod(static_cast<float>(ImGui::GetTime()) * 6.0f, 6.2831853f);
  ImGui::GetWindowDrawList()->PathArcTo(ImVec2(pos.x + size * 0.6f, pos.y + size * 0.6f), size * 0.5f, spinner_angle_,
                                        spinner_angle_ + 4.2f, 24);
  ImGui::GetWindowDrawList()->PathStroke(colors::accent, 0, size * 0.16f);
  ImGui::Dummy(ImVec2(size * 1.2f, size * 1.2f));
  ImGui::SameLine();
  const bool busy = mode_ != Mode::idle;
  ImGui::BeginDisabled(busy);
  if (focus_stop([&] { return ImGui::Button("await sleep 3 s"); })) task_ = async::spawn(lesson(Mode::sleeping));
  publish_last_item("lesson_sleep");
  ImGui::SameLine();
  if (focus_stop([&] { return ImGui::Button("block 3 s"); })) task_ = async::spawn(lesson(Mode::blocking));
  publish_last_item("lesson_block");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(mode_ != Mode::sleeping);
  if (focus_stop([&] { return ImGui::Button("Cancel##lesson"); })) task_.cancel();
  publish_last_item("lesson_cancel");
  ImGui::EndDisabled();
  ImGui::TextWrapped(
      "await: the loop goes on, Cancel works. block: a busy wait (C++'s time.sleep), everything stops 3 s, no Cancel.");
}

void LessonsPanel::draw_frame_strip() {
  const float font = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = font * 3.0f;
  ImGui::Text("frames, last 5 s: longest %.0f ms, %d over 50 ms", times_.max_interval_ms(),
              static_cast<int>(times_.intervals_over(lessons::kLongTaskMs)));
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 p1(p0.x + width, p0.y + height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, p1, IM_COL32(30, 33, 40, 255));
  // Square-root height: 16 ms frames stay visible beside a 3 s gap; 200 ms fills the strip.
  constexpr double kTopMs = 200;
  auto y_of = [&](double ms) { return p1.y - static_cast<float>(std::sqrt(std::min(ms, kTopMs) / kTopMs)) * height; };
  const double now = times_.samples().empty() ? 0 : times_.samples().back().at_ms;
  auto x_of = [&](double at_ms) { return p1.x - static_cast<float>((now - at_ms) / 5000.0) * width; };
  for (const lessons::FrameSample& s : times_.samples()) {
    const float x1 = x_of(s.at_ms);
    const float x0 = std::max(p0.x, x_of(s.at_ms - s.interval_ms));
    draw->AddRectFilled(ImVec2(x0, y_of(s.interval_ms)), ImVec2(std::max(x1, x0 + 1), p1.y),
                        s.interval_ms > lessons::kLongTaskMs ? colors::error : IM_COL32(90, 150, 250, 140));
    draw->AddLine(ImVec2(x1, y_of(s.work_ms)), ImVec2(x1 + 1, y_of(s.work_ms)), colors::ok, 2);
  }
  const float y50 = y_of(lessons::kLongTaskMs);
  draw->AddLine(ImVec2(p0.x, y50), ImVec2(p1.x, y50), colors::not_found, 1);
  draw->AddText(ImVec2(p0.x + 2, y50 - font), colors::not_found, "50 ms");
  ImGui::Dummy(ImVec2(width, height));
  ImGui::TextDisabled("blue/red: time between frames, green: our work");
}

void LessonsPanel::end_frame(double start_ms, double work_ms) {
  times_.add(start_ms, work_ms, spinner_angle_);
  if (start_ms - last_publish_ms_ > 100) publish();
}

void LessonsPanel::publish() {
  last_publish_ms_ = times_.samples().empty() ? 0 : times_.samples().back().at_ms;
  nlohmann::json frames = nlohmann::json::array();
  for (const lessons::FrameSample& s : times_.samples()) frames.push_back({s.at_ms, s.interval_ms, s.spinner_angle});
  const char* mode = mode_ == Mode::idle ? "idle" : mode_ == Mode::sleeping ? "sleeping" : "blocking";
  publish_json(
      "lessons",
      nlohmann::json{{"mode", mode}, {"answers", answers_}, {"cancelled", cancelled_}, {"frames", frames}}.dump());
}

}  // namespace coflags::app
