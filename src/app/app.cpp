#include "app/app.hpp"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "app/platform/font.hpp"
#include "app/platform/page_api.hpp"
#include "app/platform/wheel.hpp"
#include "app/ui/focus_ring.hpp"
#include "app/ui/theme.hpp"
#include "async/errors.hpp"
#include "async/loop.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace coflags::app {
namespace {

constexpr double kDecodeBudgetMs = 3.0;  // image decoding per frame

GLFWwindow* create_window() {
  if (!glfwInit()) throw std::runtime_error("cannot initialise GLFW");
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws 2D triangles: no depth or stencil buffer to allocate and composite.
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  CanvasSize size = canvas_size();
  GLFWwindow* window =
      glfwCreateWindow(static_cast<int>(size.css_width * size.pixel_ratio),
                       static_cast<int>(size.css_height * size.pixel_ratio), "coflags", nullptr, nullptr);
  if (!window) throw std::runtime_error("this browser could not create a WebGL2 context");
  glfwMakeContextCurrent(window);
  return window;
}

session::ServerDirectory make_directory(const Settings& s) {
  PageLocation at = page_location();
  return session::ServerDirectory(at.protocol, at.hostname, at.origin, s.delay_port, s.error_port);
}

}  // namespace

App::App() : App(parse_query(page_location().search)) {}

App::App(ParsedSettings query)
    : window_(create_window()),
      backend_(async::current_loop()),  // coroutines in short tasks of their own, between frames
      settings_(std::move(query.settings)),
      pacer_(run_fps_cap(settings_.fps, software_webgl())),
      saver_(worker_),
      servers_(make_directory(settings_)),
      session_({.model = run_,
                .log = log_,
                .servers = servers_,
                .saver = &saving_,
                .saved_codes = &saver_.saved_codes(),
                .on_image = [this](const std::string& code, std::string name, const flags::Bytes& image, double ms,
                                   bool kept) { gallery_.add(code, std::move(name), image, ms, kept); },
                .on_finished = [this] { on_run_finished(); }}) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  install_wheel_scrolling(window_);
  take_tab_from_imgui();  // Tab goes through every control (focus_ring.hpp)
  ImGui_ImplOpenGL3_Init("#version 300 es");

  async::current_loop().set_error_handler([this](std::string_view message) {
    log_.add(session::loop_seconds(), session::LogLevel::error, "", "internal: " + std::string(message));
  });
  query_problems_ = std::move(query.problems);
  for (const std::string& problem : query_problems_)
    log_.add(session::loop_seconds(), session::LogLevel::warn, "", problem);
  std::string drawing = std::string("WebGL renderer: ") + webgl_renderer();
  if (pacer_.run_fps_cap() > 0)
    drawing += "; during runs at most " + std::to_string(pacer_.run_fps_cap()) + " frames a second" +
               (software_webgl() ? " (software rendering shares the CPU with the downloads)" : "");
  log_.add(session::loop_seconds(), session::LogLevel::info, "", drawing);
  session_.set_concurrency(settings_.concurrency);
  startup_task_ = async::spawn(startup());
}

void App::on_run_finished() {
  publish_last_run();
  if (!pending_query_.empty() && run_.counts.ok + run_.counts.not_found > 0) replace_page_query(pending_query_);
  pending_query_.clear();
  history_.add_run(run_, lessons_.long_tasks_between(run_.started_s * 1000, run_.finished_s * 1000));  // issue 12
  sweep_.on_run_finished();
}

App::~App() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

async::Task<void> App::startup() {
  // Asking the server for its ports and reading the saved gallery overlap.
  async::Future<void> discovery = async::spawn(servers_.discover());
  // The saved gallery comes first, before any download.
  try {
    // issue 12: with the flags saved on the loop.
    std::vector<IdbSaver::RestoredFlag> flags = co_await saver_.restore(loop_saver_.list());
    for (IdbSaver::RestoredFlag& f : flags) gallery_.add(f.code, std::move(f.name), std::move(f.bytes), -1);
    restored_ = static_cast<int>(flags.size());
    log_.add(session::loop_seconds(), session::LogLevel::info, "",
             "restored " + std::to_string(restored_) + " saved flags from IndexedDB");
  } catch (const StorageError& e) {
    storage_status_ = e.what();
    log_.add(session::loop_seconds(), session::LogLevel::error, "",
             std::string("cannot restore saved flags: ") + e.what());
  }
  co_await discovery;
  log_.add(session::loop_seconds(), session::LogLevel::info, "", servers_.note());
  ready_ = true;
  publish_state();
  if (settings_.autostart) {
    log_.add(session::loop_seconds(), session::LogLevel::info, "", "autostart from the page URL");
    session_.start(settings_);
  }
}

async::Task<void> App::clear_saved() {
  clearing_ = true;
  try {
    co_await saver_.clear();
    loop_saver_.clear();  // issue 12
    gallery_.clear();
    restored_ = 0;
    storage_status_.clear();
    log_.add(session::loop_seconds(), session::LogLevel::info, "", "cleared the saved flags");
  } catch (const StorageError& e) {
    storage_status_ = e.what();
    log_.add(session::loop_seconds(), session::LogLevel::error, "",
             std::string("cannot clear saved flags: ") + e.what());
  }
  clearing_ = false;
}

void App::follow_canvas_size() {
  CanvasSize size = canvas_size();
  if (size == canvas_) return;
  canvas_ = size;
  // The canvas backing store is CSS size x devicePixelRatio; ImGui works in those pixels.
  set_canvas_pixels(static_cast<int>(size.css_width * size.pixel_ratio),
                    static_cast<int>(size.css_height * size.pixel_ratio));
}

void App::rebuild_fonts_if_needed() {
  bool rebuild = canvas_.pixel_ratio != ui_scale_;
  if (!font_checked_) {
    FontState state = ui_font_state();
    if (state == FontState::ready) {
      if (auto bytes = take_ui_font()) font_ttf_ = std::move(*bytes);
      font_checked_ = true;
      rebuild = true;
    } else if (state == FontState::unavailable) {
      font_checked_ = true;
      log_.add(session::loop_seconds(), session::LogLevel::warn, "",
               "ui-font.ttf is not next to the page: using Dear ImGui's built-in font (assets/fonts/README.md)");
    }
  }
  if (!rebuild) return;
  ui_scale_ = canvas_.pixel_ratio;
  apply_theme(ui_scale_, font_ttf_.empty() ? nullptr : &font_ttf_);
  ImGui_ImplOpenGL3_DestroyDeviceObjects();  // NewFrame recreates them with the new atlas
}

void App::frame() {
  const double frame_start = emscripten_get_now();
  lessons_.animation_frame(frame_start);  // issue 12: long tasks, drawn frame or not
  if (!pacer_.should_draw(frame_start, session_.active(), last_input_ms())) return;
  follow_canvas_size();
  glfwPollEvents();
  gallery_.decode_some(kDecodeBudgetMs);
  rebuild_fonts_if_needed();

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  enter_activates_focused();
  ImGui::NewFrame();
  begin_focus_frame();
  draw();
  ImGui::Render();

  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.075f, 0.085f, 0.105f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (++frames_ == 1) notify_first_frame();

  // Act on what the user asked for, now that the frame is drawn.
  if (controls_request_.concurrency_changed) session_.set_concurrency(settings_.concurrency);
  if (controls_request_.start && ready_ && !clearing_ && session_.start(settings_)) {
    // A custom server goes into the page's URL once it answered: a reload must not reopen a broken one.
    if (settings_.server == session::ServerChoice::custom) pending_query_ = to_query(settings_);
    else replace_page_query(to_query(settings_));
  }
  if (controls_request_.cancel) session_.cancel();
  if (gallery_request_.clear_saved && !session_.active() && !clearing_) (void)async::spawn(clear_saved());
  controls_request_ = {};
  gallery_request_ = {};

  frame_stats_.add(emscripten_get_now() - frame_start);
  lessons_.end_frame(frame_start, emscripten_get_now() - frame_start);  // issue 12
  if (session::loop_seconds() - last_publish_s_ > 0.1) publish_state();
}

void App::draw() {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::Begin("coflags", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoBackground);  // glClear already paints it

  // Title line.
  if (ImFont* big = title_font()) ImGui::PushFont(big);
  ImGui::TextUnformatted("coflags");
  if (title_font()) ImGui::PopFont();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("flags downloaded concurrently by C++20 coroutines in WebAssembly  -  Fluent Python, chapter 18");

  const float font = ImGui::GetFontSize();
  const float left_width = std::min(font * 26, ImGui::GetContentRegionAvail().x * 0.45f);
  // Left: the settings scroll; Start, Cancel and the status stay in a band at the bottom,
  // in view however small the window.
  const ImGuiStyle& style = ImGui::GetStyle();
  float band = ImGui::GetFrameHeight() * 1.4f + style.ItemSpacing.y + status_panel_height() + style.WindowPadding.y * 2;
  if (!run_.input_error.empty())
    band += ImGui::CalcTextSize(run_.input_error.c_str(), nullptr, false, left_width - style.WindowPadding.x * 2).y +
            style.ItemSpacing.y;
  if (!ready_) band += ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginGroup();
  const bool can_start = ready_ && !clearing_;
  ImGui::BeginChild("##left", ImVec2(left_width, -band), true);
  controls_request_ = draw_controls_panel(settings_, run_, servers_, can_start);
  publish_scroll("controlsScroll");
  ImGui::EndChild();
  publish_last_item("controls_area");
  ImGui::BeginChild("##run", ImVec2(left_width, 0), true, ImGuiWindowFlags_NoScrollbar);
  draw_run_buttons(run_, can_start, controls_request_);
  draw_status_panel(run_, session::loop_seconds());
  if (!ready_) ImGui::TextDisabled("restoring saved flags...");
  ImGui::EndChild();
  ImGui::EndGroup();

  ImGui::SameLine();
  ImGui::BeginGroup();
  // issue 12: the 18.1 lesson and the frame-time strip, always on screen above the gallery;
  // side by side when there is room, else one above the other.
  const bool lessons_side_by_side = ImGui::GetContentRegionAvail().x >= font * 40;
  ImGui::BeginChild("##lessons", ImVec2(0, font * (lessons_side_by_side ? 7.2f : 13.5f)), true);
  if (lessons_side_by_side && ImGui::BeginTable("##lessons_cols", 2)) {
    ImGui::TableNextColumn();
    lessons_.draw_block_controls();
    ImGui::TableNextColumn();
    lessons_.draw_frame_strip();
    ImGui::EndTable();
  } else if (!lessons_side_by_side) {
    lessons_.draw_block_controls();
    lessons_.draw_frame_strip();
  }
  ImGui::EndChild();
  const float avail = ImGui::GetContentRegionAvail().y;
  ImGui::BeginChild("##gallery", ImVec2(0, avail * 0.62f), true);
  const bool storage_busy = clearing_ || session_.active() || !ready_;
  gallery_request_ = draw_gallery_panel(gallery_, gallery_view_, static_cast<int>(saver_.saved_codes().size()),
                                        storage_busy, storage_status_.empty() ? run_.storage_problem : storage_status_);
  ImGui::EndChild();
  ImGui::BeginChild("##bottom", ImVec2(0, 0), true);
  if (ImGui::BeginTabBar("##bottom_tabs")) {
    const bool log_open = focus_stop([&] { return ImGui::BeginTabItem("Log"); });
    publish_last_item("log_tab");
    if (log_open) {
      draw_log_panel(log_, log_view_);
      ImGui::EndTabItem();
    }
    const bool timeline_open = focus_stop([&] { return ImGui::BeginTabItem("Timeline"); });
    publish_last_item("timeline_tab");
    if (timeline_open) {
      draw_timeline_panel(run_, session::loop_seconds());
      ImGui::EndTabItem();
    }
    const bool history_open = focus_stop([&] { return ImGui::BeginTabItem("History"); });  // issue 12
    publish_last_item("history_tab");
    if (history_open) {
      sweep_.draw(settings_, ready_ && !clearing_);
      history_.draw();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::EndGroup();

  ImGui::End();
}

void App::publish_state() {
  last_publish_s_ = session::loop_seconds();
  // What the page tells the user before a run: where it would go and why.
  std::string transport_reason;
  if (std::optional<session::Endpoint> e = servers_.endpoint(settings_.server))
    transport_reason = session::plan_route(settings_.transport, *e, settings_.concurrency).reason;
  nlohmann::json state = {
      {"frames", frames_},
      {"ready", ready_},
      {"phase", session::phase_name(run_.phase)},
      {"gallery", gallery_.entries().size()},
      {"decoded", gallery_.decoded()},
      {"decoding", gallery_.queued()},
      {"not_kept", gallery_.not_kept()},
      {"restored", restored_},
      {"saved", saver_.saved_codes().size()},
      {"in_flight", run_.in_flight},
      {"limit", run_.concurrency},
      {"slider", settings_.concurrency},  // what the next run will use
      {"done", run_.counts.done()},
      {"total", run_.total},
      {"input_error", run_.input_error},
      {"storage_error", storage_status_},
      {"server_note", servers_.note()},
      {"transport_reason", transport_reason},
      {"query_problems", query_problems_},
      {"renderer", webgl_renderer()},
      {"run_fps_cap", pacer_.run_fps_cap()},
  };
  publish_json("state", state.dump());
  publish_json("frameWork", frame_stats_.json());
}

void App::publish_last_run() {
  publish_json("lastRun", session::run_summary_json(run_, session::loop_seconds()));
  publish_state();
}

}  // namespace coflags::app
