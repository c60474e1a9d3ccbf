// Look and feel: colours, spacing and the font, scaled for the device pixel ratio.
#pragma once

#include <optional>
#include <vector>

#include "imgui.h"

namespace coflags::app {

// Palette shared by the panels.
namespace colors {
inline constexpr ImU32 ok = IM_COL32(88, 196, 120, 255);
inline constexpr ImU32 not_found = IM_COL32(230, 180, 70, 255);
inline constexpr ImU32 error = IM_COL32(235, 90, 85, 255);
inline constexpr ImU32 cancelled = IM_COL32(150, 150, 160, 255);
inline constexpr ImU32 accent = IM_COL32(90, 150, 250, 255);
inline constexpr ImU32 muted = IM_COL32(140, 146, 160, 255);
}  // namespace colors

ImVec4 to_vec4(ImU32 color);

// Rebuilds style and font atlas for `scale` (the device pixel ratio); the
// font is the shipped TTF when given, else ImGui's built-in one.
// The caller must recreate the backend's font texture afterwards.
void apply_theme(float scale, const std::vector<unsigned char>* font_ttf);

// A larger face of the UI font for the page title (the default font when there is none).
ImFont* title_font();

}  // namespace coflags::app
