// Gallery: a scrolling grid of flag textures with their country names,
// clipped by rows so hundreds of flags cost only what is visible.
#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/platform/page_api.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "imgui.h"

namespace coflags::app {
namespace {

void tooltip(const FlagImage& flag) {
  ImGui::BeginTooltip();
  ImGui::Text("%s  %s", flag.code.c_str(), flag.name.c_str());
  ImGui::TextDisabled("%llu bytes, %dx%d", static_cast<unsigned long long>(flag.bytes), flag.width, flag.height);
  if (flag.download_ms >= 0) ImGui::TextDisabled("downloaded in %.0f ms", flag.download_ms);
  else ImGui::TextDisabled("restored from IndexedDB");
  if (!flag.error.empty()) ImGui::TextColored(to_vec4(colors::error), "%s", flag.error.c_str());
  if (!flag.kept) ImGui::TextColored(to_vec4(colors::error), "not kept: saving it in this browser failed");
  ImGui::EndTooltip();
}

// The longest prefix of `text` that fits `width` with "..." after it (ImGui's default font
// has no ellipsis glyph), or `text` itself when it fits.
std::string fit_text(const std::string& text, float width) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const char* end = text.c_str() + text.size();
  if (font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str(), end).x <= width) return text;
  // One measuring pass: the font stops at the first character past the width (UTF-8 aware).
  const char* fits = end;
  font->CalcTextSizeA(size, width - font->CalcTextSizeA(size, FLT_MAX, 0, "...").x, 0, text.c_str(), end, &fits);
  std::size_t n = static_cast<std::size_t>(fits - text.c_str());
  while (n > 0 && text[n - 1] == ' ') --n;
  return text.substr(0, n) + "...";
}

void card(const FlagImage& flag, float width, float image_height, nlohmann::json& hovered) {
  ImGui::BeginGroup();
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + image_height), IM_COL32(255, 255, 255, 10), 4);
  if (flag.thumb.texture && flag.thumb.width > 0 && flag.thumb.height > 0) {
    // Fit inside the card, keeping the flag's aspect ratio.
    const AtlasSlot& t = flag.thumb;
    float scale = std::min(width / t.width, image_height / t.height);
    ImVec2 size(t.width * scale, t.height * scale);
    ImVec2 at(pos.x + (width - size.x) / 2, pos.y + (image_height - size.y) / 2);
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(t.texture)), at,
                   ImVec2(at.x + size.x, at.y + size.y), t.uv0, t.uv1);
    draw->AddRect(at, ImVec2(at.x + size.x, at.y + size.y), IM_COL32(0, 0, 0, 90));
  } else {
    const char* text = flag.error.empty() ? "..." : "bad image";
    ImVec2 ts = ImGui::CalcTextSize(text);
    draw->AddText(ImVec2(pos.x + (width - ts.x) / 2, pos.y + (image_height - ts.y) / 2), colors::muted, text);
  }
  if (!flag.kept) {
    // A downloaded flag whose save failed: shown, and marked so nobody expects it after a reload.
    const char* badge = "not kept";
    const ImVec2 ts = ImGui::CalcTextSize(badge);
    const ImVec2 at(pos.x + 2, pos.y + image_height - ts.y - 2);
    draw->AddRectFilled(ImVec2(at.x - 1, at.y), ImVec2(at.x + ts.x + 3, at.y + ts.y), IM_COL32(0, 0, 0, 190), 3);
    draw->AddText(ImVec2(at.x + 1, at.y), colors::error, badge);
  }
  ImGui::Dummy(ImVec2(width, image_height));
  // The name, cut with "..." to the card's width; drawn, not laid out, so the card's
  // hover area is the card and never reaches into its neighbour.
  const std::string name = fit_text(flag.name, width);
  const ImVec2 name_pos = ImGui::GetCursorScreenPos();
  const float name_width = ImGui::CalcTextSize(name.c_str()).x;
  draw->AddText(ImVec2(name_pos.x + std::max(0.0f, (width - name_width) / 2), name_pos.y),
                ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
  ImGui::EndGroup();
  if (ImGui::IsItemHovered()) {
    tooltip(flag);
    hovered.push_back({{"code", flag.code}, {"shown", name}});
  }
}

}  // namespace

GalleryRequest draw_gallery_panel(const Gallery& gallery, GalleryViewState& view, int saved_count, bool storage_busy,
                                  const std::string& storage_status) {
  GalleryRequest request;
  ImGui::Text("Gallery");
  ImGui::SameLine();
  ImGui::TextDisabled("%zu flags", gallery.entries().size());
  if (gallery.queued()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(%zu decoding)", gallery.queued());
  }
  ImGui::SameLine();
  ImGui::TextDisabled("| %d saved in this browser", saved_count);
  if (!storage_status.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(to_vec4(colors::error), "%s", storage_status.c_str());
  }

  // Filter and Clear saved on the right of the header, or on their own line when narrow.
  const float header_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  const float button_width = ImGui::CalcTextSize("Clear saved").x + ImGui::GetStyle().FramePadding.x * 2;
  const float filter_width = ImGui::GetFontSize() * 10;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetWindowContentRegionMax().x - button_width - filter_width - spacing;
  if (right > header_end + spacing * 2) ImGui::SameLine(right);
  focus_stop([&] { return view.filter.Draw("##gallery_filter", filter_width); });
  ImGui::SameLine();
  ImGui::BeginDisabled(storage_busy);
  if (focus_stop([&] { return ImGui::Button("Clear saved"); })) ImGui::OpenPopup("Clear saved?");
  ImGui::EndDisabled();
  publish_last_item("clear_saved");
  // Deleting every stored flag has no undo: ask first.
  if (ImGui::BeginPopupModal("Clear saved?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("Delete the %d flags stored in this browser? This cannot be undone.",
                static_cast<int>(gallery.entries().size()));
    if (focus_stop([&] { return ImGui::Button("Delete them"); })) {
      request.clear_saved = true;
      ImGui::CloseCurrentPopup();
    }
    publish_last_item("clear_saved_confirm");
    ImGui::SameLine();
    if (focus_stop([&] { return ImGui::Button("Keep them"); }) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
      ImGui::CloseCurrentPopup();
    publish_last_item("clear_saved_keep");
    ImGui::EndPopup();
  }

  std::vector<const FlagImage*> shown;
  shown.reserve(gallery.entries().size());
  for (const FlagImage& f : gallery.entries()) {
    if (view.filter.PassFilter(f.code.c_str()) || view.filter.PassFilter(f.name.c_str())) shown.push_back(&f);
  }

  ImGui::BeginChild("##grid", ImVec2(0, 0), false);
  const float scale = ImGui::GetFontSize() / 15.0f;
  const float width = view.thumb_width * scale;
  const float image_height = width * 0.62f;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float step_x = width + style.ItemSpacing.x * 1.5f;
  const int columns = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + style.ItemSpacing.x) / step_x));
  const int rows = (static_cast<int>(shown.size()) + columns - 1) / columns;
  const float row_height = image_height + ImGui::GetTextLineHeight() + style.ItemSpacing.y * 2;

  if (shown.empty()) {
    ImGui::TextDisabled(gallery.entries().empty() ? "No flags yet: press Start." : "No flag matches the filter.");
  }
  // The cards under the mouse this frame, with the name as drawn (tests: one at a time).
  nlohmann::json hovered = nlohmann::json::array();
  ImGuiListClipper clipper;
  clipper.Begin(rows, row_height);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      ImGui::SetCursorPosY(row * row_height);
      for (int col = 0; col < columns; ++col) {
        const std::size_t i = static_cast<std::size_t>(row) * columns + col;
        if (i >= shown.size()) break;
        if (col > 0) ImGui::SameLine(col * step_x);
        ImGui::PushID(static_cast<int>(i));
        card(*shown[i], width, image_height, hovered);
        if (i < 2) publish_last_item(i == 0 ? "gallery_card0" : "gallery_card1");
        ImGui::PopID();
      }
    }
  }
  ImGui::SetCursorPosY(rows * row_height);
  publish_scroll("galleryScroll");
  ImGui::EndChild();
  publish_last_item("gallery_grid");
  static std::string published = "[]";
  if (std::string now = hovered.dump(); now != published) {
    published = now;
    publish_json("galleryHovered", published);
  }
  return request;
}

}  // namespace coflags::app
