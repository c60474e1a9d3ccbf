#include "h2/tls_socket.hpp"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>

#include <openssl/err.h>

namespace coflags::server {

TlsSocket::TlsSocket(boost::asio::ip::tcp::socket socket, SSL_CTX* ctx) : socket_(std::move(socket)), ctx_(ctx) {
  boost::system::error_code ignored;
  socket_.native_non_blocking(true, ignored);
}

TlsSocket::~TlsSocket() {
  if (ssl_) SSL_free(ssl_);
}

TlsSocket::Io TlsSocket::first_record_arrived() {
  unsigned char header[5];
  const ssize_t n = ::recv(socket_.native_handle(), header, sizeof header, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return Io::closed;
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Io::want_read : Io::closed;
  if (n < 5) return Io::want_read;
  if (header[0] != 0x16) return Io::done;  // not a handshake record: OpenSSL says why
  const int record = 5 + ((header[3] << 8) | header[4]);
  int queued = 0;
  if (::ioctl(socket_.native_handle(), FIONREAD, &queued) != 0) return Io::closed;
  return queued >= record ? Io::done : Io::want_read;
}

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
  if (!ssl_) {
    if (const Io io = first_record_arrived(); io != Io::done) return io;
    ssl_ = SSL_new(ctx_);
    if (!ssl_) return Io::closed;
    SSL_set_fd(ssl_, socket_.native_handle());
    SSL_set_accept_state(ssl_);
  }
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
  if (ssl_ && SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);  // non-blocking: sent if there is room
  ERR_clear_error();
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace coflags::server
