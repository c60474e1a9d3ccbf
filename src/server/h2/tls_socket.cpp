#include "h2/tls_socket.hpp"

#include <new>

#include <openssl/err.h>

namespace coflags::server {

TlsSocket::TlsSocket(boost::asio::ip::tcp::socket socket, SSL_CTX* ctx)
    : socket_(std::move(socket)), ssl_(SSL_new(ctx)) {
  if (!ssl_) throw std::bad_alloc();
  boost::system::error_code ignored;
  socket_.native_non_blocking(true, ignored);
  SSL_set_fd(ssl_, socket_.native_handle());
  SSL_set_accept_state(ssl_);
}

TlsSocket::~TlsSocket() { SSL_free(ssl_); }

TlsSocket::Io TlsSocket::classify(int rv) {
  switch (SSL_get_error(ssl_, rv)) {
    case SSL_ERROR_WANT_READ: return Io::want_read;
    case SSL_ERROR_WANT_WRITE: return Io::want_write;
    default:
      // The error queue is per thread: leave nothing behind for the next connection.
      ERR_clear_error();
      return Io::closed;
  }
}

TlsSocket::Io TlsSocket::handshake() {
  const int rv = SSL_do_handshake(ssl_);
  return rv == 1 ? Io::done : classify(rv);
}

TlsSocket::Result TlsSocket::read(void* data, std::size_t size) {
  std::size_t n = 0;
  const int rv = SSL_read_ex(ssl_, data, size, &n);
  if (rv == 1) return {Io::done, n};
  return {classify(rv)};
}

TlsSocket::Result TlsSocket::write(const void* data, std::size_t size) {
  std::size_t n = 0;
  const int rv = SSL_write_ex(ssl_, data, size, &n);
  if (rv == 1) return {Io::done, n};
  return {classify(rv)};
}

void TlsSocket::close() {
  if (SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);  // non-blocking: sent if there is room
  ERR_clear_error();
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace coflags::server
