// The JavaScript functions the Emscripten backend calls; their bodies are in
// event_loop_library.js (a --js-library linked through coflags_async).
#pragma once

// noexcept: JS throws no C++ exceptions, and so with JS-lowered exceptions
// a call from a noexcept function (Backend::wakeup) needs no invoke wrapper.
extern "C" {
// Posts a platform task that calls coflags_event_loop_ready(target); returns
// an id for coflags_js_cancel_ready_task.
int coflags_js_post_ready_task(void* target) noexcept;
void coflags_js_cancel_ready_task(int id) noexcept;
// Sets node's process.exitCode to 3 until run_main's task ends.
void coflags_js_mark_unfinished() noexcept;
// Called from JS by the posted task (defined in emscripten.cpp).
void coflags_event_loop_ready(void* backend);
}
