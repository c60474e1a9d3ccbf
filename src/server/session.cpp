#include "session.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <string_view>

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

// uri-host [ ":" port ] (RFC 3986): reg-name, IPv4 or [IPv6] characters only; may be empty.
bool valid_host(std::string_view h) {
  for (const unsigned char c : h) {
    if (std::isalnum(c)) continue;
    if (std::string_view("-._~%!$&'()*+,;=:[]").find(static_cast<char>(c)) == std::string_view::npos) return false;
  }
  return true;
}

bool iequals_trimmed(std::string_view v, std::string_view word) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v.size() == word.size() && std::equal(v.begin(), v.end(), word.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Status for a request the parser refused; 0 for "the connection just ended".
unsigned parse_error_status(const beast::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return 0;
  if (ec.category() == beast::error_code(http::error::bad_target).category()) return 400;
  return 0;  // timeout, reset, cancelled by shutdown
}

// RFC 9112 framing and routing rules Beast's parser leaves to the server. Returns 0 when
// the request may be served, else 400 (answered, then the connection is closed).
unsigned framing_error(const http::request_parser<http::string_body>& parser) {
  const auto& req = parser.get();
  // Section 3.2: one Host field in HTTP/1.1 (none allowed in 1.0), with a valid value.
  const auto hosts = req.count(http::field::host);
  if (hosts > 1 || (hosts == 0 && req.version() >= 11)) return 400;
  if (hosts == 1 && !valid_host(req[http::field::host])) return 400;
  // Section 6: the only transfer coding served is "chunked", exactly once and last; anything
  // else (unknown codings, "chunked, identity", a 1.0 request) leaves the body length unknown.
  const auto te = req.count(http::field::transfer_encoding);
  if (te == 0) return 0;
  if (te > 1 || req.version() < 11 || req.count(http::field::content_length) > 0) return 400;
  return iequals_trimmed(req[http::field::transfer_encoding], "chunked") ? 0 : 400;
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
  // Stopped (shutdown, or evicted to make room) while waiting for a request: the read ends.
  // While answering, the loop sees server.stopping() once the answer is out.
  bool waiting = true;
  Connections::Guard registered(server.connections(), Family::http1, [&stream, &waiting] {
    if (!waiting) return;
    beast::error_code ignored;
    stream.socket().cancel(ignored);
  });
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
    registered.set_idle(waiting = true);
    auto [read_ec, read_n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    registered.set_idle(waiting = false);
    unsigned refused = read_ec ? parse_error_status(read_ec) : framing_error(parser);
    if (!read_ec && !refused && !parser.is_done()) {
      auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, use_tuple);
      read_ec = body_ec;
      refused = parse_error_status(body_ec);
    }
    if (read_ec || refused) {
      const unsigned status = refused;
      if (status == 0) break;
      // The stream cannot be resynchronised after a bad request: answer and close.
      InFlight counted(stats, mode);
      auto reply = http1_reply(error_answer(status), 11, false, false);
      stream.expires_after(steady_seconds(opt.write_timeout_s));
      auto [ec, n] = co_await beast::async_write(stream, std::move(reply.message), use_tuple);
      counted.finish(reply.status);
      if (!ec) co_await drain_before_close(stream);
      break;
    }
    Request req = parser.release();
    const bool head = req.method() == http::verb::head;

    if (is_stats_request(req)) {
      auto reply =
          http1_reply(stats_answer(req, stats, "http"), req.version(), head, req.keep_alive() && !server.stopping());
      stream.expires_after(steady_seconds(opt.write_timeout_s));
      auto [ec, n] = co_await beast::async_write(stream, std::move(reply.message), use_tuple);
      if (ec || !req.keep_alive()) break;
      continue;
    }

    InFlight counted(stats, mode);
    const auto start = std::chrono::steady_clock::now();
    // Preflights are answered as they are: a failed preflight would break CORS, not test it.
    const bool exempt = req.method() == http::verb::options || is_code_list_request(req);
    const Fate fate = exempt ? Fate{} : server.chaos().decide(mode);
    if (fate.delay.count() > 0) {
      stream.expires_never();
      if (!co_await delay_unless_gone(stream.socket(), fate.delay)) break;
    }
    const bool keep_alive = req.keep_alive() && !server.stopping();
    Reply reply = http1_reply(fate.fail_status ? error_answer(fate.fail_status)
                                               : file_answer(req, server.flags(), server.web(), server.files()),
                              req.version(), head, keep_alive);
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
