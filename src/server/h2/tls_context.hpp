// The TLS side of the HTTP/2 listeners: certificates, key, and ALPN "h2".
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace coflags::server {

// Loads a PEM certificate chain and key; throws std::runtime_error naming the file.
// The context accepts only "h2" in ALPN: browsers speak HTTP/2 only over TLS with ALPN.
boost::asio::ssl::context make_tls_context(const std::filesystem::path& cert, const std::filesystem::path& key);

// One default certificate, and certificates by server name: a client that asks for NAME
// (SNI) gets `name_dir`/NAME.pem when there is one. A browser sends requests for another
// origin over an open HTTP/2 connection when the two resolve alike and the connection's
// certificate covers both names (Chromium's IP pooling, Firefox's coalescing); a
// certificate for one name each keeps s0..sN.localhost on connections of their own.
class TlsContexts {
 public:
  // `name_dir` may be empty (one certificate for every name).
  TlsContexts(const std::filesystem::path& cert, const std::filesystem::path& key,
              const std::filesystem::path& name_dir);
  TlsContexts(const TlsContexts&) = delete;  // OpenSSL holds `this` for the SNI callback
  TlsContexts& operator=(const TlsContexts&) = delete;

  boost::asio::ssl::context& default_context() { return default_; }

 private:
  static int on_server_name(SSL* ssl, int* alert, void* self);

  boost::asio::ssl::context default_;
  std::map<std::string, boost::asio::ssl::context, std::less<>> by_name_;
};

}  // namespace coflags::server
