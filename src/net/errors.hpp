// The errors http_get() throws. All derive from HttpError so a caller can
// catch "anything that went wrong with this request" in one place, or pick
// the case it cares about (the downloader tells NotFound from the rest).
// Cancellation is not among them: it is async::CancelledError, which does not
// derive from std::exception.
#pragma once

#include <stdexcept>
#include <string>

namespace coflags::net {

class HttpError : public std::runtime_error {
 public:
  HttpError(std::string url, const std::string& message) : std::runtime_error(message), url_(std::move(url)) {}
  const std::string& url() const { return url_; }

 private:
  std::string url_;
};

// The server answered with a status outside 2xx.
class HttpStatusError : public HttpError {
 public:
  HttpStatusError(std::string url, int status, std::string reason);
  int status() const { return status_; }
  const std::string& reason() const { return reason_; }

 private:
  int status_;
  std::string reason_;
};

// 404: the book counts these apart from errors.
class NotFound : public HttpStatusError {
 public:
  NotFound(std::string url, std::string reason) : HttpStatusError(std::move(url), 404, std::move(reason)) {}
};

// No HTTP answer at all: connection refused or reset, DNS, CORS (status 0).
class NetworkError : public HttpError {
 public:
  NetworkError(std::string url, const std::string& cause);
};

// GetOptions::timeout passed before the whole response arrived; the request was aborted.
class RequestTimeout : public HttpError {
 public:
  RequestTimeout(std::string url, double seconds);
};

// A 2xx answer whose body is not what was asked for (GetOptions::parse_json on bad JSON).
class BadBody : public HttpError {
 public:
  BadBody(std::string url, const std::string& cause);
};

}  // namespace coflags::net
