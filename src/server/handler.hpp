// Request -> response: routing (/_stats, /flags/, the web app), files, errors.
#pragma once

#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/string_body.hpp>

namespace coflags::server {

class FileCache;
class StaticRoot;
class Stats;

using Request = boost::beast::http::request<boost::beast::http::string_body>;

struct Reply {
  boost::beast::http::message_generator message;
  unsigned status;
};

// GET/POST /_stats...: answered at once, never delayed, failed or counted.
bool is_stats_request(const Request& req);
Reply stats_reply(const Request& req, Stats& stats, bool keep_alive);

// Everything else: files under /flags/ and the web app at /, 404, 405, 400, OPTIONS.
Reply file_reply(const Request& req, const StaticRoot& flags, const StaticRoot& web, FileCache& cache, bool keep_alive);

// An error page with the common headers (chaos 500/503, parse errors 400/413/431).
Reply error_reply(unsigned status, unsigned version, bool head, bool keep_alive);

}  // namespace coflags::server
