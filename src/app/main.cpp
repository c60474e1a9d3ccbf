// coflags-app entry point: builds the App and hands its frame to the
// browser's animation frames. Startup failures go to the shell page.
#include <emscripten.h>

#include <cstdio>
#include <exception>

#include "app/app.hpp"
#include "app/platform/page_library.hpp"

namespace {

void frame(void* app) { static_cast<coflags::app::App*>(app)->frame(); }

}  // namespace

int main() {
  try {
    // Lives for the page's lifetime.
    auto* app = new coflags::app::App();
    emscripten_set_main_loop_arg(frame, app, 0, false);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coflags: %s\n", e.what());
    coflags_js_fatal(e.what());
    return 1;
  }
  return 0;
}
