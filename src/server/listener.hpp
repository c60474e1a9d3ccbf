// Accept loop: one coroutine per listener, one session coroutine per connection.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "chaos.hpp"

namespace coflags::server {

class Server;

boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor, Server& server, Mode mode);

}  // namespace coflags::server
