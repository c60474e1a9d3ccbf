// Picks the coroutine header the toolchain has: g++ 12 and clang 14 natively
// have <coroutine>; Emscripten 3.1.6's libc++ only <experimental/coroutine>.
#pragma once

#if __has_include(<coroutine>) && !defined(__EMSCRIPTEN__)
#include <coroutine>
namespace coflags::async::coro {
using std::coroutine_handle;
using std::noop_coroutine;
using std::suspend_always;
using std::suspend_never;
}  // namespace coflags::async::coro
#else
#include <experimental/coroutine>
namespace coflags::async::coro {
using std::experimental::coroutine_handle;
using std::experimental::noop_coroutine;
using std::experimental::suspend_always;
using std::experimental::suspend_never;
}  // namespace coflags::async::coro
#endif

namespace coflags::async::coro {
// Frees a suspended coroutine's frame. A frame's destructors cannot throw,
// but clang sees coroutine_handle::destroy() as an indirect call that may,
// so inside a noexcept function (or a coroutine body) it becomes an invoke,
// which with JS-lowered wasm exceptions is a round trip through JS. Under
// Emscripten (clang 14) the call goes through the frame's destroy pointer,
// typed noexcept: clang's and GCC's shared frame layout begins with the
// resume and destroy function pointers, each taking the frame's address.
inline void destroy_frame(coroutine_handle<> handle) noexcept {
#if defined(__EMSCRIPTEN__) && defined(__clang__)
  using DestroyFn = void (*)(void*) noexcept;
  void* frame = handle.address();
  static_cast<DestroyFn*>(frame)[1](frame);
#else
  handle.destroy();
#endif
}
}  // namespace coflags::async::coro
