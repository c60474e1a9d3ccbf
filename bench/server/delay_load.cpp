// Load client for the DELAY listener: opens N connections in quick batches (so the
// listen backlog is not what is measured), sends one GET on each, and reports how
// much latency the server added on top of --delay. One thread, like the server,
// so the client's own overhead stays small. Prints one JSON line.
//
// Built by bench/server/bench_server.sh:  g++ -std=c++20 -O2 delay_load.cpp -o delay_load
// usage: delay_load PORT PATH [CONNECTIONS=10000] [DELAY_S=1.0] [BATCH=200] [BATCH_MS=10]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

namespace net = boost::asio;
using net::ip::tcp;
using namespace net::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

struct Results {
  std::vector<double> latency_ms;
  std::map<std::string, int> failures;
  int open = 0, peak_open = 0;
};

net::awaitable<void> one(tcp::endpoint ep, std::string request, Results& r) {
  tcp::socket sock(co_await net::this_coro::executor);
  auto [cec] = co_await sock.async_connect(ep, use_tuple);
  if (cec) {
    ++r.failures["connect: " + cec.message()];
    co_return;
  }
  r.peak_open = std::max(r.peak_open, ++r.open);
  sock.set_option(tcp::no_delay(true));
  const auto t0 = Clock::now();
  auto [wec, wn] = co_await net::async_write(sock, net::buffer(request), use_tuple);
  std::string head;
  char buf[2048];
  boost::system::error_code ec = wec;
  while (!ec && head.find("\r\n\r\n") == std::string::npos) {
    auto [rec, n] = co_await sock.async_read_some(net::buffer(buf), use_tuple);
    ec = rec;
    head.append(buf, n);
  }
  const auto t1 = Clock::now();
  --r.open;
  if (head.find("\r\n\r\n") == std::string::npos) {
    ++r.failures["no answer: " + ec.message()];
    co_return;
  }
  if (head.compare(0, 12, "HTTP/1.1 200") != 0) {
    ++r.failures["status " + head.substr(9, 3)];
    co_return;
  }
  r.latency_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
}

net::awaitable<void> ramp(tcp::endpoint ep, std::string request, int n, int batch, int batch_ms, Results& r) {
  auto ex = co_await net::this_coro::executor;
  net::steady_timer pause(ex);
  for (int i = 0; i < n; ++i) {
    net::co_spawn(ex, one(ep, request, r), net::detached);
    if ((i + 1) % batch == 0) {
      pause.expires_after(std::chrono::milliseconds(batch_ms));
      co_await pause.async_wait(use_tuple);
    }
  }
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s PORT PATH [CONNECTIONS] [DELAY_S] [BATCH] [BATCH_MS]\n", argv[0]);
    return 2;
  }
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);

  const auto port = static_cast<unsigned short>(std::stoi(argv[1]));
  const std::string path = argv[2];
  const int n = argc > 3 ? std::stoi(argv[3]) : 10000;
  const double delay_ms = (argc > 4 ? std::stod(argv[4]) : 1.0) * 1000;
  const int batch = argc > 5 ? std::stoi(argv[5]) : 200;
  const int batch_ms = argc > 6 ? std::stoi(argv[6]) : 10;
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

  net::io_context io(1);
  Results r;
  r.latency_ms.reserve(n);
  const auto start = Clock::now();
  net::co_spawn(io, ramp({net::ip::make_address("127.0.0.1"), port}, request, n, batch, batch_ms, r), net::detached);
  io.run();
  const double wall_s = std::chrono::duration<double>(Clock::now() - start).count();

  auto& l = r.latency_ms;
  std::sort(l.begin(), l.end());
  auto added = [&](double p) {
    if (l.empty()) return -1.0;
    const auto i = std::min(l.size() - 1, static_cast<std::size_t>(p / 100 * static_cast<double>(l.size())));
    return l[i] - delay_ms;
  };
  std::string failures = "{";
  for (const auto& [what, count] : r.failures)
    failures += (failures.size() > 1 ? "," : "") + ("\"" + what + "\":" + std::to_string(count));
  failures += "}";
  std::printf(
      "{\"connections\":%d,\"answered_200\":%zu,\"failures\":%s,\"peak_open_client_side\":%d,\"delay_ms\":%.0f,"
      "\"added_ms\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},\"wall_s\":%.2f}\n",
      n, l.size(), failures.c_str(), r.peak_open, delay_ms, added(50), added(90), added(99), added(100), wall_s);
  return r.failures.empty() && static_cast<int>(l.size()) == n ? 0 : 1;
}
