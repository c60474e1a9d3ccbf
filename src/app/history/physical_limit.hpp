// The book's physical limit of a run: with `concurrency` requests in flight
// and each taking `delay`, `requests` cannot finish sooner than
// ceil(requests / concurrency) x delay. Drawn beside the measured points.
#pragma once

#include <string_view>
#include <vector>

#include "app/history/run_record.hpp"

namespace coflags::app::history {

// Seconds; 0 when any input is not positive.
double physical_limit_s(int requests, int concurrency, double delay_s);

// The server's delay as the kept runs on `server` show it: the shortest of
// their shortest ok requests (0: none known). One run's own shortest is
// inflated by queueing at a high concurrency on a busy machine (0.7 s
// against a 0.1 s delay was seen at 200), which would put its limit above
// runs that beat it; the delay is a floor, so the lowest seen is nearest.
double server_delay_s(const std::vector<RunRecord>& runs, std::string_view server);

}  // namespace coflags::app::history
