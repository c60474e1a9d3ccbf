// net_probe: http_get over the real FetchTransport (emscripten_fetch + src/net/node)
// under node, one scenario per run, for net.test.mjs. Prints what it saw.
//   net_probe get URL | json URL | error URL | timeout URL MS | cancel URL MS | many URL N
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "async/run.hpp"
#include "async/sleep.hpp"
#include "net/http.hpp"

namespace {

using namespace coflags;
using async::Task;

Task<int> get(std::string url) {
  int progress_calls = 0;
  net::GetOptions options;
  options.on_progress = [&](std::uint64_t, std::uint64_t) { ++progress_calls; };
  net::Response r = co_await net::http_get(url, options);
  co_await async::sleep(std::chrono::milliseconds(10));  // progress arrives through the loop
  std::printf("status %d %s\ncontent-type %s\nbytes %zu\nprogress %s\n", r.status, r.status_text.c_str(),
              r.header("content-type").value_or("-").c_str(), r.body.size(), progress_calls > 0 ? "yes" : "no");
  co_return 0;
}

Task<int> json(std::string url) {
  net::Response r = co_await net::http_get(url, {.parse_json = true});
  std::printf("json %s\n", r.json && r.json->is_object() ? "object" : "other");
  co_return 0;
}

Task<int> error(std::string url) {
  try {
    co_await net::http_get(url, {.parse_json = true});
    std::printf("no error\n");
  } catch (const net::NotFound& e) {
    std::printf("NotFound %d: %s\n", e.status(), e.what());
  } catch (const net::HttpStatusError& e) {
    std::printf("HttpStatusError %d: %s\n", e.status(), e.what());
  } catch (const net::NetworkError& e) {
    std::printf("NetworkError: %s\n", e.what());
  } catch (const net::BadBody& e) {
    std::printf("BadBody: %s\n", e.what());
  }
  co_return 0;
}

Task<int> timeout(std::string url, int ms) {
  try {
    co_await net::http_get(url, {.timeout = std::chrono::milliseconds(ms)});
    std::printf("no timeout\n");
  } catch (const net::RequestTimeout& e) {
    std::printf("RequestTimeout: %s\n", e.what());
  }
  std::printf("in flight %zu\n", net::default_transport()->in_flight());
  co_await async::sleep(std::chrono::milliseconds(1500));  // a late reply must not arrive (or crash)
  std::printf("still alive\n");
  co_return 0;
}

Task<int> cancel(std::string url, int ms) {
  async::Future<net::Response> request = async::spawn(net::http_get(url));
  co_await async::sleep(std::chrono::milliseconds(ms));
  std::printf("in flight before %zu\n", net::default_transport()->in_flight());
  request.cancel();
  try {
    co_await request;
  } catch (const async::CancelledError&) {
    std::printf("cancelled\n");
  }
  std::printf("in flight after %zu\n", net::default_transport()->in_flight());
  co_await async::sleep(std::chrono::milliseconds(1500));
  std::printf("still alive\n");
  co_return 0;
}

Task<int> many(std::string url, int n) {
  // Twice n requests in two waves: slots are reused with a new generation.
  for (int wave = 0; wave < 2; ++wave) {
    std::vector<async::Future<net::Response>> requests;
    for (int i = 0; i < n; ++i) requests.push_back(async::spawn(net::http_get(url)));
    std::size_t bytes = 0;
    for (auto& r : requests) bytes += (co_await r).body.size();
    std::printf("wave %d: %d responses, %zu bytes, in flight %zu\n", wave, n, bytes,
                net::default_transport()->in_flight());
  }
  co_return 0;
}

Task<int> dispatch(std::vector<std::string> args) {
  if (args.size() >= 2) {
    const std::string& what = args[0];
    const std::string& url = args[1];
    int n = args.size() >= 3 ? std::atoi(args[2].c_str()) : 0;
    if (what == "get") co_return co_await get(url);
    if (what == "json") co_return co_await json(url);
    if (what == "error") co_return co_await error(url);
    if (what == "timeout") co_return co_await timeout(url, n);
    if (what == "cancel") co_return co_await cancel(url, n);
    if (what == "many") co_return co_await many(url, n);
  }
  std::fprintf(stderr, "usage: net_probe get|json|error|timeout|cancel|many URL [N]\n");
  co_return 2;
}

}  // namespace

int main(int argc, char** argv) { return async::run_main(dispatch(std::vector<std::string>(argv + 1, argv + argc))); }
