// Two runs of the history one above the other on one time axis (issue 12):
// each request a bar from when it was sent to when it was answered,
// coloured by outcome, with the same seconds per pixel in both, so a run at
// concurrency 1 is a staircase across the axis where one at 20 is a block
// at its start.
#pragma once

#include <optional>
#include <string>

#include "app/history/run_comparison.hpp"
#include "imgui.h"

namespace coflags::app {

// Inside an ImGui window, filling `size`.
void draw_history_compare(const history::RunComparison& compared, ImVec2 size);

// window.coflags.historyCompare: the two rows compared and the shared axis (null rows when fewer than two).
std::string history_compare_json(const std::optional<history::RunComparison>& compared);

}  // namespace coflags::app
