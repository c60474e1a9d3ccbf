// The book's physical limit of a run: with `concurrency` requests in flight
// and each taking `delay`, `requests` cannot finish sooner than
// ceil(requests / concurrency) x delay. Drawn beside the measured points.
#pragma once

namespace coflags::app::history {

// Seconds; 0 when any input is not positive.
double physical_limit_s(int requests, int concurrency, double delay_s);

}  // namespace coflags::app::history
