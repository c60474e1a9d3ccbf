#include "net/errors.hpp"

#include <cstdio>

namespace coflags::net {

namespace {
std::string status_message(const std::string& url, int status, const std::string& reason) {
  std::string message = "HTTP error " + std::to_string(status);
  if (!reason.empty()) message += " - " + reason;
  return message + " (" + url + ")";
}

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", seconds);
  return buffer;
}
}  // namespace

HttpStatusError::HttpStatusError(std::string url, int status, std::string reason)
    : HttpError(url, status_message(url, status, reason)), status_(status), reason_(std::move(reason)) {}

NetworkError::NetworkError(std::string url, const std::string& cause)
    : HttpError(url, "network error: " + (cause.empty() ? std::string("no response") : cause) + " (" + url + ")") {}

RequestTimeout::RequestTimeout(std::string url, double seconds)
    : HttpError(url, "timed out after " + seconds_text(seconds) + " s (" + url + ")") {}

BadBody::BadBody(std::string url, const std::string& cause)
    : HttpError(url, "bad response body: " + cause + " (" + url + ")") {}

}  // namespace coflags::net
