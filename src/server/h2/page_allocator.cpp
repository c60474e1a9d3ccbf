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

// An uninitialised block of 1 KB or more may never be written at all on an idle connection:
// its own pages cost nothing until it is. A zeroed block below a page is written by calloc
// itself: it stays on the heap.
constexpr std::size_t own_pages_from = 1024;
// The shared mapping: a first block under a page, and a frame buffer of up to 16 KB + header.
constexpr std::size_t head_first_max = 3584;
constexpr std::size_t head_bytes = 6 * 4096;

void* map_pages(std::size_t n) {
  void* p = mmap(nullptr, round_up(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  big_blocks().emplace(p, round_up(n));
  return p;
}

// nullopt-like: 0 when `p` is not a block of its own pages.
std::size_t mapped_size(void* p) {
  auto it = big_blocks().find(p);
  return it == big_blocks().end() ? 0 : it->second;
}

void unmap(void* p) {
  auto it = big_blocks().find(p);
  munmap(p, it->second);
  big_blocks().erase(it);
}

}  // namespace

SessionMemory::SessionMemory() : mem_{this, allocate, release, allocate_zeroed, reallocate} {}

SessionMemory::~SessionMemory() {
  if (head_) munmap(head_, head_bytes);
}

bool SessionMemory::in_head(const void* p) const { return head_ && p >= head_ && p < head_ + head_bytes; }

std::size_t SessionMemory::head_block_size(const void* p) const { return p == head_ ? first_size_ : second_size_; }

// The first block of the session goes at the start of the shared mapping, the next big one
// (the frame buffer) right after it; fresh anonymous memory is zero, so calloc writes nothing.
void* SessionMemory::from_head(std::size_t n, bool first_block_only) {
  if (head_blocks_ == 0) {
    if (n > head_first_max) return nullptr;
    void* p = mmap(nullptr, head_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    head_ = static_cast<char*>(p);
    first_size_ = n;
    head_used_ = (n + 15) / 16 * 16;
    head_blocks_ = 1;
    return head_;
  }
  if (first_block_only || head_blocks_ != 1 || n < 8192 || head_used_ + n > head_bytes) return nullptr;
  head_blocks_ = 2;
  second_size_ = n;
  void* p = head_ + head_used_;
  head_used_ += n;
  return p;
}

void* SessionMemory::allocate(std::size_t n, void* user) {
  auto& self = *static_cast<SessionMemory*>(user);
  if (void* p = self.from_head(n, false)) return p;
  return n >= own_pages_from ? map_pages(n) : std::malloc(n);
}

void* SessionMemory::allocate_zeroed(std::size_t count, std::size_t size, void* user) {
  if (size != 0 && count > static_cast<std::size_t>(-1) / size) return nullptr;
  auto& self = *static_cast<SessionMemory*>(user);
  const std::size_t n = count * size;
  if (void* p = self.from_head(n, true)) return p;
  return n >= page_size() ? map_pages(n) : std::calloc(count, size);
}

void* SessionMemory::reallocate(void* p, std::size_t n, void* user) {
  auto& self = *static_cast<SessionMemory*>(user);
  if (!p) return allocate(n, user);
  const bool head = self.in_head(p);
  const std::size_t pages = head ? 0 : mapped_size(p);
  if (!head && pages == 0 && n < own_pages_from) return std::realloc(p, n);
  const std::size_t have = head ? self.head_block_size(p) : pages ? pages : malloc_usable_size(p);
  if (pages && round_up(n) == pages) return p;
  if (head && n <= have) return p;
  void* q = allocate(n, user);
  if (!q) return nullptr;
  std::memcpy(q, p, std::min(have, n));
  release(p, user);
  return q;
}

// A block in the shared mapping is given back with the session (the destructor).
void SessionMemory::release(void* p, void* user) {
  if (!p || static_cast<SessionMemory*>(user)->in_head(p)) return;
  if (mapped_size(p)) return unmap(p);
  std::free(p);
}

}  // namespace coflags::server
