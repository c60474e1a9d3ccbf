// While a run is active, reads the flag server's /_stats a few times a
// second, so the in-flight gauge can show what the server actually sees
// beside what the app has sent (the browser queues requests past 6 per
// HTTP/1.1 origin, and that cap is invisible from inside the page).
#pragma once

#include <functional>
#include <string>

#include "async/task.hpp"
#include "net/transport.hpp"

namespace coflags::session {

// Polls `stats_url` until cancelled, reporting listeners[listener].in_flight
// after each reading (-1 while unknown). The run session owns the model.
async::Task<void> poll_server_stats(std::string stats_url, std::string listener, net::Transport* transport,
                                    std::function<void(int in_flight)> report);

}  // namespace coflags::session
