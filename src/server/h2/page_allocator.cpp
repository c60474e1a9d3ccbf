#include "h2/page_allocator.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace coflags::server {

namespace {

// One server thread: the table of big blocks needs no lock.
std::unordered_map<void*, std::size_t>& big_blocks() {
  static std::unordered_map<void*, std::size_t> blocks;
  return blocks;
}

std::size_t page_size() {
  static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

std::size_t round_up(std::size_t n) { return (n + page_size() - 1) / page_size() * page_size(); }

void* map_pages(std::size_t n) {
  void* p = mmap(nullptr, round_up(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  big_blocks().emplace(p, round_up(n));
  return p;
}

void release(void* p, void*) {
  if (!p) return;
  auto& blocks = big_blocks();
  if (auto it = blocks.find(p); it != blocks.end()) {
    munmap(p, it->second);
    blocks.erase(it);
    return;
  }
  std::free(p);
}

// An uninitialised block of 1 KB or more (the HPACK tables, the frame buffer) may never be
// written at all on an idle connection: its own pages cost nothing until it is. A zeroed block
// below a page is written by calloc itself: it stays on the heap.
constexpr std::size_t own_pages_from = 1024;

void* allocate(std::size_t n, void*) { return n >= own_pages_from ? map_pages(n) : std::malloc(n); }

// Fresh anonymous pages are zero: calloc of a big block writes nothing.
void* allocate_zeroed(std::size_t count, std::size_t size, void*) {
  if (size != 0 && count > static_cast<std::size_t>(-1) / size) return nullptr;
  const std::size_t n = count * size;
  return n >= page_size() ? map_pages(n) : std::calloc(count, size);
}

void* reallocate(void* p, std::size_t n, void* user) {
  if (!p) return allocate(n, user);
  const auto it = big_blocks().find(p);
  const bool big = it != big_blocks().end();
  if (!big && n < own_pages_from) return std::realloc(p, n);
  const std::size_t have = big ? it->second : malloc_usable_size(p);
  if (big && round_up(n) == have) return p;
  void* q = allocate(n, user);
  if (!q) return nullptr;
  std::memcpy(q, p, std::min(have, n));
  release(p, user);
  return q;
}

}  // namespace

nghttp2_mem* nghttp2_page_allocator() {
  static nghttp2_mem mem{nullptr, allocate, release, allocate_zeroed, reallocate};
  return &mem;
}

}  // namespace coflags::server
