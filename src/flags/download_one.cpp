#include "flags/download_one.hpp"

#include <cctype>
#include <functional>
#include <utility>

#include "async/errors.hpp"
#include "flags/image.hpp"
#include "flags/request_tracker.hpp"
#include "net/http.hpp"

namespace coflags::flags {

FetchError::FetchError(std::string code, std::string cause, int http_status, ErrorKind kind)
    : std::runtime_error(code + " error: " + cause),
      code_(std::move(code)),
      cause_(std::move(cause)),
      http_status_(http_status),
      kind_(kind) {}

namespace {

ErrorKind kind_of(const std::exception& e) {
  if (dynamic_cast<const net::NetworkError*>(&e)) return ErrorKind::network;
  if (dynamic_cast<const net::RequestTimeout*>(&e)) return ErrorKind::timeout;
  if (dynamic_cast<const net::BadBody*>(&e)) return ErrorKind::bad_body;
  if (dynamic_cast<const net::HttpStatusError*>(&e)) return ErrorKind::http_status;
  return ErrorKind::other;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view without_trailing_slash(std::string_view base) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return base;
}

// Thrown by a body check; becomes a FetchError with the request marked as an error.
using BodyCheck = std::function<void(const net::Response&)>;

// One GET holding a permit only while the request is in flight (the book's
// `async with semaphore:` around each request), reported to the tracker.
async::Task<net::Response> tracked_get(const FlagJob& job, Resource resource, std::string url,
                                       async::Semaphore& semaphore, RequestTracker* tracker, BodyCheck check) {
  RequestTracker fallback;
  RequestTracker& t = tracker ? *tracker : fallback;
  RequestEvent event = t.queued(job.code, resource, url);
  try {
    auto permit = co_await semaphore.acquire();
    t.started(event);
    net::GetOptions options;
    options.timeout = job.timeout;
    options.transport = job.transport;
    // A 404 comes back as a response (no exception thrown and rethrown per
    // missing flag); the caller sees it as status 404.
    net::Response response = co_await net::http_get_or_404(url, std::move(options));
    if (response.status == 404) {
      t.finished(event, Outcome::not_found, 404, 0, {});
      co_return response;
    }
    try {
      check(response);
    } catch (const std::exception& e) {
      throw FetchError(job.code, std::string(e.what()) + " (" + url + ")", response.status, ErrorKind::bad_body);
    }
    t.finished(event, Outcome::ok, response.status, response.body.size(), {});
    co_return response;
  } catch (const net::NotFound& e) {
    t.finished(event, Outcome::not_found, 404, 0, {});
    throw;
  } catch (const net::HttpStatusError& e) {
    t.finished(event, Outcome::error, e.status(), 0, e.what(), ErrorKind::http_status);
    throw FetchError(job.code, e.what(), e.status(), ErrorKind::http_status);
  } catch (const FetchError& e) {
    t.finished(event, Outcome::error, e.http_status(), 0, e.cause(), e.kind());
    throw;
  } catch (const std::exception& e) {
    t.finished(event, Outcome::error, 0, 0, e.what(), kind_of(e));
    throw FetchError(job.code, e.what(), 0, kind_of(e));
  } catch (const async::CancelledError&) {
    t.finished(event, Outcome::cancelled, 0, 0, {});
    throw;
  }
}

void check_image(const net::Response& response) {
  if (image_format(response.body).empty()) {
    throw std::invalid_argument("not an image (" + std::to_string(response.body.size()) + " bytes, " +
                                response.header("Content-Type").value_or("no Content-Type") + ")");
  }
}

}  // namespace

std::string flag_url(std::string_view base_url, std::string_view code) {
  std::string cc = lower(code);
  return std::string(without_trailing_slash(base_url)) + "/" + cc + "/" + cc + ".gif";
}

std::string metadata_url(std::string_view base_url, std::string_view code) {
  return std::string(without_trailing_slash(base_url)) + "/" + lower(code) + "/metadata.json";
}

async::Task<FlagResult> download_one(FlagJob job, async::Semaphore& semaphore, RequestTracker* tracker) {
  FlagResult result;
  result.code = job.code;
  std::optional<net::Response> image;
  std::optional<net::Response> meta;
  std::string missing_url;
  try {
    image =
        co_await tracked_get(job, Resource::flag, flag_url(job.base_url, job.code), semaphore, tracker, check_image);
    if (job.metadata && image->status != 404) {
      meta = co_await tracked_get(job, Resource::metadata, metadata_url(job.base_url, job.code), semaphore, tracker,
                                  [](const net::Response& r) { parse_metadata(r.text()); });
    }
  } catch (const net::NotFound& e) {
    missing_url = e.url();
  }
  if (missing_url.empty() && image && image->status == 404) missing_url = image->url;
  if (missing_url.empty() && meta && meta->status == 404) missing_url = meta->url;
  if (!missing_url.empty()) {
    result.outcome = Outcome::not_found;
    result.error = "not found: " + missing_url;
    co_return result;
  }

  auto bytes = std::make_shared<const Bytes>(std::move(image->body));
  if (meta) {
    result.metadata = parse_metadata(meta->text());
    result.file_name = flag_file_name(job.code, *result.metadata);
  } else {
    result.file_name = flag_file_name(job.code);
  }
  if (job.saver) {
    std::string save_error;
    try {
      co_await job.saver->save(result.file_name, bytes, result.metadata);
    } catch (const std::exception& e) {
      save_error = e.what();
    }
    if (!save_error.empty())
      throw FetchError(job.code, "could not save " + result.file_name + ": " + save_error, 0, ErrorKind::save);
  }
  result.outcome = Outcome::ok;
  result.image = std::move(bytes);
  co_return result;
}

}  // namespace coflags::flags
