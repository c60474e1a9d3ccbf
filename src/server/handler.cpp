#include "handler.hpp"

#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/empty_body.hpp>

#include "file_cache.hpp"
#include "paths.hpp"
#include "shared_body.hpp"
#include "stats.hpp"

namespace coflags::server {
namespace http = boost::beast::http;

namespace {

constexpr std::string_view allowed_methods = "GET, HEAD, OPTIONS";

std::string_view path_part(std::string_view target) { return target.substr(0, target.find('?')); }
std::string_view query_part(std::string_view target) {
  const auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

// Common headers; HEAD gets the same headers with the body dropped.
template <class Body>
Reply finish(http::response<Body>&& res, bool head, bool keep_alive) {
  res.set(http::field::server, "coflags");
  // The wasm page on one port reads the other ports.
  res.set(http::field::access_control_allow_origin, "*");
  // Every download must really hit the server, as in the book.
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.prepare_payload();
  const unsigned status = res.result_int();
  if (head) {
    http::response<http::empty_body> h{std::move(res.base())};
    return {http::message_generator(std::move(h)), status};
  }
  return {http::message_generator(std::move(res)), status};
}

http::response<http::string_body> text(unsigned status, unsigned version, std::string body,
                                       std::string_view type = "text/plain; charset=utf-8") {
  http::response<http::string_body> res{static_cast<http::status>(status), version};
  res.set(http::field::content_type, type);
  res.body() = std::move(body);
  return res;
}

std::string reason_body(unsigned status) {
  return std::to_string(status) + " " + std::string(http::obsolete_reason(static_cast<http::status>(status))) + "\n";
}

}  // namespace

bool is_stats_request(const Request& req) {
  const auto path = path_part(req.target());
  return path == "/_stats" || path == "/_stats/reset";
}

Reply stats_reply(const Request& req, Stats& stats, bool keep_alive) {
  const auto path = path_part(req.target());
  const auto method = req.method();
  const bool head = method == http::verb::head;
  const bool reset =
      (path == "/_stats/reset" && method == http::verb::post) ||
      (path == "/_stats" && (method == http::verb::get || head) && query_part(req.target()) == "reset=1");
  if (method == http::verb::options) {
    auto res = text(204, req.version(), "");
    res.set(http::field::access_control_allow_methods, "GET, HEAD, POST, OPTIONS");
    res.set(http::field::access_control_allow_headers, "*");
    return finish(std::move(res), false, keep_alive);
  }
  const bool allowed = path == "/_stats" ? (method == http::verb::get || head) : method == http::verb::post;
  if (!allowed) {
    auto res = text(405, req.version(), reason_body(405));
    res.set(http::field::allow, path == "/_stats" ? "GET, HEAD, OPTIONS" : "POST, OPTIONS");
    return finish(std::move(res), head, keep_alive);
  }
  // Snapshot first, then reset: the caller sees the counts it is zeroing.
  auto res = text(200, req.version(), stats.to_json() + "\n", "application/json");
  if (reset) stats.reset();
  return finish(std::move(res), head, keep_alive);
}

Reply file_reply(const Request& req, const StaticRoot& flags, const StaticRoot& web, FileCache& cache,
                 bool keep_alive) {
  const auto method = req.method();
  const bool head = method == http::verb::head;
  if (method == http::verb::options) {
    // CORS preflight (and plain OPTIONS): what a page on another port may ask for.
    auto res = text(204, req.version(), "");
    res.set(http::field::allow, allowed_methods);
    res.set(http::field::access_control_allow_methods, allowed_methods);
    res.set(http::field::access_control_allow_headers, "*");
    res.set(http::field::access_control_max_age, "600");
    return finish(std::move(res), false, keep_alive);
  }
  if (method != http::verb::get && !head) {
    auto res = text(405, req.version(), reason_body(405));
    res.set(http::field::allow, allowed_methods);
    return finish(std::move(res), false, keep_alive);
  }
  const auto rel = decode_url_path(path_part(req.target()));
  if (!rel) return finish(text(400, req.version(), reason_body(400)), head, keep_alive);

  std::optional<CachedFile> file;
  if (*rel == "flags" || rel->starts_with("flags/")) {
    file = cache.get(flags, std::string_view(*rel).substr(std::min<std::size_t>(rel->size(), 6)));
  } else {
    file = cache.get(web, *rel);
  }
  if (!file) return finish(text(404, req.version(), reason_body(404)), head, keep_alive);
  http::response<SharedBody> res{http::status::ok, req.version()};
  res.set(http::field::content_type, file->content_type);
  res.body() = std::move(file->body);
  return finish(std::move(res), head, keep_alive);
}

Reply error_reply(unsigned status, unsigned version, bool head, bool keep_alive) {
  return finish(text(status, version, reason_body(status)), head, keep_alive);
}

}  // namespace coflags::server
