// While a run is active, reads the flag server's /_stats a few times a
// second, so the in-flight gauge can show what the server actually sees
// beside what the app has sent (the browser queues requests past 6 per
// HTTP/1.1 origin, and that cap is invisible from inside the page).
#pragma once

#include <string>

#include "app/run/run_model.hpp"
#include "async/task.hpp"

namespace coflags::app {

// Polls `stats_url` until cancelled, writing listeners[listener].in_flight
// into model.server_in_flight (-1 while unknown).
async::Task<void> poll_server_stats(std::string stats_url, std::string listener, RunModel& model);

}  // namespace coflags::app
