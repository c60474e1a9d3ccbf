// Request -> answer: routing (/_stats, /flags/, the web app), files, errors. The answer
// is protocol-neutral: HTTP/1.1 (session.cpp) and HTTP/2 (h2/) render the same one.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/string_body.hpp>

namespace coflags::server {

class FileCache;
class StaticRoot;
class Stats;

using Request = boost::beast::http::request<boost::beast::http::string_body>;

struct Answer {
  unsigned status = 500;
  std::string_view content_type;            // empty: none (204)
  std::shared_ptr<const std::string> body;  // shared with the file cache; null: empty
  // Fields beyond the common ones (Allow, CORS preflight answers); values are literals.
  std::vector<std::pair<boost::beast::http::field, std::string_view>> fields;
  bool cors = true;  // Access-Control-Allow-Origin: * (not on the stats reset)

  std::size_t body_size() const { return body ? body->size() : 0; }
};

// The common fields every answer carries besides its own, in order.
inline constexpr std::string_view server_name = "coflags";
inline constexpr std::string_view no_store = "no-store";

// GET/POST /_stats...: answered at once, never delayed, failed or counted.
// `scheme` ("http" or "https") is the listener's: a reset must come from that origin.
bool is_stats_request(const Request& req);
Answer stats_answer(const Request& req, Stats& stats, std::string_view scheme);

// GET /flags/country_codes.txt: the code list the book's clients read from a local file, so no
// DELAY or ERROR listener delays or fails it (a run's cost is its flags, not its catalogue).
// It is counted like any other file.
bool is_code_list_request(const Request& req);

// Everything else: files under /flags/ and the web app at /, 404, 405, 400, OPTIONS.
Answer file_answer(const Request& req, const StaticRoot& flags, const StaticRoot& web, FileCache& cache);

// An error page (chaos 500/503, parse errors 400/413/431).
Answer error_answer(unsigned status);

// HTTP/1.1 rendering: HEAD gets the headers (Content-Length included) without the body.
struct Reply {
  boost::beast::http::message_generator message;
  unsigned status;
};
Reply http1_reply(Answer&& answer, unsigned version, bool head, bool keep_alive);

}  // namespace coflags::server
