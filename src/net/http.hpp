// co_await http_get(url, options): one GET, as a coroutine.
//
//   try {
//     net::Response r = co_await net::http_get(url, {.timeout = 5s});
//     use(r.body);
//   } catch (const net::NotFound&) { ...404...
//   } catch (const net::HttpError& e) { ...other status, network, timeout... }
//
// Status mapping: 2xx -> Response; 404 -> NotFound; any other status ->
// HttpStatusError (status and reason); no answer -> NetworkError;
// options.timeout passed -> RequestTimeout (request aborted);
// parse_json with a bad body -> BadBody.
// Cancelling the awaiting task aborts the request (the connection closes)
// and throws async::CancelledError here.
#pragma once

#include <chrono>
#include <string>

#include "async/task.hpp"
#include "net/errors.hpp"
#include "net/response.hpp"
#include "net/transport.hpp"

namespace coflags::net {

struct GetOptions {
  // Whole-request deadline; zero means none.
  std::chrono::milliseconds timeout{0};
  // Parse the body as JSON into Response::json (BadBody if it is not JSON).
  bool parse_json = false;
  // Called through the loop as bytes arrive (never inline from the platform callback).
  ProgressCallback on_progress;
  // Null: default_transport().
  Transport* transport = nullptr;
};

async::Task<Response> http_get(std::string url, GetOptions options = {});

// The same, except that a 404 is an answer, not an error: the Response comes
// back with status 404 (and no JSON parsed). For callers that expect many
// 404s (the downloader's -e run: 482 of 676): with JS-lowered wasm
// exceptions each NotFound thrown and rethrown up the tasks cost ~0.1 ms of
// the CLI's main thread.
async::Task<Response> http_get_or_404(std::string url, GetOptions options = {});

}  // namespace coflags::net
