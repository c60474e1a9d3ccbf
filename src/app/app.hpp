// The browser app: wires the platform pieces (window, ImGui, the IndexedDB
// worker, the server directory) to the run session, which writes the model,
// and draws one animation frame at a time (fewer during a run under software
// WebGL): glfwPollEvents -> decode a few images -> ImGui::NewFrame -> draw the
// model -> Render -> hand what was clicked to the session. Coroutines run in
// short tasks of their own between frames (EventLoopBackend), never inside one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/gallery/gallery.hpp"
#include "app/platform/canvas.hpp"
#include "app/platform/frame_stats.hpp"
#include "app/run/frame_pacer.hpp"
#include "app/settings.hpp"
#include "app/storage/idb_saver.hpp"
#include "app/storage/idb_worker.hpp"
#include "app/storage/loop_saver.hpp"  // issue 12: 18.4.2 save on the loop
#include "app/storage/saver_choice.hpp"
#include "app/ui/history_panel.hpp"  // issue 12: run history
#include "app/ui/lessons_panel.hpp"  // issue 12: lessons
#include "app/ui/panels.hpp"
#include "app/ui/sweep_panel.hpp"  // issue 12: sweep
#include "async/backend/emscripten.hpp"
#include "async/future.hpp"
#include "session/run_model.hpp"
#include "session/run_session.hpp"
#include "session/server_directory.hpp"

struct GLFWwindow;

namespace coflags::app {

class App {
 public:
  // Throws std::runtime_error when there is no WebGL2 context.
  App();
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  void frame();

 private:
  explicit App(ParsedSettings query);  // the page's query string, parsed

  async::Task<void> startup();
  async::Task<void> clear_saved();
  void follow_canvas_size();
  void rebuild_fonts_if_needed();
  void draw();
  void publish_state();
  void publish_last_run();
  void on_run_finished();

  GLFWwindow* window_ = nullptr;
  async::EventLoopBackend backend_;
  Settings settings_;
  FramePacer pacer_;
  session::RunModel run_;
  session::RunLog log_;
  Gallery gallery_;
  IdbWorker worker_;
  IdbSaver saver_;
  LoopSaver loop_saver_{saver_.saved_codes()};  // issue 12: 18.4.2
  SaverChoice saving_{saver_, loop_saver_};     // what the session saves through
  session::ServerDirectory servers_;
  session::RunSession session_;  // the only writer of run_ and log_'s run lines

  CanvasSize canvas_{};
  float ui_scale_ = 0;  // the scale the fonts were built for
  std::vector<unsigned char> font_ttf_;
  bool font_checked_ = false;

  ControlsRequest controls_request_;
  GalleryRequest gallery_request_;
  GalleryViewState gallery_view_;
  LogViewState log_view_;

  async::Future<void> startup_task_;
  bool clearing_ = false;  // a Clear saved is in progress
  bool ready_ = false;     // saved gallery restored, servers known
  int restored_ = 0;
  std::string storage_status_;
  std::vector<std::string> query_problems_;
  std::string pending_query_;  // a custom server's settings, for the page URL once it answers  // bad query parameters,
                               // also in the log
  long frames_ = 0;
  FrameStats frame_stats_;
  double last_publish_s_ = 0;
  LessonsPanel lessons_{log_, saving_};     // issue 12: block the loop, save on it, frame-time strip
  HistoryPanel history_{saving_};           // issue 12: run history
  SweepPanel sweep_{session_, run_, log_};  // issue 12: sweep
};

}  // namespace coflags::app
