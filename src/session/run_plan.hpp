// From the controls' settings to a run that can start: every check a run
// needs before its first request, and where its requests go. Pure logic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flags/country_codes.hpp"
#include "session/country_args.hpp"
#include "session/route_plan.hpp"
#include "session/run_settings.hpp"
#include "session/server_directory.hpp"

namespace coflags::session {

struct RunPlan {
  RunSettings settings;
  std::string base_url;     // where the first request goes (".../flags")
  RoutePlan route;          // the base URLs, the /_stats entry, why
  std::string route_label;  // "HTTP/2", "HTTP/1.1 sharded", "HTTP/1.1", "custom"
  std::string codes_base;   // where "all" reads country_codes.txt
  std::string stats_url;    // the serving host's /_stats, empty for a custom server
  CountryArgs country_args;
  flags::CodeSelection selection;  // all / every / limit; the list comes later
};

struct PlanResult {
  std::optional<RunPlan> plan;
  std::string error;  // why not, when there is no plan
};

PlanResult plan_run(const RunSettings& settings, const ServerDirectory& servers);

}  // namespace coflags::session
