#include "net/transport.hpp"

namespace coflags::net {

// Defined per platform: fetch_transport.cpp under Emscripten, no_builtin_transport.cpp natively.
Transport* builtin_transport();

namespace {
Transport* installed = nullptr;
}

Transport* default_transport() { return installed ? installed : builtin_transport(); }
void set_default_transport(Transport* transport) { installed = transport; }

}  // namespace coflags::net
