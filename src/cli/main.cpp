// coflags: the book's flags2/flags3 command line, headless under node.
//   node build/wasm/src/cli/coflags.js -s DELAY -m 20 --meta -v
// Exit status: 0 when the run finished (whatever the counts), 2 on usage
// errors, 1 when the run could not start, 130 after Ctrl-C (the final
// report is still printed).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "async/run.hpp"
#include "cli/args.hpp"
#include "cli/console_observer.hpp"
#include "cli/node_fs_saver.hpp"
#include "cli/node_glue.hpp"
#include "cli/report.hpp"
#include "flags/country_codes.hpp"
#include "flags/downloader.hpp"
#include "flags/limits.hpp"
#include "net/errors.hpp"

namespace coflags::cli {
namespace {

constexpr int kUsageError = 2;
constexpr int kInterrupted = 130;

// Keeps the last summary: a cancelled run ends with CancelledError, not a value.
class SummaryKeeper final : public flags::Observer {
 public:
  explicit SummaryKeeper(flags::Observer& next) : next_(next) {}
  void on_run_started(const flags::RunInfo& i) override { next_.on_run_started(i); }
  void on_request(const flags::RequestEvent& e) override { next_.on_request(e); }
  void on_flag(const flags::FlagResult& r, const flags::Counts& c) override { next_.on_flag(r, c); }
  void on_run_finished(const flags::Summary& s) override {
    summary = s;
    next_.on_run_finished(s);
  }
  flags::Summary summary;

 private:
  flags::Observer& next_;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "%s\n%s\n", message.c_str(), usage_line().c_str());
  return kUsageError;
}

async::Task<int> cli_main(std::vector<std::string> args) {
  CliOptions options;
  try {
    options = parse_args(args);
  } catch (const flags::UsageError& e) {
    co_return usage_error(e.what());
  }
  if (options.help) {
    std::printf("%s", help_text().c_str());
    co_return 0;
  }

  flags::CodeSelection selection{options.all, options.every, options.limit, {}};
  // The book's flags2 reads -a's list from a local file; the server's copy is the fallback.
  flags::CodeListSource list;
  list.base_url = options.base_url;
  list.text_name = options.codes_file;
  if (selection.all && !selection.every) {
    list.text = read_text_file_if_present(options.codes_file);
    if (!list.text && options.codes_file_given) {
      std::fprintf(stderr, "*** cannot get the list of country codes from %s: no such file\n",
                   options.codes_file.c_str());
      co_return 1;
    }
  }
  std::vector<std::string> codes;
  std::string list_error;
  std::string list_source;
  try {
    codes = co_await flags::resolve_codes(options.codes, selection, std::move(list));
  } catch (const flags::UsageError& e) {
    co_return usage_error(e.what());
  } catch (const flags::CodeListError& e) {
    list_error = e.what();
    list_source = e.source();
  }
  if (!list_error.empty()) {
    std::fprintf(stderr, "*** cannot get the list of country codes from %s: %s\n", list_source.c_str(),
                 list_error.c_str());
    co_return 1;
  }

  int actual_req = flags::clamp_concurrency(std::min(options.max_req, static_cast<int>(codes.size())));
  std::printf("%s", initial_report(codes, actual_req, options.site_label, options.base_url).c_str());
  std::fflush(stdout);

  std::string mkdir_error;
  try {
    co_await make_directory(options.dest);
  } catch (const std::exception& e) {
    mkdir_error = e.what();
  }
  if (!mkdir_error.empty()) {
    std::fprintf(stderr, "*** cannot create %s: %s\n", options.dest.c_str(), mkdir_error.c_str());
    co_return 1;
  }

  ConsoleObserver console(options.verbose, !options.verbose && stderr_is_tty());
  SummaryKeeper observer(console);
  NodeFsSaver saver(options.dest);
  flags::Downloader downloader({options.base_url, codes, actual_req, options.metadata, options.timeout}, &saver,
                               &observer);

  async::Future<flags::Summary> run = async::spawn(downloader.run());
  // Ctrl-C cancels the run; the downloader aborts what is in flight and still reports.
  interrupted().add_done_callback([run, &downloader]() mutable {
    if (run.done()) return;
    int in_flight = downloader.in_flight();
    std::fprintf(stderr, "\n*** interrupted: cancelling, %d request%s in flight\n", in_flight,
                 in_flight == 1 ? "" : "s");
    run.cancel();
  });

  bool cancelled = false;
  try {
    co_await run;
  } catch (const async::CancelledError&) {
    cancelled = true;
  }
  std::printf("%s", final_report(observer.summary).c_str());
  std::fflush(stdout);
  co_return cancelled ? kInterrupted : 0;
}

}  // namespace
}  // namespace coflags::cli

int main(int argc, char** argv) {
  return coflags::async::run_main(coflags::cli::cli_main(std::vector<std::string>(argv + 1, argv + argc)));
}
