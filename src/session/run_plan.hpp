// From the controls' settings to a run that can start: every check a run
// needs before its first request, and where its requests go. Pure logic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/run/country_args.hpp"
#include "app/run/route_plan.hpp"
#include "app/run/server_directory.hpp"
#include "app/settings.hpp"
#include "flags/country_codes.hpp"

namespace coflags::session {

struct RunPlan {
  app::Settings settings;
  std::string base_url;     // where the first request goes (".../flags")
  app::RoutePlan route;     // the base URLs, the /_stats entry, why
  std::string route_label;  // "HTTP/2", "HTTP/1.1 sharded", "HTTP/1.1", "custom"
  std::string codes_base;   // where "all" reads country_codes.txt
  std::string stats_url;    // the serving host's /_stats, empty for a custom server
  app::CountryArgs country_args;
  flags::CodeSelection selection;  // all / every / limit; the list comes later
};

struct PlanResult {
  std::optional<RunPlan> plan;
  std::string error;  // why not, when there is no plan
};

PlanResult plan_run(const app::Settings& settings, const app::ServerDirectory& servers);

}  // namespace coflags::session
