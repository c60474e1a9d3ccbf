// Where LOCAL, DELAY and ERROR are: the listeners of the host that served
// the page. LOCAL is the page's own origin. The DELAY and ERROR ports come
// from the server's /_stats (a listener's "port" or "url", when it says),
// else from the query string (?delay_port=..&error_port=..).
#pragma once

#include <optional>
#include <string>

#include "async/task.hpp"
#include "session/route_plan.hpp"
#include "session/run_settings.hpp"

namespace coflags::session {

class ServerDirectory {
 public:
  ServerDirectory(std::string protocol, std::string hostname, std::string origin, int delay_port, int error_port);

  // Asks <origin>/_stats for the listeners' ports and their HTTP/2 twins
  // (LOCAL-H2, ...), then checks that this browser reaches the HTTP/2 ones
  // (it refuses a certificate it does not trust); keeps what it has on failure.
  async::Task<void> discover();

  // "<root>/flags" for a listener, the custom URL as given, or nullopt if unknown.
  std::optional<std::string> base_url(ServerChoice choice, const std::string& custom_url) const;
  std::string root_url(ServerChoice choice) const;  // without "/flags"; empty if unknown
  bool known(ServerChoice choice) const;
  // LOCAL/DELAY/ERROR as the transport planner needs them; nullopt for custom or unknown.
  std::optional<Endpoint> endpoint(ServerChoice choice) const;
  bool has_http2() const { return !h2_roots_[0].empty() || !h2_roots_[1].empty() || !h2_roots_[2].empty(); }
  // Why the host's HTTP/2 listeners are not used (empty when usable or absent).
  const std::string& h2_problem() const { return h2_problem_; }
  const std::string& origin() const { return origin_; }
  // What discovery found out, for the log.
  const std::string& note() const { return note_; }

 private:
  async::Task<void> read_listeners();
  async::Task<void> probe_http2();

  std::string protocol_;
  std::string hostname_;
  std::string origin_;
  int delay_port_;
  int error_port_;
  std::string note_;
  std::string h2_problem_;
  std::string h2_roots_[3];  // LOCAL, DELAY, ERROR: "https://localhost:PORT", or empty
};

}  // namespace coflags::session
