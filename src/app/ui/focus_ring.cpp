#include "app/ui/focus_ring.hpp"

#include <vector>

#include "imgui.h"
#include "imgui_internal.h"  // GetItemFlags(), GetActiveID(), ClearActiveID()

namespace coflags::app {
namespace {

struct Stop {
  bool enabled = true;
  bool focused = false;
};

int g_tab_key = -1;               // the backend's key index for Tab
std::vector<Stop> g_last, g_now;  // the stops of the previous frame and of this one
int g_index = 0;                  // the next stop drawn this frame
int g_target = -1;                // the stop Tab moves to this frame

int next_enabled(const std::vector<Stop>& stops, int from, int step) {
  const int n = static_cast<int>(stops.size());
  for (int k = 1; k <= n; ++k) {
    const int i = ((from + step * k) % n + n) % n;
    if (stops[i].enabled) return i;
  }
  return -1;
}

}  // namespace

void take_tab_from_imgui() {
  ImGuiIO& io = ImGui::GetIO();
  g_tab_key = io.KeyMap[ImGuiKey_Tab];
  io.KeyMap[ImGuiKey_Tab] = -1;  // no ImGui tabbing (and no Ctrl+Tab window switcher)
}

void enter_activates_focused() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // a text field being edited takes Enter itself
  for (int key : {io.KeyMap[ImGuiKey_Enter], io.KeyMap[ImGuiKey_KeyPadEnter]})
    if (key >= 0 && io.KeysDown[key]) io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

void begin_focus_frame() {
  g_last.swap(g_now);
  g_now.clear();
  g_index = 0;
  g_target = -1;
  const ImGuiIO& io = ImGui::GetIO();
  if (g_tab_key < 0 || g_last.empty() || io.KeyCtrl || io.KeyAlt || !ImGui::IsKeyPressed(g_tab_key)) return;
  int focused = -1;
  for (int i = 0; i < static_cast<int>(g_last.size()); ++i)
    if (g_last[i].focused) focused = i;
  const int step = io.KeyShift ? -1 : 1;
  if (focused < 0) focused = step > 0 ? -1 : static_cast<int>(g_last.size());
  g_target = next_enabled(g_last, focused, step);
  // Leaving a text field ends its editing, as a click elsewhere would; else it
  // would keep the keyboard (Space typed into it) and block nav activation.
  if (g_target >= 0 && ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
}

void detail::focus_stop_before() {
  if (g_index == g_target) ImGui::SetKeyboardFocusHere(0);
}

void detail::focus_stop_after() {
  g_now.push_back({(ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) == 0, ImGui::IsItemFocused()});
  ++g_index;
}

}  // namespace coflags::app
