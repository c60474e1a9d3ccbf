// The five panels (controls, status, gallery, log, timeline). Each draws from the plain model and returns what the
// user asked for; the app acts on it after the frame's widgets are done.
#pragma once

#include <cstdint>
#include <string>

#include "app/gallery/gallery.hpp"
#include "app/settings.hpp"
#include "imgui.h"
#include "session/run_model.hpp"
#include "session/server_directory.hpp"

namespace coflags::app {

struct ControlsRequest {
  bool start = false;
  bool cancel = false;
  bool concurrency_changed = false;
};
// Edits `settings` in place; Enter in the countries field asks for a start.
ControlsRequest draw_controls_panel(Settings& settings, const session::RunModel& run,
                                    const session::ServerDirectory& servers, bool can_start);
// Start and Cancel, and why the last start was refused; disabled until `can_start`
// (the saved gallery is restored).
void draw_run_buttons(const session::RunModel& run, bool can_start, ControlsRequest& request);

// Progress, counts and the requests in flight. Drawn in a fixed band of
// status_panel_height(), so it never falls below the fold of a small window.
void draw_status_panel(const session::RunModel& run, double now_s);
float status_panel_height();

struct GalleryViewState {
  ImGuiTextFilter filter;
  float thumb_width = 96.0f;
};
struct GalleryRequest {
  bool clear_saved = false;
};
GalleryRequest draw_gallery_panel(const Gallery& gallery, GalleryViewState& view, int saved_count, bool storage_busy,
                                  const std::string& storage_status);

struct LogViewState {
  ImGuiTextFilter filter;
  bool show_ok = true;
  bool show_info = true;
  bool auto_scroll = true;
  std::uint64_t seen = 0;
};
void draw_log_panel(const session::RunLog& log, LogViewState& view);

// Requests in flight over time, and one bar per request of the current or last run.
void draw_timeline_panel(const session::RunModel& run, double now_s);

// Tells window.coflags.widgets where the last drawn item is (for tests' clicks).
void publish_last_item(const char* name);
// Publishes the current window's scroll as window.coflags[key] = {y, max} when it changed
// (the wheel tests read it).
void publish_scroll(const char* key);

}  // namespace coflags::app
