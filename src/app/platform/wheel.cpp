#include "app/platform/wheel.hpp"

#include <GLFW/glfw3.h>

#include "app/platform/page_library.hpp"
#include "imgui.h"

namespace coflags::app {
namespace {

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
