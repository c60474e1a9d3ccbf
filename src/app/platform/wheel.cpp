#include "app/platform/wheel.hpp"

#include <GLFW/glfw3.h>
#include <emscripten.h>

#include "imgui.h"

namespace coflags::app {
namespace {

// clang-format off
// CSS pixels per unit of the latest wheel event's deltaMode (0 pixels, 1 lines, 2 pages).
// Recorded on window in the capture phase, before GLFW's canvas listener runs.
EM_JS(double, coflags_js_wheel_unit_px, (), {
  if (Module['coflagsWheelUnit'] === undefined) {
    Module['coflagsWheelUnit'] = 1;
    window.addEventListener('wheel', function(e) {
      Module['coflagsWheelUnit'] = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? window.innerHeight : 1;
    }, {capture: true, passive: true});
  }
  return Module['coflagsWheelUnit'];
});
// clang-format on

void on_scroll(GLFWwindow*, double dx, double dy) {
  ImGuiIO& io = ImGui::GetIO();
  const double unit = coflags_js_wheel_unit_px();
  const float font = ImGui::GetFontSize() > 0 ? ImGui::GetFontSize() : 13.0f;
  io.MouseWheelH += wheel_steps(dx * unit, font);
  io.MouseWheel += wheel_steps(dy * unit, font);
}

}  // namespace

float wheel_steps(double delta_px, float font_size) { return static_cast<float>(-delta_px / (5.0 * font_size)); }

void install_wheel_scrolling(GLFWwindow* window) {
  coflags_js_wheel_unit_px();  // start listening now, before the first wheel event
  glfwSetScrollCallback(window, on_scroll);
}

}  // namespace coflags::app
