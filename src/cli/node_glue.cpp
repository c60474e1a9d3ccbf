#include "cli/node_glue.hpp"

#include <emscripten.h>

#include <cstdint>
#include <stdexcept>

#include "js/promise.hpp"
#include "js/string.hpp"

// node_glue_library.js.
extern "C" {
void coflags_cli_write_file(std::uint32_t id, const char* path, const std::uint8_t* data, std::size_t size);
void coflags_cli_mkdir(std::uint32_t id, const char* path);
char* coflags_cli_read_text(const char* path, int* failed);
int coflags_cli_stderr_is_tty();
void coflags_cli_on_sigint();
}

namespace coflags::cli {

namespace {

async::Future<void>& interrupt_future() {
  static async::Future<void> future;
  return future;
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void coflags_cli_interrupted() {
  if (!interrupt_future().done()) interrupt_future().set_result();
}

async::Future<void> write_file(const std::string& path, const flags::SharedBytes& bytes) {
  js::PendingPromise call = js::expect_promise();
  coflags_cli_write_file(call.id, path.c_str(), bytes->data(), bytes->size());
  return call.future;
}

async::Future<void> make_directory(const std::string& path) {
  js::PendingPromise call = js::expect_promise();
  coflags_cli_mkdir(call.id, path.c_str());
  return call.future;
}

std::optional<std::string> read_text_file_if_present(const std::string& path) {
  int failed = 0;
  std::optional<std::string> text = js::adopt_string(coflags_cli_read_text(path.c_str(), &failed));
  if (failed) throw std::runtime_error(text.value_or(""));
  return text;
}

bool stderr_is_tty() { return coflags_cli_stderr_is_tty() != 0; }

async::Future<void> interrupted() {
  static bool installed = false;
  if (!installed) {
    installed = true;
    coflags_cli_on_sigint();
  }
  return interrupt_future();
}

}  // namespace coflags::cli
