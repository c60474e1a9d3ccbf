#include "h2/tls_context.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include <openssl/ssl.h>

namespace coflags::server {
namespace ssl = boost::asio::ssl;

namespace {

// Picks "h2" from the client's ALPN list. A client that offers only other protocols
// (curl --http1.1) fails the handshake with "no_application_protocol" (RFC 7301), a
// clearer error than HTTP/2 frames it cannot read; a client without ALPN goes on as h2.
int select_h2(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen,
              void*) {
  static const unsigned char h2[] = {2, 'h', '2'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, h2, sizeof h2, in, inlen) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

ssl::context make_tls_context(const std::filesystem::path& cert, const std::filesystem::path& key) {
  // TLS 1.2+ only: HTTP/2 forbids older versions (RFC 9113, 9.2).
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(cert.string(), ec);
  if (ec) throw std::runtime_error("cannot load --tls-cert '" + cert.string() + "': " + ec.message());
  ctx.use_private_key_file(key.string(), ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load --tls-key '" + key.string() + "': " + ec.message());
  if (SSL_CTX_check_private_key(ctx.native_handle()) != 1)
    throw std::runtime_error("--tls-key '" + key.string() + "' does not match --tls-cert '" + cert.string() + "'");
  SSL_CTX_set_alpn_select_cb(ctx.native_handle(), select_h2, nullptr);
  // Per-connection memory (see tls_socket.hpp): record buffers only while a record is in
  // transit; writes may be partial and resumed from a buffer that has grown or moved.
  SSL_CTX_set_mode(ctx.native_handle(),
                   SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // No server-side session cache (it keeps every session after its connection is gone, as
  // nginx's default "ssl_session_cache none" does not); resumption still works by ticket.
  SSL_CTX_set_session_cache_mode(ctx.native_handle(), SSL_SESS_CACHE_OFF);
  return ctx;
}

TlsContexts::TlsContexts(const std::filesystem::path& cert, const std::filesystem::path& key,
                         const std::filesystem::path& name_dir)
    : default_(make_tls_context(cert, key)) {
  if (name_dir.empty()) return;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(name_dir, ec)) {
    if (entry.path().extension() != ".pem") continue;
    by_name_.emplace(entry.path().stem().string(), make_tls_context(entry.path(), key));
  }
  if (ec) throw std::runtime_error("cannot read --tls-cert-dir '" + name_dir.string() + "': " + ec.message());
  SSL_CTX_set_tlsext_servername_callback(default_.native_handle(), on_server_name);
  SSL_CTX_set_tlsext_servername_arg(default_.native_handle(), this);
}

int TlsContexts::on_server_name(SSL* ssl, int*, void* self) {
  const char* asked = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (asked == nullptr) return SSL_TLSEXT_ERR_OK;
  std::string name(asked);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  auto& contexts = static_cast<TlsContexts*>(self)->by_name_;
  // The named contexts are made like the default one (ALPN, modes), so only the certificate changes.
  if (auto it = contexts.find(name); it != contexts.end()) SSL_set_SSL_CTX(ssl, it->second.native_handle());
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace coflags::server
