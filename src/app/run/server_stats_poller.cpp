#include "app/run/server_stats_poller.hpp"

#include <algorithm>
#include <chrono>

#include "async/sleep.hpp"
#include "net/http.hpp"

namespace coflags::app {

async::Task<void> poll_server_stats(std::string stats_url, std::string listener, RunModel& model) {
  using namespace std::chrono_literals;
  for (;;) {
    try {
      net::Response r = co_await net::http_get(stats_url, {.timeout = 2s, .parse_json = true});
      const nlohmann::json& entry =
          r.json->value("listeners", nlohmann::json::object()).value(listener, nlohmann::json());
      if (entry.is_object() && entry.contains("in_flight")) {
        model.server_in_flight = entry["in_flight"].get<int>();
        model.server_peak_seen = std::max(model.server_peak_seen, model.server_in_flight);
      }
    } catch (const net::HttpError&) {
      model.server_in_flight = -1;  // not our server, or it is gone: the gauge shows the app's side only
    } catch (const nlohmann::json::exception&) {
      model.server_in_flight = -1;
    }
    co_await async::sleep(200ms);
  }
}

}  // namespace coflags::app
