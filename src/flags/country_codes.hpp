// The book's country-code arguments (flags2_common.expand_cc_args).
//
//   expand_country_codes({"b", "JP"}, {})          -> BA..BZ, JP (sorted)
//   expand_country_codes({}, {.every = true, .limit = 60}) -> AA..CH
//   expand_country_codes({}, {})                    -> POP20, sorted
//
// -a (all) needs the codes the server lists (<base>/country_codes.txt): the
// caller fetches them (fetch_server_codes) and passes them in.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "async/task.hpp"
#include "net/transport.hpp"

namespace coflags::flags {

// The 20 most populous countries, in the book's order.
extern const std::vector<std::string> kPop20;

// Bad command-line input: the message says what is allowed.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct CodeSelection {
  bool all = false;                                             // -a: every code in `server_codes`
  bool every = false;                                           // -e: AA..ZZ (takes precedence over -a, as the book)
  std::size_t limit = std::numeric_limits<std::size_t>::max();  // -l N: first N after sorting
  std::vector<std::string> server_codes;                        // for `all`
};

// Upper-cases, expands single letters to <letter>A..<letter>Z, deduplicates,
// sorts and applies the limit. No codes at all gives POP20 (also limited).
// Throws UsageError for an argument that is not A..Z or AA..ZZ, or limit 0.
std::vector<std::string> expand_country_codes(const std::vector<std::string>& args, const CodeSelection& selection);

// Whitespace-separated codes (country_codes.txt), upper-cased; throws
// UsageError on a token that is not two letters.
std::vector<std::string> parse_code_list(std::string_view text);

// GET <base_url>/country_codes.txt and parse it. A 5xx answer is retried,
// up to `attempts` requests in all (the ERROR server fails a share of every
// request, the list included). Throws the last net::HttpError, or UsageError
// for a malformed list.
inline constexpr int kCodeListAttempts = 3;
async::Task<std::vector<std::string>> fetch_server_codes(std::string base_url, net::Transport* transport = nullptr,
                                                         int attempts = kCodeListAttempts);

}  // namespace coflags::flags

namespace coflags::flags {

// Where -a's list comes from: a local file's text when the front end has
// one (the book's flags2 reads ./country_codes.txt), else
// <base_url>/country_codes.txt.
struct CodeListSource {
  std::optional<std::string> text;  // the local list, already read
  std::string text_name;            // its name, for messages
  std::string base_url;             // the server's tree, asked only without `text`
  net::Transport* transport = nullptr;
};

// The list for -a could not be had (not there, unreachable, malformed).
class CodeListError : public std::runtime_error {
 public:
  CodeListError(std::string source, const std::string& cause) : std::runtime_error(cause), source_(std::move(source)) {}
  const std::string& source() const { return source_; }  // the file or URL it came from

 private:
  std::string source_;
};

// Throws UsageError for bad arguments, before any request (-a's list aside).
void check_code_args(const std::vector<std::string>& args, const CodeSelection& selection);

// The one way from arguments to codes, shared by the CLI and the app:
// checks the arguments first, reads -a's list when it is needed, expands.
// Throws UsageError for bad arguments, CodeListError for the list.
async::Task<std::vector<std::string>> resolve_codes(std::vector<std::string> args, CodeSelection selection,
                                                    CodeListSource source);

}  // namespace coflags::flags
