// The UI font: the shell page starts fetching ui-font.ttf while the wasm
// compiles; the app takes it once it has arrived (never waits for it).
#pragma once

#include <optional>
#include <vector>

namespace coflags::app {

enum class FontState { pending, ready, unavailable };

FontState ui_font_state();
// The font's bytes once ready (ownership moves to the caller; later calls return nothing).
std::optional<std::vector<unsigned char>> take_ui_font();

}  // namespace coflags::app
