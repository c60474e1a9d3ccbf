#include "session/server_directory.hpp"

#include <exception>

#include "flags/data_path.hpp"
#include "net/http.hpp"
#include "net/url.hpp"

namespace coflags::session {
namespace {

// A listener entry's port: {"port": 8002} or {"url": "http://127.0.0.1:8002/"}.
int listener_port(const nlohmann::json& listener) {
  if (!listener.is_object()) return 0;
  if (auto p = listener.find("port"); p != listener.end() && p->is_number_integer()) return p->get<int>();
  if (auto u = listener.find("url"); u != listener.end() && u->is_string()) {
    const net::ParsedUrl parsed = net::parse_http_url(u->get<std::string>());
    return parsed.url ? parsed.url->port : 0;
  }
  return 0;
}

// An -H2 listener's root ("https://localhost:PORT"), from its "url" or "port".
std::string h2_root(const nlohmann::json& listener) {
  if (!listener.is_object()) return {};
  if (auto u = listener.find("url"); u != listener.end() && u->is_string()) {
    std::string url = u->get<std::string>();
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (url.starts_with("https://")) return url;
  }
  int port = listener_port(listener);
  return port ? "https://localhost:" + std::to_string(port) : std::string();
}

// The port of a root URL ("http://127.0.0.1:8002"), or its scheme's default.
int root_port(const std::string& root) {
  const net::ParsedUrl parsed = net::parse_http_url(root);
  return parsed.url ? parsed.url->port_or_default() : (root.starts_with("https:") ? 443 : 80);
}

// A browser that does not trust the local CA fails every HTTP/2 request at once: a short
// timeout keeps a slow answer from delaying the first run.
constexpr auto kH2ProbeTimeout = std::chrono::seconds(3);

int index_of(ServerChoice choice) {
  return choice == ServerChoice::local ? 0 : choice == ServerChoice::delay ? 1 : choice == ServerChoice::error ? 2 : -1;
}

}  // namespace

ServerDirectory::ServerDirectory(std::string protocol, std::string hostname, std::string origin, int delay_port,
                                 int error_port)
    : protocol_(std::move(protocol)),
      hostname_(std::move(hostname)),
      origin_(std::move(origin)),
      delay_port_(delay_port),
      error_port_(error_port) {}

async::Task<void> ServerDirectory::discover() {
  co_await read_listeners();
  co_await probe_http2();
}

async::Task<void> ServerDirectory::read_listeners() {
  // Read /_stats even when the query gave the ports: it also lists the HTTP/2 listeners.
  const bool from_query = delay_port_ && error_port_;
  try {
    net::Response r =
        co_await net::http_get(origin_ + "/_stats", {.timeout = std::chrono::seconds(5), .parse_json = true});
    const nlohmann::json& listeners = r.json->value("listeners", nlohmann::json::object());
    const char* h2_names[] = {"LOCAL-H2", "DELAY-H2", "ERROR-H2"};
    for (int i = 0; i < 3; ++i)
      if (listeners.contains(h2_names[i])) h2_roots_[i] = h2_root(listeners[h2_names[i]]);
    if (from_query) {
      note_ = "DELAY and ERROR ports from the query string";
      if (has_http2()) note_ += "; HTTP/2 listeners from the server's /_stats";
      co_return;
    }
    if (!delay_port_ && listeners.contains("DELAY")) delay_port_ = listener_port(listeners["DELAY"]);
    if (!error_port_ && listeners.contains("ERROR")) error_port_ = listener_port(listeners["ERROR"]);
    note_ = (delay_port_ && error_port_) ? "DELAY and ERROR ports from the server's /_stats"
                                         : "the server's /_stats does not list the DELAY/ERROR ports: "
                                           "add ?delay_port=N&error_port=N to the page URL";
  } catch (const net::HttpError& e) {
    if (from_query) {
      note_ = "DELAY and ERROR ports from the query string";
      co_return;
    }
    note_ = std::string("cannot read the server's /_stats (") + e.what() +
            "): DELAY/ERROR need ?delay_port=N&error_port=N in the page URL";
  }
}

async::Task<void> ServerDirectory::probe_http2() {
  const std::string& probe_root = !h2_roots_[0].empty() ? h2_roots_[0] : h2_roots_[1];
  if (probe_root.empty()) co_return;
  try {
    co_await net::http_get(probe_root + "/_stats", {.timeout = kH2ProbeTimeout});
  } catch (const net::HttpStatusError&) {
    // An HTTP answer: the TLS connection was trusted.
  } catch (const net::HttpError& e) {
    h2_problem_ =
        "this browser does not trust the local HTTP/2 certificate; for HTTP/2: " + std::string(kTrustCommand) +
        " and restart the browser";
    note_ += (note_.empty() ? "" : "; ") + std::string("HTTP/2 check failed (") + e.what() + "): using HTTP/1.1";
  }
}

std::string ServerDirectory::root_url(ServerChoice choice) const {
  switch (choice) {
    case ServerChoice::local: return origin_;
    case ServerChoice::delay:
      return delay_port_ ? protocol_ + "//" + hostname_ + ":" + std::to_string(delay_port_) : std::string();
    case ServerChoice::error:
      return error_port_ ? protocol_ + "//" + hostname_ + ":" + std::to_string(error_port_) : std::string();
    case ServerChoice::custom: return {};
  }
  return {};
}

bool ServerDirectory::known(ServerChoice choice) const {
  return choice == ServerChoice::custom || !root_url(choice).empty();
}

std::optional<Endpoint> ServerDirectory::endpoint(ServerChoice choice) const {
  const int i = index_of(choice);
  if (i < 0) return std::nullopt;
  std::string root = root_url(choice);
  if (root.empty()) return std::nullopt;
  Endpoint e;
  e.name = std::string(server_choice_name(choice));
  e.h1_root = root;
  e.h2_root = h2_roots_[i];
  e.scheme = protocol_;
  e.port = root_port(root);
  e.loopback = is_loopback_host(hostname_);
  if (!h2_problem_.empty()) {
    e.h2_root.clear();
    e.h2_problem = h2_problem_;
  }
  if (!e.h2_root.empty()) e.h2_port = root_port(e.h2_root);
  return e;
}

std::optional<std::string> ServerDirectory::base_url(ServerChoice choice, const std::string& custom_url) const {
  if (choice == ServerChoice::custom) {
    std::string url = custom_url;
    while (url.size() > 1 && url.back() == '/') url.pop_back();
    return url;
  }
  std::string root = root_url(choice);
  if (root.empty()) return std::nullopt;
  return flags::data_url(root);
}

}  // namespace coflags::session
