// One HTTP/2-over-TLS connection: TLS handshake, then many concurrent streams,
// each with the listener's chaos (a delayed stream never holds up the others).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "chaos.hpp"

namespace coflags::server {

class Server;

// Starts the connection; it lives on in its own callbacks until it closes.
void start_h2_session(boost::asio::ip::tcp::socket socket, Server& server, Mode mode);

}  // namespace coflags::server
