# coflags_warnings: the warning set every coflags target builds with.
add_library(coflags_warnings INTERFACE)
target_compile_options(coflags_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(EMSCRIPTEN)
  # Emscripten 3.1.6's libc++ only has <experimental/coroutine>; src/async/coro.hpp hides it.
  target_compile_options(coflags_warnings INTERFACE -Wno-deprecated-experimental-coroutine)
endif()
