#include "cli/node_glue.hpp"

#include <emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>

namespace coflags::cli {

namespace {

// Tokens are never reused, so a late or duplicate JS completion finds nothing.
std::unordered_map<std::uint32_t, async::Future<void>>& pending_io() {
  static std::unordered_map<std::uint32_t, async::Future<void>> table;
  return table;
}
std::uint32_t next_token = 1;

std::uint32_t register_io(async::Future<void> future) {
  std::uint32_t token = next_token++;
  pending_io().emplace(token, std::move(future));
  return token;
}

async::Future<void>& interrupt_future() {
  static async::Future<void> future;
  return future;
}

// clang-format off
EM_JS(void, coflags_cli_js_write_file, (std::uint32_t token, const char* path, const std::uint8_t* data, std::size_t size), {
  // Copy now: the wasm memory may grow (and move) before node writes.
  const bytes = HEAPU8.slice(data, data + size);
  Module['coflagsSettleIo'](token, require('fs').promises.writeFile(UTF8ToString(path), bytes));
});
// clang-format on

// mkdir -p, one level at a time: node 20's {recursive: true} spins forever
// on some paths (mkdir -p /proc/x never settles).
// clang-format off
EM_JS(void, coflags_cli_js_mkdir, (std::uint32_t token, const char* path), {
  const fsp = require('fs').promises;
  const nodePath = require('path');
  const mkdirs = async (target) => {
    const missing = [];
    for (let dir = nodePath.resolve(target);; dir = nodePath.dirname(dir)) {
      try {
        if ((await fsp.stat(dir)).isDirectory()) break;
        throw new Error(`ENOTDIR: not a directory, mkdir '${dir}'`);
      } catch (e) {
        if (e.code !== 'ENOENT') throw e;
        missing.unshift(dir);
        if (nodePath.dirname(dir) === dir) break;
      }
    }
    for (const dir of missing) {
      try { await fsp.mkdir(dir); } catch (e) { if (e.code !== 'EEXIST') throw e; }
    }
  };
  Module['coflagsSettleIo'](token, mkdirs(UTF8ToString(path)));
});
// clang-format on

// clang-format off
// clang-format off
// Returns malloc'ed UTF-8: the text, or the error message with *failed set; null if absent.
EM_JS(char*, coflags_cli_js_read_text, (const char* path, int* failed), {
  let text;
  try {
    text = require('fs').readFileSync(UTF8ToString(path), 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return 0;
    HEAP32[failed >> 2] = 1;
    text = String(e.message || e);
  }
  const length = lengthBytesUTF8(text) + 1;
  const p = _malloc(length);
  stringToUTF8(text, p, length);
  return p;
});
// clang-format on

EM_JS(int, coflags_cli_js_stderr_is_tty, (), { return process.stderr.isTTY ? 1 : 0; });
// clang-format on

// clang-format off
EM_JS(void, coflags_cli_js_on_sigint, (), {
  let count = 0;
  process.on('SIGINT', () => {
    if (++count > 1) process.exit(130);
    _coflags_cli_interrupted();
  });
});
// clang-format on

}  // namespace

extern "C" {

// Called by JS when an fs promise settles; `error` is malloc'ed by JS, or null.
EMSCRIPTEN_KEEPALIVE void coflags_cli_io_done(std::uint32_t token, char* error) {
  auto node = pending_io().extract(token);
  if (!node.empty() && !node.mapped().done()) {  // done: its waiter was cancelled
    if (error) {
      node.mapped().set_exception(std::make_exception_ptr(std::runtime_error(error)));
    } else {
      node.mapped().set_result();
    }
  }
  std::free(error);
}

EMSCRIPTEN_KEEPALIVE void coflags_cli_interrupted() {
  if (!interrupt_future().done()) interrupt_future().set_result();
}

}  // extern "C"

async::Future<void> write_file(const std::string& path, const flags::SharedBytes& bytes) {
  async::Future<void> future;
  coflags_cli_js_write_file(register_io(future), path.c_str(), bytes->data(), bytes->size());
  return future;
}

async::Future<void> make_directory(const std::string& path) {
  async::Future<void> future;
  coflags_cli_js_mkdir(register_io(future), path.c_str());
  return future;
}

std::optional<std::string> read_text_file_if_present(const std::string& path) {
  int failed = 0;
  char* text = coflags_cli_js_read_text(path.c_str(), &failed);
  if (!text) return std::nullopt;
  std::string result(text);
  std::free(text);
  if (failed) throw std::runtime_error(result);
  return result;
}

bool stderr_is_tty() { return coflags_cli_js_stderr_is_tty() != 0; }

async::Future<void> interrupted() {
  static bool installed = false;
  if (!installed) {
    installed = true;
    coflags_cli_js_on_sigint();
  }
  return interrupt_future();
}

}  // namespace coflags::cli
