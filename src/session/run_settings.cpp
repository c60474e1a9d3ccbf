#include "session/run_settings.hpp"

namespace coflags::session {

std::string_view server_choice_name(ServerChoice choice) {
  switch (choice) {
    case ServerChoice::local: return "LOCAL";
    case ServerChoice::delay: return "DELAY";
    case ServerChoice::error: return "ERROR";
    case ServerChoice::custom: return "CUSTOM";
  }
  return "?";
}

std::string_view transport_choice_name(TransportChoice choice) {
  switch (choice) {
    case TransportChoice::http2: return "HTTP/2";
    case TransportChoice::sharded: return "HTTP/1.1 sharded";
    case TransportChoice::http1: return "HTTP/1.1";
  }
  return "?";
}

}  // namespace coflags::session
