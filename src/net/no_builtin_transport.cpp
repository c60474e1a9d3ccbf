// Native builds have no HTTP client of their own: tests install a FakeTransport.
#include "net/transport.hpp"

namespace coflags::net {
Transport* builtin_transport() { return nullptr; }
}  // namespace coflags::net
