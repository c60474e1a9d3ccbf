#include "server.hpp"
#include "steady_seconds.hpp"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "listener.hpp"

namespace coflags::server {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

std::uint64_t pick_seed(const Options& o) {
  if (o.seed) return *o.seed;
  std::random_device rd;
  return (std::uint64_t{rd()} << 32) ^ rd();
}

StaticRoot root_or_none(const std::filesystem::path& dir) { return dir.empty() ? StaticRoot{} : StaticRoot{dir}; }

}  // namespace

Server::Server(Options options)
    : options_(std::move(options)),
      flags_(root_or_none(options_.flags_dir)),
      web_(root_or_none(options_.web_dir)),
      chaos_(options_.delay_s, options_.error_rate, pick_seed(options_)),
      files_(steady_seconds(options_.cache_ttl_s), 256 * 1024 * 1024, 16 * 1024 * 1024) {}

void Server::listen() {
  boost::system::error_code ec;
  const auto address = net::ip::make_address(options_.host, ec);
  if (ec) throw std::runtime_error("--host '" + options_.host + "' is not an IP address");
  if (options_.tls()) tls_ = std::make_unique<TlsContexts>(options_.tls_cert, options_.tls_key, options_.tls_cert_dir);
  struct Port {
    Mode mode;
    bool h2;
    std::uint16_t port;
  };
  std::vector<Port> ports = {{Mode::local, false, options_.local_port},
                             {Mode::delay, false, options_.delay_port},
                             {Mode::error, false, options_.error_port}};
  if (tls_) {
    ports.push_back({Mode::local, true, options_.tls_local_port});
    ports.push_back({Mode::delay, true, options_.tls_delay_port});
    ports.push_back({Mode::error, true, options_.tls_error_port});
  }
  for (auto [mode, h2, port] : ports) {
    tcp::acceptor acceptor(io_);
    const tcp::endpoint endpoint(address, port);
    auto fail = [&](const char* what) {
      throw std::runtime_error(std::string(what) + " " + std::string(mode_name(mode)) + (h2 ? "-H2" : "") + " on " +
                               options_.host + ":" + std::to_string(port) + ": " + ec.message());
    };
    acceptor.open(endpoint.protocol(), ec);
    if (ec) fail("cannot open");
    acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    acceptor.bind(endpoint, ec);
    if (ec) fail("cannot bind");
    acceptor.listen(options_.backlog, ec);
    if (ec) fail("cannot listen");
    listeners_.push_back({mode, h2, std::move(acceptor)});
    stats_.set_listener_address(mode, listeners_.back().acceptor.local_endpoint().port(), url_of(mode, h2), h2);
  }
}

std::string Server::url_of(Mode mode, bool h2) const {
  for (const auto& l : listeners_) {
    if (l.mode != mode || l.h2 != h2) continue;
    const auto ep = l.acceptor.local_endpoint();
    if (h2) return "https://localhost:" + std::to_string(ep.port()) + "/";
    const auto addr = ep.address();
    const std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
    return "http://" + host + ":" + std::to_string(ep.port()) + "/";
  }
  return {};
}

void Server::print_listening(std::ostream& out) const {
  for (const auto& l : listeners_)
    out << "LISTEN " << mode_name(l.mode) << (l.h2 ? "-H2 " : " ") << url_of(l.mode, l.h2) << '\n';
  out << "READY" << std::endl;
}

void Server::run() {
  for (auto& l : listeners_) net::co_spawn(io_, accept_loop(l.acceptor, *this, l.mode, l.h2), net::detached);
  trim_after_bursts();
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) begin_shutdown();
  });
  io_.run();
}

void Server::begin_shutdown() {
  stopping_ = true;
  for (auto& l : listeners_) {
    boost::system::error_code ignored;
    l.acceptor.close(ignored);
  }
  trim_timer_.cancel();
  connections_.stop_all();
  // Whatever is still busy after the grace period is dropped.
  grace_timer_.expires_after(steady_seconds(options_.grace_s));
  grace_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) io_.stop();
  });
  // A second signal means "now".
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) io_.stop();
  });
  // Neither the timer nor the signal wait may keep run() alive once the last
  // connection is gone. (co_spawn may run this inline, so it comes last.)
  net::co_spawn(io_, wait_for_drain(), net::detached);
}

// After a burst of connections (TLS handshakes leave their temporaries' holes between the
// connections that stay; connections that close leave theirs), the allocator keeps the free
// memory (glibc gives back only the top of the heap): malloc_trim returns its free pages.
void Server::trim_after_bursts() {
  trim_timer_.expires_after(std::chrono::seconds(1));
  trim_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    const auto churn = connections_.churn();
    if (churn - trimmed_at_churn_ >= 256) {  // at most once a second, only after many
      malloc_trim(0);
      trimmed_at_churn_ = churn;
    }
    trim_after_bursts();
  });
}

net::awaitable<void> Server::wait_for_drain() {
  net::steady_timer poll(io_);
  while (connections_.size() > 0) {
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(net::use_awaitable);
  }
  grace_timer_.cancel();
  signals_.cancel();
}

}  // namespace coflags::server
