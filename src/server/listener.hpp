// Accept loop: one coroutine per listener, one session coroutine per connection.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "chaos.hpp"

namespace coflags::server {

class Server;

// h2: connections speak HTTP/2 over TLS (h2/h2_session), else HTTP/1.1 (session).
boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor, Server& server, Mode mode,
                                         bool h2 = false);

}  // namespace coflags::server
