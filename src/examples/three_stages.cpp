// Section 18.5 of the chapter, "From callbacks to coroutines": three requests
// to the flag server, each needing the answer of the one before, written twice
// on the same runtime:
//   --callbacks   nested callbacks on Future::add_done_callback, an error check
//                 in every stage ("callback hell");
//   --coroutine   one coroutine, three co_awaits, one try block (the default).
// Both print the same lines, so the difference is only in how they read.
//
//   three_stages [--callbacks|--coroutine] BASE_URL [CC]
//   three_stages http://127.0.0.1:8001/flags BR
//
// Stage 1 reads country_codes.txt and checks that CC is listed; stage 2 reads
// CC's metadata.json for the country's name; stage 3 downloads the flag.
#include <cctype>
#include <cstdio>
#include <exception>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "async/future.hpp"
#include "async/run.hpp"
#include "async/task.hpp"
#include "net/http.hpp"

namespace {
using coflags::async::Future;
using coflags::async::spawn;
using coflags::async::Task;
using coflags::net::http_get;
using coflags::net::Response;

// ---- what both versions share: the three URLs and what each answer means

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string codes_url(const std::string& base) { return base + "/country_codes.txt"; }
std::string metadata_url(const std::string& base, const std::string& cc) {
  return base + "/" + lower(cc) + "/metadata.json";
}
std::string flag_url(const std::string& base, const std::string& cc) {
  return base + "/" + lower(cc) + "/" + lower(cc) + ".gif";
}

// Stage 1's answer: the listed codes; throws if `cc` is not among them.
std::string check_listed(const Response& codes, const std::string& cc) {
  std::istringstream words{std::string(codes.text())};
  int count = 0;
  bool listed = false;
  for (std::string word; words >> word; ++count) listed = listed || word == cc;
  if (!listed) throw std::runtime_error(cc + " is not among the " + std::to_string(count) + " codes the server lists");
  return "stage 1: " + cc + " is one of the " + std::to_string(count) + " codes the server lists";
}

// Stage 2's answer: the country's name; throws on a body without one.
std::string country_of(const Response& metadata) {
  if (!metadata.json || !metadata.json->contains("country") || !(*metadata.json)["country"].is_string())
    throw std::runtime_error("metadata.json has no \"country\" string");
  return (*metadata.json)["country"].get<std::string>();
}

std::string flag_line(const std::string& country, const std::string& cc, const Response& flag) {
  return "stage 3: the flag of " + country + " (" + cc + "), " + std::to_string(flag.body.size()) + " bytes";
}

void say(const std::string& line) { std::printf("%s\n", line.c_str()); }

int failed(int stage, const std::exception& e) {
  std::printf("stage %d failed: %s\n", stage, e.what());
  return 1;
}

// ---- 1. callbacks: each stage starts the next from inside its callback

// `done` gets the exit code. Every stage must catch its own errors and
// remember to call `done`, or the program never ends.
void three_stages_callbacks(std::string base, std::string cc, std::function<void(int)> done) {
  spawn(http_get(codes_url(base))).add_done_callback([=](Future<Response>& stage1) {
    try {
      say(check_listed(stage1.result(), cc));
    } catch (const std::exception& e) {
      return done(failed(1, e));
    }
    spawn(http_get(metadata_url(base, cc), {.parse_json = true})).add_done_callback([=](Future<Response>& stage2) {
      std::string country;
      try {
        country = country_of(stage2.result());
        say("stage 2: " + cc + " is " + country);
      } catch (const std::exception& e) {
        return done(failed(2, e));
      }
      spawn(http_get(flag_url(base, cc))).add_done_callback([=](Future<Response>& stage3) {
        try {
          say(flag_line(country, cc, stage3.result()));
        } catch (const std::exception& e) {
          return done(failed(3, e));
        }
        done(0);
      });
    });
  });
}

Task<int> run_callbacks(std::string base, std::string cc) {
  Future<int> exit_code;  // the only bridge from the callbacks back to a task
  three_stages_callbacks(std::move(base), std::move(cc), [exit_code](int code) { exit_code.set_result(code); });
  co_return co_await exit_code;
}

// ---- 2. one coroutine: the same three requests, read top to bottom

Task<int> three_stages_coroutine(std::string base, std::string cc) {
  int stage = 1;
  try {
    say(check_listed(co_await http_get(codes_url(base)), cc));
    stage = 2;
    std::string country = country_of(co_await http_get(metadata_url(base, cc), {.parse_json = true}));
    say("stage 2: " + cc + " is " + country);
    stage = 3;
    say(flag_line(country, cc, co_await http_get(flag_url(base, cc))));
    co_return 0;
  } catch (const std::exception& e) {
    co_return failed(stage, e);
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: three_stages [--callbacks|--coroutine] BASE_URL [CC]\n"
               "  e.g. three_stages --callbacks http://127.0.0.1:8001/flags BR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool callbacks = false;
  std::string base;
  std::string cc = "BR";
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--callbacks") {
      callbacks = true;
    } else if (arg == "--coroutine") {
      callbacks = false;
    } else if (arg.starts_with("-")) {
      return usage();
    } else if (positional == 0) {
      base = std::string(arg);
      while (base.ends_with("/")) base.pop_back();
      ++positional;
    } else if (positional == 1) {
      cc = std::string(arg);
      for (char& c : cc) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      ++positional;
    } else {
      return usage();
    }
  }
  bool two_letters = cc.size() == 2 && std::isupper(static_cast<unsigned char>(cc[0])) &&
                     std::isupper(static_cast<unsigned char>(cc[1]));
  if (base.empty() || !two_letters) return usage();
  return coflags::async::run_main(callbacks ? run_callbacks(base, cc) : three_stages_coroutine(base, cc));
}
