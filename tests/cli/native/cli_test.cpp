// The CLI's plain-C++ parts: command line, reports, progress bar.
#include <gtest/gtest.h>

#include "cli/args.hpp"
#include "cli/progress_bar.hpp"
#include "cli/report.hpp"
#include "flags/country_codes.hpp"

namespace coflags::cli {
namespace {

TEST(CliArgs, DefaultsFollowTheBook) {
  CliOptions o = parse_args({});
  EXPECT_EQ(o.max_req, 5);
  EXPECT_EQ(o.server, "LOCAL");
  EXPECT_EQ(o.base_url, "http://localhost:8001/flags");
  EXPECT_EQ(o.site_label, "LOCAL");
  EXPECT_EQ(o.dest, "downloaded");
  EXPECT_FALSE(o.metadata);
}

TEST(CliArgs, ParsesEveryOption) {
  CliOptions o = parse_args({"-a", "-e", "-l", "60", "-m", "20", "-s", "delay", "--meta", "--dest", "out", "-v",
                             "--timeout", "2.5", "br", "J"});
  EXPECT_TRUE(o.all);
  EXPECT_TRUE(o.every);
  EXPECT_EQ(o.limit, 60u);
  EXPECT_EQ(o.max_req, 20);
  EXPECT_EQ(o.base_url, "http://localhost:8002/flags");
  EXPECT_TRUE(o.metadata);
  EXPECT_EQ(o.dest, "out");
  EXPECT_TRUE(o.verbose);
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(o.codes, (std::vector<std::string>{"br", "J"}));
}

TEST(CliArgs, UrlOverridesTheServerLabel) {
  CliOptions o = parse_args({"-s", "ERROR", "--url=http://127.0.0.1:9/flags"});
  EXPECT_EQ(o.base_url, "http://127.0.0.1:9/flags");
  EXPECT_EQ(o.site_label, "URL");
  EXPECT_EQ(parse_args({"-s", "REMOTE"}).base_url, "https://www.fluentpython.com/data/flags");
}

TEST(CliArgs, UsageErrorsSayWhatIsAllowed) {
  auto message = [](std::vector<std::string> args) {
    try {
      parse_args(args);
    } catch (const flags::UsageError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message({"-m", "0"}), "*** Usage error: --max_req CONCURRENT must be >= 1");
  EXPECT_EQ(message({"-m", "x"}), "*** Usage error: --max_req CONCURRENT must be >= 1");
  EXPECT_EQ(message({"-l", "0"}), "*** Usage error: --limit N must be >= 1");
  EXPECT_EQ(message({"-s", "MARS"}), "*** Usage error: --server LABEL must be one of DELAY, ERROR, LOCAL, REMOTE");
  EXPECT_EQ(message({"--url", "ftp://x"}), "*** Usage error: --url BASE must start with http:// or https://");
  EXPECT_EQ(message({"--timeout", "-1"}), "*** Usage error: --timeout SECONDS must be a number >= 0");
  EXPECT_EQ(message({"-m"}), "*** Usage error: -m expects CONCURRENT");
  EXPECT_EQ(message({"--frobnicate"}), "*** Usage error: unknown option --frobnicate");
}

TEST(Reports, InitialReportAsTheBook) {
  EXPECT_EQ(initial_report({"BR", "JP"}, 2, "LOCAL", "http://localhost:8001/flags"),
            "LOCAL site: http://localhost:8001/flags\nSearching for 2 flags: BR, JP\n2 concurrent connections will be "
            "used.\n");
  auto pop20 = flags::expand_country_codes({}, {});
  EXPECT_EQ(initial_report(pop20, 1, "DELAY", "u"),
            "DELAY site: u\nSearching for 20 flags: from BD to VN\n1 connection will be used.\n");
  EXPECT_EQ(initial_report({"BR"}, 1, "L", "u"), "L site: u\nSearching for 1 flag: BR\n1 connection will be used.\n");
}

TEST(Reports, FinalReportShowsOnlyNonZeroExtras) {
  flags::Summary s;
  s.counts = {20, 0, 0, 0};
  s.elapsed = std::chrono::duration<double>(1.234);
  EXPECT_EQ(final_report(s), "--------------------\n 20 flags downloaded.\nElapsed time: 1.23s\n");
  s.counts = {1, 3, 1, 2};
  EXPECT_EQ(
      final_report(s),
      "--------------------\n  1 flag downloaded.\n  3 not found.\n  1 error.\n  2 cancelled.\nElapsed time: 1.23s\n");
}

TEST(Reports, VerboseLines) {
  EXPECT_EQ(verbose_line({.code = "BR", .outcome = flags::Outcome::ok}), "BR OK");
  EXPECT_EQ(
      verbose_line({.code = "QQ", .outcome = flags::Outcome::not_found, .error = "not found: http://x/qq/qq.gif"}),
      "QQ not found: http://x/qq/qq.gif");
  EXPECT_EQ(verbose_line({.code = "XX", .outcome = flags::Outcome::error, .error = "XX error: HTTP error 500"}),
            "XX error: HTTP error 500");
}

TEST(ProgressBar, LooksLikeTqdm) {
  using S = std::chrono::duration<double>;
  EXPECT_EQ(progress_line(0, 20, S(0), 10), "  0%|          | 0/20 [00:00<?,  0.00it/s]");
  EXPECT_EQ(progress_line(10, 20, S(2), 10), " 50%|█████     | 10/20 [00:02<00:02,  5.00it/s]");
  EXPECT_EQ(progress_line(20, 20, S(4), 10), "100%|██████████| 20/20 [00:04<00:00,  5.00it/s]");
  EXPECT_EQ(progress_line(1, 16, S(1), 2), "  6%|▏ | 1/16 [00:01<00:15,  1.00it/s]");
}

}  // namespace
}  // namespace coflags::cli
