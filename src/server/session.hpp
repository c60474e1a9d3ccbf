// One HTTP/1.1 connection: read requests, apply the listener's chaos, answer.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "chaos.hpp"

namespace coflags::server {

class Server;

boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, Server& server, Mode mode);

}  // namespace coflags::server
