// Tab and Shift+Tab through every control of the page, in drawing order and
// across child windows, as on a web page. Dear ImGui 1.86 tabs only between
// text fields of the focused window (its tab stops are "inputable" items), so
// buttons, checkboxes, radio buttons and tabs could not be reached. The app
// takes Tab from ImGui and moves the focus itself with the public
// SetKeyboardFocusHere(), which also scrolls the control into view and shows
// ImGui's navigation highlight; Space or Enter then press it (keyboard
// navigation, ImGuiConfigFlags_NavEnableKeyboard).
#pragma once

namespace coflags::app {

// Once, after ImGui_ImplGlfw_InitForOpenGL: ImGui no longer handles Tab itself.
void take_tab_from_imgui();
// Each frame, between the backend's NewFrame and ImGui::NewFrame: Enter
// presses the focused button as on a web page (ImGui 1.86 maps Enter to its
// "input" action, which buttons ignore; Space is its "activate").
void enter_activates_focused();
// Each frame, after ImGui::NewFrame: reads Tab / Shift+Tab.
void begin_focus_frame();

namespace detail {
void focus_stop_before();
void focus_stop_after();
}  // namespace detail

// Draws one control that Tab should reach (disabled ones are skipped) and
// returns what its ImGui call returned: focus_stop([&] { return ImGui::Button("Start"); }).
template <class Draw>
bool focus_stop(Draw&& draw) {
  detail::focus_stop_before();
  const bool result = draw();
  detail::focus_stop_after();
  return result;
}

}  // namespace coflags::app
