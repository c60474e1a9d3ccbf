// The TLS side of the HTTP/2 listeners: certificate, key, and ALPN "h2".
#pragma once

#include <filesystem>

#include <boost/asio/ssl/context.hpp>

namespace coflags::server {

// Loads a PEM certificate chain and key; throws std::runtime_error naming the file.
// The context accepts only "h2" in ALPN: browsers speak HTTP/2 only over TLS with ALPN.
boost::asio::ssl::context make_tls_context(const std::filesystem::path& cert, const std::filesystem::path& key);

}  // namespace coflags::server
