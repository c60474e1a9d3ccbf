#include "listener.hpp"

#include <chrono>
#include <iostream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "h2/h2_session.hpp"
#include "server.hpp"
#include "session.hpp"

namespace coflags::server {
namespace net = boost::asio;
using net::ip::tcp;

net::awaitable<void> accept_loop(tcp::acceptor& acceptor, Server& server, Mode mode, bool h2) {
  constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
  auto executor = co_await net::this_coro::executor;
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (server.stopping() || ec == net::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors (EMFILE) and the like: back off instead of spinning.
      std::cerr << "coflags-server: accept on " << mode_name(mode) << (h2 ? "-H2" : "") << ": " << ec.message() << '\n';
      net::steady_timer pause(executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    const auto& opt = server.options();
    if (!server.connections().admit(h2 ? Family::h2 : Family::http1,
                                    h2 ? opt.max_h2_connections : opt.max_connections)) {
      boost::system::error_code ignored;
      socket.close(ignored);  // full of busy connections: refuse rather than let everyone slow down
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (h2) {
      start_h2_session(std::move(socket), server, mode);
      continue;
    }
    net::co_spawn(executor, run_session(std::move(socket), server, mode), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::cerr << "coflags-server: session: " << ex.what() << '\n';
      }
    });
  }
}

}  // namespace coflags::server
