#include "session.hpp"

#include <chrono>
#include <iostream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "handler.hpp"
#include "server.hpp"
#include "steady_seconds.hpp"

namespace coflags::server {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace net::experimental::awaitable_operators;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Status for a request the parser refused; 0 for "the connection just ended".
unsigned parse_error_status(const beast::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return 0;
  if (ec.category() == beast::error_code(http::error::bad_target).category()) return 400;
  return 0;  // timeout, reset, cancelled by shutdown
}

// Waits out a delay, but notices a client that hangs up meanwhile so the request
// stops counting as in flight. Returns false when the client is gone.
net::awaitable<bool> delay_unless_gone(tcp::socket& socket, std::chrono::steady_clock::duration d) {
  net::steady_timer timer(co_await net::this_coro::executor, std::chrono::steady_clock::now() + d);
  for (;;) {
    auto first = co_await (timer.async_wait(use_tuple) || socket.async_wait(tcp::socket::wait_read, use_tuple));
    if (first.index() == 0) co_return true;
    // Readable: EOF or reset (gone), or a pipelined next request (still here).
    // Non-blocking, so a spurious wake-up can never stall the one server thread.
    char byte;
    beast::error_code ec;
    socket.non_blocking(true, ec);
    const std::size_t n = socket.receive(net::buffer(&byte, 1), tcp::socket::message_peek, ec);
    if (ec == net::error::would_block || ec == net::error::try_again) continue;
    if (ec || n == 0) co_return false;
    co_await timer.async_wait(use_tuple);  // same deadline; the race only cancelled the wait
    co_return true;
  }
}

// After refusing a request the client may still be sending (a body over the limit):
// closing with unread bytes would reset the connection and could destroy the error
// response in flight. Stop sending, read and drop what comes for a short while, then close.
net::awaitable<void> drain_before_close(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(1));
  char sink[4096];
  for (std::size_t total = 0; total < (1u << 20);) {
    auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), use_tuple);
    if (ec) break;
    total += n;
  }
}

}  // namespace

net::awaitable<void> run_session(tcp::socket socket, Server& server, Mode mode) {
  const Options& opt = server.options();
  Stats& stats = server.stats();
  beast::tcp_stream stream(std::move(socket));
  Connections::Guard registered(server.connections(), stream.socket());
  stats.connection_opened(mode);
  struct Closed {
    Stats& s;
    Mode m;
    ~Closed() { s.connection_closed(m); }
  } closed{stats, mode};

  beast::flat_buffer buffer;
  for (;;) {
    if (server.stopping()) break;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opt.max_header_bytes));
    parser.body_limit(opt.max_body_bytes);
    // One deadline for the whole request, idle time before it included: slowloris defence.
    stream.expires_after(steady_seconds(opt.header_timeout_s));
    registered.set_idle(true);
    auto [read_ec, read_n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    registered.set_idle(false);
    if (read_ec) {
      const unsigned status = parse_error_status(read_ec);
      if (status == 0) break;
      // The stream cannot be resynchronised after a bad request: answer and close.
      InFlight counted(stats, mode);
      auto reply = error_reply(status, 11, false, false);
      stream.expires_after(steady_seconds(opt.write_timeout_s));
      auto [ec, n] = co_await beast::async_write(stream, std::move(reply.message), use_tuple);
      counted.finish(reply.status);
      if (!ec) co_await drain_before_close(stream);
      break;
    }
    Request req = parser.release();
    const bool head = req.method() == http::verb::head;

    if (is_stats_request(req)) {
      auto reply = stats_reply(req, stats, req.keep_alive() && !server.stopping());
      stream.expires_after(steady_seconds(opt.write_timeout_s));
      auto [ec, n] = co_await beast::async_write(stream, std::move(reply.message), use_tuple);
      if (ec || !req.keep_alive()) break;
      continue;
    }

    InFlight counted(stats, mode);
    const auto start = std::chrono::steady_clock::now();
    // Preflights are answered as they are: a failed preflight would break CORS, not test it.
    const Fate fate = req.method() == http::verb::options ? Fate{} : server.chaos().decide(mode);
    if (fate.delay.count() > 0) {
      stream.expires_never();
      if (!co_await delay_unless_gone(stream.socket(), fate.delay)) break;
    }
    const bool keep_alive = req.keep_alive() && !server.stopping();
    Reply reply = fate.fail_status ? error_reply(fate.fail_status, req.version(), head, keep_alive)
                                   : file_reply(req, server.flags(), server.web(), server.files(), keep_alive);
    stream.expires_after(steady_seconds(opt.write_timeout_s));
    auto [write_ec, written] = co_await beast::async_write(stream, std::move(reply.message), use_tuple);
    counted.finish(reply.status);
    if (opt.access_log) {
      const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      std::clog << mode_name(mode) << ' ' << req.method_string() << ' ' << req.target() << ' ' << reply.status << ' '
                << ms << "ms" << (write_ec ? " write failed" : "") << '\n';
    }
    if (write_ec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket().close(ignored);
}

}  // namespace coflags::server
