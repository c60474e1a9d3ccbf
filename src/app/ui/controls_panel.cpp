// Controls: server, countries, limit, metadata, concurrency, Start/Cancel.
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "app/platform/page_api.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace coflags::app {

void publish_last_item(const char* name) {
  // The control with keyboard focus, by name (tests follow Tab with it).
  static std::string focused;
  if (ImGui::IsItemFocused() && focused != name) {
    focused = name;
    publish_json("focused", "\"" + focused + "\"");
  }
  static std::map<std::string, ImVec4> last;
  ImVec2 min = ImGui::GetItemRectMin();
  ImVec2 max = ImGui::GetItemRectMax();
  ImVec4 rect(min.x, min.y, max.x - min.x, max.y - min.y);
  ImVec4& seen = last[name];
  if (seen.x == rect.x && seen.y == rect.y && seen.z == rect.z && seen.w == rect.w) return;
  seen = rect;
  publish_widget(name, rect.x, rect.y, rect.z, rect.w);
}

void publish_scroll(const char* key) {
  static std::map<std::string, std::pair<float, float>> last;
  const std::pair<float, float> now{ImGui::GetScrollY(), ImGui::GetScrollMaxY()};
  auto [it, inserted] = last.try_emplace(key, now);
  if (!inserted && it->second == now) return;
  it->second = now;
  publish_json(key, "{\"y\":" + std::to_string(now.first) + ",\"max\":" + std::to_string(now.second) + "}");
}

namespace {

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// Before the next radio button of a row: on this line when it fits, else on the next,
// so a narrow panel wraps "CUSTOM" or "HTTP/1.1" instead of cutting them.
void same_line_if_fits(const std::string& next_label) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float next =
      ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(next_label.c_str(), nullptr, true).x;
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + next <= right_edge) ImGui::SameLine();
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colors::muted));
  ImGui::TextUnformatted(title);
  ImGui::PopStyleColor();
}

void server_choice(Settings& s, const session::ServerDirectory& servers) {
  section("SERVER");
  const session::ServerChoice choices[] = {session::ServerChoice::local, session::ServerChoice::delay,
                                           session::ServerChoice::error, session::ServerChoice::custom};
  for (session::ServerChoice c : choices) {
    bool known = servers.known(c);
    std::string label = std::string(session::server_choice_name(c)) + "##server";
    if (c != choices[0]) same_line_if_fits(label);
    ImGui::BeginDisabled(!known);
    if (focus_stop([&] { return ImGui::RadioButton(label.c_str(), s.server == c); })) s.server = c;
    publish_last_item(("server_" + std::string(session::server_choice_name(c))).c_str());
    ImGui::EndDisabled();
    if (!known && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", servers.note().c_str());
  }
  if (s.server == session::ServerChoice::custom) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    focus_stop([&] { return ImGui::InputTextWithHint("##custom_url", "http://host:port/flags", &s.custom_url); });
    publish_last_item("custom_url");
  } else if (std::optional<session::Endpoint> e = servers.endpoint(s.server)) {
    // Where the run will go with the chosen transport (the first origin when sharded).
    session::RoutePlan plan = session::plan_route(s.transport, *e, s.concurrency);
    ImGui::TextDisabled("%s%s", plan.base_urls.front().c_str(), plan.base_urls.size() > 1 ? ", ..." : "");
  } else {
    ImGui::TextDisabled("port unknown");
  }
}

// HTTP/2, sharded or plain HTTP/1.1, with the plan's one-line reason.
void transport_choice(Settings& s, const session::ServerDirectory& servers, bool active) {
  std::optional<session::Endpoint> endpoint = servers.endpoint(s.server);
  if (!endpoint) {
    ImGui::TextDisabled("custom URL: requests go to it as given");
    return;
  }
  ImGui::BeginDisabled(active);
  const session::TransportChoice choices[] = {session::TransportChoice::http2, session::TransportChoice::sharded,
                                              session::TransportChoice::http1};
  for (session::TransportChoice c : choices) {
    std::string label = std::string(session::transport_choice_name(c)) + "##transport";
    if (c != choices[0]) same_line_if_fits(label);
    if (focus_stop([&] { return ImGui::RadioButton(label.c_str(), s.transport == c); })) s.transport = c;
    publish_last_item(("transport_" + std::string(session::transport_choice_name(c))).c_str());
  }
  ImGui::EndDisabled();
  session::RoutePlan plan = session::plan_route(s.transport, *endpoint, s.concurrency);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", plan.reason.c_str());
  ImGui::PopTextWrapPos();
  help_marker(
      "Over HTTP/1.1 the browser opens at most 6 connections to one origin: requests beyond 6 wait inside the "
      "browser, and that wait counts toward their timeout. Sharding spreads them over s0.localhost, "
      "s1.localhost, ... (6 each, at most 42 origins); HTTP/2 carries up to 256 at once on one connection. "
      "The Timeline tab shows the difference.");
}

}  // namespace

ControlsRequest draw_controls_panel(Settings& s, const session::RunModel& run, const session::ServerDirectory& servers,
                                    bool can_start) {
  ControlsRequest request;
  const bool active = run.active();

  ImGui::BeginDisabled(active);
  server_choice(s, servers);

  section("COUNTRIES");
  ImGui::SetNextItemWidth(-FLT_MIN);
  bool enter = focus_stop([&] {
    return ImGui::InputTextWithHint("##countries", "POP20, all, every, or codes: BR JP A", &s.countries,
                                    ImGuiInputTextFlags_EnterReturnsTrue);
  });
  publish_last_item("countries");
  ImGui::TextDisabled("POP20 | all | every | AR BR | A B");
  help_marker(
      "As the book's -a / -e / codes arguments: POP20 (the 20 most populous), all (every code the server lists), "
      "every (AA..ZZ, 676 requests, most are 404), two-letter codes, or single letters (A = AA..AZ).");

  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  focus_stop([&] { return ImGui::InputInt("limit##limit", &s.code_limit, 1, 10); });
  publish_last_item("limit");
  if (s.code_limit < 0) s.code_limit = 0;
  help_marker("Only the first N codes after sorting (0: no limit).");

  focus_stop([&] { return ImGui::Checkbox("metadata (flags3)", &s.metadata); });
  publish_last_item("metadata");
  help_marker("Also GET metadata.json for each flag, and name files after the country.");
  focus_stop([&] { return ImGui::Checkbox("skip saved", &s.skip_saved); });
  publish_last_item("skip_saved");
  help_marker("Leave out codes already stored in this browser.");

  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  float timeout = static_cast<float>(s.timeout_s);
  if (focus_stop([&] { return ImGui::InputFloat("timeout s", &timeout, 0, 0, "%.1f"); }))
    s.timeout_s = flags::clamp_timeout_s(timeout);
  ImGui::EndDisabled();

  section("CONCURRENCY");
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (focus_stop([&] {
        return ImGui::SliderInt("##concurrency", &s.concurrency, flags::kMinConcurrency, flags::kMaxConcurrency,
                                s.concurrency == 1 ? "%d request at once" : "%d requests at once",
                                ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
      }))
    request.concurrency_changed = true;
  publish_last_item("concurrency");
  transport_choice(s, servers, active);

  if (enter && !active && can_start) request.start = true;
  return request;
}

void draw_run_buttons(const session::RunModel& run, bool can_start, ControlsRequest& request) {
  const bool active = run.active();
  const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  const float height = ImGui::GetFrameHeight() * 1.4f;
  ImGui::BeginDisabled(active || !can_start);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.42f, 0.85f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.25f, 0.50f, 0.95f, 1.0f));
  if (focus_stop([&] { return ImGui::Button("Start", ImVec2(width, height)); })) request.start = true;
  ImGui::PopStyleColor(2);
  ImGui::EndDisabled();
  publish_last_item("start");
  ImGui::SameLine();
  ImGui::BeginDisabled(!active || run.phase == session::RunPhase::cancelling);
  if (focus_stop([&] { return ImGui::Button("Cancel", ImVec2(width, height)); })) request.cancel = true;
  ImGui::EndDisabled();
  publish_last_item("cancel");

  if (!run.input_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colors::error));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(run.input_error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
}

}  // namespace coflags::app
