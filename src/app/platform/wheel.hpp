// Mouse wheel and trackpad scrolling the way a web page scrolls. Emscripten
// 3.1.6's GLFW passes the DOM wheel event's deltaY to the scroll callback as
// is: pixels, positive downwards, where GLFW (and ImGui) mean wheel steps,
// positive upwards. So one 53 px notch down scrolled ImGui 53 steps up. This
// callback turns the delta into pixels (deltaMode: pixels, lines or pages)
// and then into ImGui wheel steps of one scroll step's height, so that a
// window moves about as many pixels as the wheel asked for, in its direction.
#pragma once

struct GLFWwindow;

namespace coflags::app {

// Replaces the scroll callback ImGui's GLFW backend installed. Call after
// ImGui_ImplGlfw_InitForOpenGL(window, true).
void install_wheel_scrolling(GLFWwindow* window);

// Pixels of scroll to ImGui wheel steps: ImGui 1.86 scrolls a window by
// 5 font heights per step (less in short windows).
float wheel_steps(double delta_px, float font_size);

}  // namespace coflags::app
