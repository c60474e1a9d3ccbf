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

std::shared_ptr<const std::string> reason_body(unsigned status) {
  return std::make_shared<const std::string>(
      std::to_string(status) + " " + std::string(http::obsolete_reason(static_cast<http::status>(status))) + "\n");
}

Answer text(unsigned status, std::shared_ptr<const std::string> body = nullptr,
            std::string_view type = "text/plain; charset=utf-8") {
  Answer a;
  a.status = status;
  a.body = std::move(body);
  if (status != 204) a.content_type = type;
  return a;
}

Answer status_page(unsigned status) { return text(status, reason_body(status)); }

// A reset changes state, so a page on another site must not be able to trigger it: a browser
// sends Origin (and Sec-Fetch-Site) with every POST, including the "simple" cross-origin ones
// that need no preflight. Clients that are not browsers send neither and may reset.
bool same_origin(const Request& req, std::string_view scheme) {
  if (const auto site = req["Sec-Fetch-Site"]; !site.empty() && site != "same-origin" && site != "none") return false;
  const auto it = req.find(http::field::origin);
  if (it == req.end()) return true;
  const std::string_view origin = it->value();
  const std::string_view host = req[http::field::host];
  return !host.empty() && origin.size() == scheme.size() + 3 + host.size() && origin.starts_with(scheme) &&
         origin.substr(scheme.size(), 3) == "://" && origin.substr(scheme.size() + 3) == host;
}

}  // namespace

bool is_stats_request(const Request& req) {
  const auto path = path_part(req.target());
  return path == "/_stats" || path == "/_stats/reset";
}

bool is_code_list_request(const Request& req) { return path_part(req.target()) == "/flags/country_codes.txt"; }

Answer stats_answer(const Request& req, Stats& stats, std::string_view scheme) {
  const auto method = req.method();
  const bool head = method == http::verb::head;
  if (path_part(req.target()) == "/_stats") {
    // Reads only, whatever the query says: GET must stay safe (an <img> can send one).
    if (method == http::verb::options) {
      Answer a = text(204);
      a.fields = {{http::field::allow, allowed_methods},
                  {http::field::access_control_allow_methods, "GET, HEAD, OPTIONS"},
                  {http::field::access_control_allow_headers, "*"}};
      return a;
    }
    if (method != http::verb::get && !head) {
      Answer a = status_page(405);
      a.fields = {{http::field::allow, allowed_methods}};
      return a;
    }
    return text(200, std::make_shared<const std::string>(stats.to_json() + "\n"), "application/json");
  }
  // /_stats/reset: POST only, same origin only, and never a CORS grant (no preflight passes).
  Answer a;
  if (method == http::verb::options) {
    a = text(204);
    a.fields = {{http::field::allow, "POST, OPTIONS"}};
  } else if (method != http::verb::post) {
    a = status_page(405);
    a.fields = {{http::field::allow, "POST, OPTIONS"}};
  } else if (!same_origin(req, scheme)) {
    a = status_page(403);
  } else {
    // Snapshot first, then reset: the caller sees the counts it is zeroing.
    a = text(200, std::make_shared<const std::string>(stats.to_json() + "\n"), "application/json");
    stats.reset();
  }
  a.cors = false;
  return a;
}

Answer file_answer(const Request& req, const StaticRoot& flags, const StaticRoot& web, FileCache& cache) {
  const auto method = req.method();
  if (method == http::verb::options) {
    // CORS preflight (and plain OPTIONS): what a page on another port may ask for.
    Answer a = text(204);
    a.fields = {{http::field::allow, allowed_methods},
                {http::field::access_control_allow_methods, allowed_methods},
                {http::field::access_control_allow_headers, "*"},
                {http::field::access_control_max_age, "600"}};
    return a;
  }
  if (method != http::verb::get && method != http::verb::head) {
    Answer a = status_page(405);
    a.fields = {{http::field::allow, allowed_methods}};
    return a;
  }
  const auto rel = decode_url_path(path_part(req.target()));
  if (!rel) return status_page(400);
  std::optional<CachedFile> file;
  if (*rel == "flags" || rel->starts_with("flags/")) {
    file = cache.get(flags, std::string_view(*rel).substr(std::min<std::size_t>(rel->size(), 6)));
  } else {
    file = cache.get(web, *rel);
  }
  if (!file) return status_page(404);
  return text(200, std::move(file->body), file->content_type);
}

Answer error_answer(unsigned status) { return status_page(status); }

Reply http1_reply(Answer&& a, unsigned version, bool head, bool keep_alive) {
  http::response<SharedBody> res{static_cast<http::status>(a.status), version};
  res.set(http::field::server, server_name);
  if (a.cors) res.set(http::field::access_control_allow_origin, "*");  // the wasm page on one port reads the others
  res.set(http::field::cache_control, no_store);  // every download must really hit the server, as in the book
  if (!a.content_type.empty()) res.set(http::field::content_type, a.content_type);
  for (const auto& [name, value] : a.fields) res.set(name, value);
  res.keep_alive(keep_alive);
  res.body() = std::move(a.body);
  res.prepare_payload();
  if (head) {
    http::response<http::empty_body> h{std::move(res.base())};
    return {http::message_generator(std::move(h)), a.status};
  }
  return {http::message_generator(std::move(res)), a.status};
}

}  // namespace coflags::server
