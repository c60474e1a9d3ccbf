#include "flags/country_codes.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <set>

#include "net/http.hpp"

namespace coflags::flags {

const std::vector<std::string> kPop20 = {"CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
                                         "MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR"};

namespace {
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::vector<std::string> expand_country_codes(const std::vector<std::string>& args, const CodeSelection& selection) {
  if (selection.limit == 0) throw UsageError("*** Usage error: --limit N must be >= 1");
  std::set<std::string> codes;  // sorted and deduplicated, as the book's sorted(set)
  if (selection.every) {
    for (char a = 'A'; a <= 'Z'; ++a) {
      for (char b = 'A'; b <= 'Z'; ++b) codes.insert(std::string{a, b});
    }
  } else if (selection.all) {
    codes.insert(selection.server_codes.begin(), selection.server_codes.end());
  } else {
    for (const std::string& arg : args) {
      std::string cc = upper(arg);
      if (cc.size() == 1 && is_letter(cc[0])) {
        for (char b = 'A'; b <= 'Z'; ++b) codes.insert(std::string{cc[0], b});
      } else if (cc.size() == 2 && is_letter(cc[0]) && is_letter(cc[1])) {
        codes.insert(cc);
      } else {
        throw UsageError("*** Usage error: each CC argument must be A to Z or AA to ZZ (got '" + arg + "').");
      }
    }
  }
  if (codes.empty() && !selection.all) codes.insert(kPop20.begin(), kPop20.end());
  std::vector<std::string> sorted(codes.begin(), codes.end());
  if (sorted.size() > selection.limit) sorted.resize(selection.limit);
  return sorted;
}

std::vector<std::string> parse_code_list(std::string_view text) {
  std::vector<std::string> codes;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (start == i) break;
    std::string cc = upper(text.substr(start, i - start));
    if (cc.size() != 2 || !is_letter(cc[0]) || !is_letter(cc[1])) {
      throw UsageError("country code list: '" + std::string(text.substr(start, i - start)) +
                       "' is not a two-letter code");
    }
    codes.push_back(std::move(cc));
  }
  return codes;
}

namespace {

struct CodeListAttempt {
  std::vector<std::string> codes;
  std::exception_ptr error;
  bool retry = false;  // a 5xx answer
};

// One request, its failure returned rather than thrown: the retry loop below
// must not catch around a co_await, which clang 14 miscompiles under
// -fwasm-exceptions (the handler is never reached; docs/RUNTIME.md).
async::Task<CodeListAttempt> fetch_code_list_once(std::string url, net::Transport* transport) {
  CodeListAttempt attempt;
  try {
    net::GetOptions options;
    options.transport = transport;
    net::Response response = co_await net::http_get(url, std::move(options));
    attempt.codes = parse_code_list(response.text());
  } catch (const net::HttpStatusError& e) {
    attempt.error = std::current_exception();
    attempt.retry = e.status() >= 500;
  } catch (const std::exception&) {
    attempt.error = std::current_exception();
  }
  co_return attempt;
}

}  // namespace

async::Task<std::vector<std::string>> fetch_server_codes(std::string base_url, net::Transport* transport,
                                                         int attempts) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  const std::string url = base_url + "/country_codes.txt";
  for (int n = 1;; ++n) {
    CodeListAttempt attempt = co_await fetch_code_list_once(url, transport);
    if (!attempt.error) co_return std::move(attempt.codes);
    if (!attempt.retry || n >= attempts) std::rethrow_exception(attempt.error);
  }
}

void check_code_args(const std::vector<std::string>& args, const CodeSelection& selection) {
  CodeSelection check = selection;
  check.all = false;  // the list is not known yet
  (void)expand_country_codes(args, check);
}

async::Task<std::vector<std::string>> resolve_codes(std::vector<std::string> args, CodeSelection selection,
                                                    CodeListSource source) {
  check_code_args(args, selection);
  if (selection.all && !selection.every) {
    const bool local = source.text.has_value();
    const std::string from = local ? source.text_name : source.base_url;
    std::string error;
    try {
      if (local) selection.server_codes = parse_code_list(*source.text);
      else selection.server_codes = co_await fetch_server_codes(source.base_url, source.transport);
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (!error.empty()) throw CodeListError(from, error);
  }
  co_return expand_country_codes(args, selection);
}

}  // namespace coflags::flags
