// The server: three listeners on one io_context, shared state, shutdown.
#pragma once

#include <iosfwd>
#include <memory>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "chaos.hpp"
#include "connections.hpp"
#include "file_cache.hpp"
#include "h2/tls_context.hpp"
#include "options.hpp"
#include "paths.hpp"
#include "stats.hpp"

namespace coflags::server {

class Server {
 public:
  explicit Server(Options options);

  // Binds and listens on the three ports; throws std::runtime_error naming the port.
  void listen();
  // "LISTEN LOCAL http://127.0.0.1:8001/" ... "READY", flushed.
  void print_listening(std::ostream& out) const;
  // "http://127.0.0.1:8001/" for a listener; "https://localhost:8443/" for an -H2 one
  // (localhost: the name the generated certificate is for).
  std::string url_of(Mode mode, bool h2 = false) const;
  // Runs until SIGINT/SIGTERM and the grace period are over.
  void run();

  // Shared with sessions (all on the io_context thread).
  const Options& options() const { return options_; }
  const StaticRoot& flags() const { return flags_; }
  const StaticRoot& web() const { return web_; }
  Chaos& chaos() { return chaos_; }
  FileCache& files() { return files_; }
  Stats& stats() { return stats_; }
  Connections& connections() { return connections_; }
  boost::asio::ssl::context& tls_context() { return tls_->default_context(); }  // only with --tls-cert
  bool stopping() const { return stopping_; }

 private:
  struct Listener {
    Mode mode;
    bool h2;  // HTTP/2 over TLS
    boost::asio::ip::tcp::acceptor acceptor;
  };

  void begin_shutdown();
  void trim_after_bursts();
  boost::asio::awaitable<void> wait_for_drain();

  Options options_;
  StaticRoot flags_;
  StaticRoot web_;
  Chaos chaos_;
  FileCache files_;
  Stats stats_;
  Connections connections_;
  std::unique_ptr<TlsContexts> tls_;
  boost::asio::io_context io_{1};
  std::vector<Listener> listeners_;
  boost::asio::signal_set signals_{io_, SIGINT, SIGTERM};
  boost::asio::steady_timer grace_timer_{io_};
  boost::asio::steady_timer trim_timer_{io_};
  std::uint64_t trimmed_at_churn_ = 0;
  bool stopping_ = false;
};

}  // namespace coflags::server
