#include "session/server_stats_poller.hpp"

#include <chrono>

#include "async/sleep.hpp"
#include "net/http.hpp"

namespace coflags::session {

async::Task<void> poll_server_stats(std::string stats_url, std::string listener, net::Transport* transport,
                                    std::function<void(int in_flight)> report) {
  using namespace std::chrono_literals;
  for (;;) {
    int in_flight = -1;  // not our server, or it is gone: the gauge shows the app's side only
    try {
      net::Response r = co_await net::http_get(stats_url, {.timeout = 2s, .parse_json = true, .transport = transport});
      const nlohmann::json& entry =
          r.json->value("listeners", nlohmann::json::object()).value(listener, nlohmann::json());
      if (entry.is_object() && entry.contains("in_flight")) in_flight = entry["in_flight"].get<int>();
    } catch (const net::HttpError&) {
    } catch (const nlohmann::json::exception&) {}
    report(in_flight);
    co_await async::sleep(200ms);
  }
}

}  // namespace coflags::session
