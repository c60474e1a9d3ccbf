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
