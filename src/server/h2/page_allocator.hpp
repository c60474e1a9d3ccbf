// The allocator nghttp2 is given: big blocks are anonymous memory of their own, resident only
// where nghttp2 writes. An idle connection then keeps neither its stream map (4 KB, zeroed,
// written when a stream opens), nor its HPACK tables (2 x 1 KB, written when headers are
// indexed), nor most of its 16 KB frame buffer in memory; a closed connection's big blocks go
// back to the system at once. (A busy connection pays a page for each 1 KB HPACK table.)
#pragma once

#include <nghttp2/nghttp2.h>

namespace coflags::server {

nghttp2_mem* nghttp2_page_allocator();

}  // namespace coflags::server
