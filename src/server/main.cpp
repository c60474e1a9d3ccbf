// coflags-server: the flag server of coflags (see docs/SERVER.md).
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include "options.hpp"
#include "server.hpp"

namespace {

// 10,000 concurrent clients need 10,000 descriptors; the soft limit is often 1024.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace coflags::server;
  const std::string program = argc > 0 ? argv[0] : "coflags-server";
  ParsedOptions parsed = parse_options(argc, argv);
  if (parsed.help) {
    std::cout << usage(program);
    return 0;
  }
  if (!parsed.error.empty()) {
    std::cerr << "coflags-server: " << parsed.error << "\n\n" << usage(program);
    return 2;
  }
  // A client hanging up mid-write must be an error code, not a fatal signal.
  std::signal(SIGPIPE, SIG_IGN);
  raise_fd_limit();
  try {
    Server server(std::move(parsed.options));
    server.listen();
    server.print_listening(std::cout);
    server.run();
  } catch (const std::exception& e) {
    std::cerr << "coflags-server: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
