#include "app/ui/theme.hpp"

#include <cstring>

namespace coflags::app {

ImVec4 to_vec4(ImU32 color) { return ImGui::ColorConvertU32ToFloat4(color); }

namespace {

ImFont* g_title_font = nullptr;

void set_colors(ImGuiStyle& style) {
  ImGui::StyleColorsDark(&style);
  ImVec4* c = style.Colors;
  const ImVec4 bg(0.075f, 0.085f, 0.105f, 1.0f);
  const ImVec4 panel(0.105f, 0.118f, 0.145f, 1.0f);
  const ImVec4 frame(0.16f, 0.18f, 0.22f, 1.0f);
  const ImVec4 accent = to_vec4(colors::accent);
  c[ImGuiCol_WindowBg] = bg;
  c[ImGuiCol_ChildBg] = panel;
  c[ImGuiCol_PopupBg] = ImVec4(0.12f, 0.13f, 0.16f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.29f, 1.0f);
  c[ImGuiCol_FrameBg] = frame;
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.20f, 0.23f, 0.28f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.24f, 0.27f, 0.33f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.19f, 0.22f, 0.28f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.25f, 0.30f, 0.39f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(accent.x, accent.y, accent.z, 0.8f);
  c[ImGuiCol_SliderGrab] = accent;
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.55f, 0.72f, 1.0f, 1.0f);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_PlotHistogram] = accent;
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.25f, 0.34f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.30f, 0.42f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.28f, 0.36f, 0.50f, 1.0f);
  c[ImGuiCol_Separator] = c[ImGuiCol_Border];
  c[ImGuiCol_Text] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
  c[ImGuiCol_TextDisabled] = to_vec4(colors::muted);
  c[ImGuiCol_NavHighlight] = ImVec4(1.0f, 0.85f, 0.35f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = frame;
}

}  // namespace

void apply_theme(float scale, const std::vector<unsigned char>* font_ttf) {
  ImGuiStyle style;
  set_colors(style);
  style.WindowPadding = ImVec2(12, 12);
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(8, 7);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.ScrollbarSize = 12;
  style.GrabMinSize = 12;
  style.WindowRounding = 0;
  style.ChildRounding = 6;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.GrabRounding = 4;
  style.ScrollbarRounding = 6;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;

  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (font_ttf && !font_ttf->empty()) {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the caller keeps the bytes for later rebuilds
    config.OversampleH = 2;
    std::strncpy(config.Name, "ui-font", sizeof config.Name - 1);
    auto* data = const_cast<unsigned char*>(font_ttf->data());
    const int size = static_cast<int>(font_ttf->size());
    io.Fonts->AddFontFromMemoryTTF(data, size, 15.0f * scale, &config);  // the first font is the default
    g_title_font = io.Fonts->AddFontFromMemoryTTF(data, size, 21.0f * scale, &config);
  } else {
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    g_title_font = io.Fonts->AddFontDefault(&config);
  }
}

ImFont* title_font() { return g_title_font; }

}  // namespace coflags::app
