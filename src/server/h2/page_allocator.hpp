// The memory nghttp2 is given, one per session, laid out for connections that sit idle:
//  - big blocks are anonymous pages of their own, resident only where nghttp2 writes, so an
//    idle connection keeps neither its stream map (4 KB, zeroed, written when a stream opens)
//    nor its HPACK tables (2 x 1 KB, written when headers are indexed) in memory, and a
//    closed connection's big blocks go back to the system at once;
//  - the session's first block (its state, about 3 KB) and its frame buffer (16 KB, of which
//    an idle connection writes only the first few bytes: SETTINGS, PING ACK, GOAWAY) share one
//    mapping, the buffer right after the state, so both live in a single resident page.
// Where nghttp2 allocates in another order the layout is only less compact, never wrong.
// (A busy connection pays a page for each 1 KB HPACK table.)
#pragma once

#include <cstddef>

#include <nghttp2/nghttp2.h>

namespace coflags::server {

class SessionMemory {
 public:
  SessionMemory();
  ~SessionMemory();  // after nghttp2_session_del
  SessionMemory(const SessionMemory&) = delete;
  SessionMemory& operator=(const SessionMemory&) = delete;

  nghttp2_mem* mem() { return &mem_; }

 private:
  static void* allocate(std::size_t n, void* self);
  static void* allocate_zeroed(std::size_t count, std::size_t size, void* self);
  static void* reallocate(void* p, std::size_t n, void* self);
  static void release(void* p, void* self);

  void* from_head(std::size_t n, bool first_block_only);
  bool in_head(const void* p) const;
  std::size_t head_block_size(const void* p) const;

  nghttp2_mem mem_;
  char* head_ = nullptr;  // the shared mapping: the first block, then the frame buffer
  std::size_t head_used_ = 0;
  std::size_t first_size_ = 0;  // the first block's size (the second starts after it)
  std::size_t second_size_ = 0;
  int head_blocks_ = 0;
};

}  // namespace coflags::server
