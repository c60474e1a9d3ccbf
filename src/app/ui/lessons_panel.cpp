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
#include "imgui.h"
#include "session/run_session.hpp"

namespace coflags::app {
namespace {
constexpr ImU32 kSavingColor = IM_COL32(175, 110, 240, 255);  // the timeline's saving colour
}  // namespace

async::Task<void> LessonsPanel::lesson(Mode mode) {
  mode_ = mode;
  const char* how = mode == Mode::blocking ? "block 3 s" : "await sleep 3 s";
  log_.add(session::loop_seconds(), session::LogLevel::info, "", std::string("lesson 18.1: ") + how + "...");
  try {
    int answer =
        mode == Mode::blocking ? co_await lessons::answer_after_block() : co_await lessons::answer_after_sleep();
    ++answers_;
    log_.add(session::loop_seconds(), session::LogLevel::ok, "", "Answer: " + std::to_string(answer));
  } catch (const async::CancelledError&) {
    ++cancelled_;
    log_.add(session::loop_seconds(), session::LogLevel::warn, "", std::string("lesson 18.1: ") + how + " cancelled");
  }
  mode_ = Mode::idle;
  publish();
}

void LessonsPanel::draw_block_controls() {
  if (!ImGui::BeginTabBar("##lesson_tabs")) return;
  const bool block_open = focus_stop([&] { return ImGui::BeginTabItem("18.1 block the loop"); });
  publish_last_item("lesson_block_tab");
  if (block_open) {
    draw_block_tab();
    ImGui::EndTabItem();
  }
  const bool save_open = focus_stop([&] { return ImGui::BeginTabItem("18.4.2 save on the loop"); });
  publish_last_item("lesson_save_tab");
  if (save_open) {
    draw_save_tab();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void LessonsPanel::draw_spinner() {
  // A heartbeat that turns with every frame: it stops exactly when the loop does.
  const float size = ImGui::GetFontSize();
  ImVec2 pos = ImGui::GetCursorScreenPos();
  spinner_angle_ = std::fmod(static_cast<float>(ImGui::GetTime()) * 6.0f, 6.2831853f);
  ImGui::GetWindowDrawList()->PathArcTo(ImVec2(pos.x + size * 0.6f, pos.y + size * 0.6f), size * 0.5f, spinner_angle_,
                                        spinner_angle_ + 4.2f, 24);
  ImGui::GetWindowDrawList()->PathStroke(colors::accent, 0, size * 0.16f);
  ImGui::Dummy(ImVec2(size * 1.2f, size * 1.2f));
  ImGui::SameLine();
}

void LessonsPanel::draw_block_tab() {
  draw_spinner();
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

void LessonsPanel::draw_save_tab() {
  // One radio button per option, its line saying what it is, with the chapter's
  // section, and what it has cost the main thread so far: in all, and per flag.
  auto option = [&](SaveWhere where, const char* what, const char* explained, const char* id) {
    char label[160];
    std::snprintf(label, sizeof label, "%s: %.0f ms, %.1f ms/flag###%s", what, saving_.main_thread_ms(where),
                  saving_.cost(where).median_flag_ms(), id);
    if (focus_stop([&] { return ImGui::RadioButton(label, saving_.chosen() == where); }) && saving_.chosen() != where) {
      saving_.choose(where);
      publish();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nMain-thread time so far, and the median per flag.", explained);
    publish_last_item(id);
  };
  option(SaveWhere::worker, "18.4.2 worker (run_in_executor)",
         "The loop only copies each flag into a batch posted to a Web Worker, which writes IndexedDB.",
         "save_in_worker");
  option(SaveWhere::loop, "18.4.2 on the loop (blocking; violet)",
         "The loop copies, base64-encodes and stores each flag in localStorage itself, like a blocking save_flag.",
         "save_on_loop");
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
    if (s.save_ms > 0.05)  // main-thread saving since the previous frame (18.4.2)
      draw->AddRectFilled(ImVec2(x0, y_of(s.save_ms)), ImVec2(std::max(x1, x0 + 2), p1.y), kSavingColor);
  }
  const float y50 = y_of(lessons::kLongTaskMs);
  draw->AddLine(ImVec2(p0.x, y50), ImVec2(p1.x, y50), colors::not_found, 1);
  draw->AddText(ImVec2(p0.x + 2, y50 - font), colors::not_found, "50 ms");
  ImGui::Dummy(ImVec2(width, height));
  ImGui::TextDisabled("blue/red: between frames, green: our work, violet: saving");
}

void LessonsPanel::end_frame(double start_ms, double work_ms) {
  times_.add(start_ms, work_ms, spinner_angle_, saving_.main_thread_ms());
  if (start_ms - last_publish_ms_ > 100) publish();
}

void LessonsPanel::publish() {
  last_publish_ms_ = times_.samples().empty() ? 0 : times_.samples().back().at_ms;
  nlohmann::json frames = nlohmann::json::array();
  for (const lessons::FrameSample& s : times_.samples())
    frames.push_back({s.at_ms, s.interval_ms, s.spinner_angle, s.save_ms});
  const char* mode = mode_ == Mode::idle ? "idle" : mode_ == Mode::sleeping ? "sleeping" : "blocking";
  nlohmann::json saving = {{"where", save_where_name(saving_.chosen())}};
  for (SaveWhere w : {SaveWhere::worker, SaveWhere::loop}) {
    saving[std::string(save_where_name(w)) + "_ms"] = saving_.main_thread_ms(w);
    saving[std::string(save_where_name(w)) + "_median_flag_ms"] = saving_.cost(w).median_flag_ms();
    saving[std::string(save_where_name(w)) + "_saves"] = saving_.saves(w);
  }
  publish_json(
      "lessons",
      nlohmann::json{
          {"mode", mode}, {"answers", answers_}, {"cancelled", cancelled_}, {"frames", frames}, {"saving", saving}}
          .dump());
}

}  // namespace coflags::app
