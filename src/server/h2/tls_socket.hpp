// TLS on a non-blocking Asio socket, driven by OpenSSL directly (SSL_set_fd): unlike Asio's
// ssl::stream, which holds four 17 KB buffers per connection for its whole life, this keeps
// no buffer of its own, and OpenSSL's record buffers exist only while a record is in transit
// (SSL_MODE_RELEASE_BUFFERS). The caller waits for readiness with the socket's async_wait.
#pragma once

#include <cstddef>
#include <string_view>

#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>

namespace coflags::server {

class TlsSocket {
 public:
  enum class Io {
    done,        // the call did its work (n bytes for read/write)
    want_read,   // wait until the socket is readable, then call again
    want_write,  // wait until the socket is writable, then call again
    closed,      // the peer closed, or a TLS or socket error: give up
  };
  struct Result {
    Io io;
    std::size_t n = 0;
  };

  TlsSocket(boost::asio::ip::tcp::socket socket, SSL_CTX* ctx);
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  boost::asio::ip::tcp::socket& socket() { return socket_; }

  // OpenSSL's connection state (some 40 KB during a handshake) is made only once the client's
  // first TLS record is all there: a client that connects and sends nothing, or half a
  // ClientHello, costs the socket alone until the handshake deadline.
  Io handshake();
  Result read(void* data, std::size_t size);
  // Partial writes are reported as done with n < size; after want_write the next call must
  // start with the same bytes (more may follow; the buffer may have moved).
  Result write(const void* data, std::size_t size);
  // Best-effort close_notify, then the socket is closed.
  void close();

 private:
  Io classify(int rv);
  Io first_record_arrived();

  boost::asio::ip::tcp::socket socket_;
  SSL_CTX* ctx_;
  SSL* ssl_ = nullptr;
};

}  // namespace coflags::server
