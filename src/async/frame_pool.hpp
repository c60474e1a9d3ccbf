// A recycling pool for coroutine frames: TaskPromise's operator new/delete.
//
// Every spawn and every inline `co_await child()` allocates a frame, and a
// program's frames come in a handful of sizes. Freed frames go on a free
// list per 16-byte size class and the next frame of that class takes one,
// so the hot path is a pointer pop instead of malloc (dlmalloc in wasm).
// Each list keeps at most kMaxFreePerClass frames; beyond that, and for
// frames over kMaxPooledBytes, memory goes back to operator delete.
//
// Off under AddressSanitizer (or with -DCOFLAGS_FRAME_POOL=0), so the
// sanitizer still sees every frame freed and reports a use after free.
#pragma once

#include <cstddef>
#include <new>

#ifndef COFLAGS_FRAME_POOL
#if defined(__SANITIZE_ADDRESS__)
#define COFLAGS_FRAME_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COFLAGS_FRAME_POOL 0
#endif
#endif
#endif
#ifndef COFLAGS_FRAME_POOL
#define COFLAGS_FRAME_POOL 1
#endif

namespace coflags::async::detail {

inline constexpr std::size_t kFrameGranule = 16;
inline constexpr std::size_t kMaxPooledBytes = 1024;
inline constexpr std::size_t kFrameClasses = kMaxPooledBytes / kFrameGranule;
inline constexpr std::size_t kMaxFreePerClass = 4096;

struct FreeFrame {
  FreeFrame* next;
};
// Trivially destructible, so thread_local access needs no guard; frames
// still on a thread's lists when it exits are not returned.
struct FramePool {
  FreeFrame* head[kFrameClasses];
  unsigned count[kFrameClasses];
};
inline thread_local FramePool frame_pool{};

// The slow paths, out of line (frame_pool.cpp): operator new and delete.
void* allocate_frame_memory(std::size_t size);
void free_frame_memory(void* p) noexcept;

inline void* allocate_frame(std::size_t size) {
#if COFLAGS_FRAME_POOL
  std::size_t cls = (size - 1) / kFrameGranule;  // frames are never empty
  if (cls < kFrameClasses) {
    FramePool& pool = frame_pool;
    if (FreeFrame* f = pool.head[cls]) {
      pool.head[cls] = f->next;
      --pool.count[cls];
      return f;
    }
    return allocate_frame_memory((cls + 1) * kFrameGranule);
  }
#endif
  return allocate_frame_memory(size);
}

inline void free_frame(void* p, std::size_t size) noexcept {
#if COFLAGS_FRAME_POOL
  std::size_t cls = (size - 1) / kFrameGranule;
  if (cls < kFrameClasses) {
    FramePool& pool = frame_pool;
    if (pool.count[cls] < kMaxFreePerClass) {
      auto* f = static_cast<FreeFrame*>(p);
      f->next = pool.head[cls];
      pool.head[cls] = f;
      ++pool.count[cls];
      return;
    }
  }
#else
  (void)size;
#endif
  free_frame_memory(p);
}

}  // namespace coflags::async::detail
