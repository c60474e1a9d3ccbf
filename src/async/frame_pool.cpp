#include "async/frame_pool.hpp"

namespace coflags::async::detail {

void* allocate_frame_memory(std::size_t size) { return ::operator new(size); }
void free_frame_memory(void* p) noexcept { ::operator delete(p); }

}  // namespace coflags::async::detail
