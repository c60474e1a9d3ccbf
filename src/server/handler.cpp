#include "handler.hpp"

#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/version.hpp>

#include "mime.hpp"
#include "paths.hpp"
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
Reply finish(http::response<http::string_body>&& res, bool head, bool keep_alive) {
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

std::optional<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::string data;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) return std::nullopt;
    data.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(data.data(), size)) return std::nullopt;
    return data;
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
    const bool reset = (path == "/_stats/reset" && method == http::verb::post) ||
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

Reply file_reply(const Request& req, const StaticRoot& flags, const StaticRoot& web, bool keep_alive) {
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

    std::optional<std::filesystem::path> file;
    if (*rel == "flags" || rel->starts_with("flags/")) {
        file = flags.resolve(std::string_view(*rel).substr(std::min<std::size_t>(rel->size(), 6)));
    } else {
        file = web.resolve(*rel);
    }
    std::optional<std::string> body;
    if (file) body = read_file(*file);
    if (!body) return finish(text(404, req.version(), reason_body(404)), head, keep_alive);
    return finish(text(200, req.version(), std::move(*body), mime_type(file->native())), head, keep_alive);
}

Reply error_reply(unsigned status, unsigned version, bool head, bool keep_alive) {
    return finish(text(status, version, reason_body(status)), head, keep_alive);
}

}  // namespace coflags::server
