#include "session/run_plan.hpp"

#include "flags/data_path.hpp"
#include "flags/limits.hpp"
#include "net/url.hpp"

namespace coflags::session {

PlanResult plan_run(const RunSettings& settings, const ServerDirectory& servers) {
  auto reject = [](std::string why) { return PlanResult{std::nullopt, std::move(why)}; };

  if (settings.server == ServerChoice::custom) {
    if (net::ParsedUrl parsed = net::parse_http_url(settings.custom_url); !parsed.url) return reject(parsed.error);
  }
  std::optional<std::string> base_url = servers.base_url(settings.server, settings.custom_url);
  if (!base_url) {
    return reject("the " + std::string(server_choice_name(settings.server)) +
                  " port of this server is unknown: " + servers.note());
  }
  if (!flags::valid_concurrency(settings.concurrency)) return reject("concurrency must be from 1 to 1000");

  RunPlan plan;
  plan.settings = settings;
  // "all" reads the code list from where the page came from: the same host
  // and data set, like the book's local country_codes.txt, so a slow or
  // failing DELAY/ERROR listener holds up only the flags.
  plan.codes_base = *base_url;
  if (std::optional<Endpoint> endpoint = servers.endpoint(settings.server)) {
    plan.route = plan_route(settings.transport, *endpoint, settings.concurrency);
    plan.base_url = plan.route.base_urls.front();
    plan.codes_base = flags::data_url(servers.origin());
    plan.route_label = std::string(transport_choice_name(plan.route.used));
    plan.stats_url = servers.origin() + "/_stats";
  } else {
    plan.route.base_urls = {*base_url};
    plan.route.reason = "as given: a custom URL";
    plan.base_url = *base_url;
    plan.route_label = "custom";
  }

  plan.country_args = parse_country_field(settings.countries);
  plan.selection.all = plan.country_args.all;
  plan.selection.every = plan.country_args.every;
  if (settings.code_limit > 0) plan.selection.limit = static_cast<std::size_t>(settings.code_limit);
  // The codes are checked now, as the CLI does before any request; "all" still needs the list.
  try {
    flags::check_code_args(plan.country_args.codes, plan.selection);
  } catch (const flags::UsageError& e) {
    return reject(e.what());
  }
  return {std::move(plan), {}};
}

}  // namespace coflags::session
