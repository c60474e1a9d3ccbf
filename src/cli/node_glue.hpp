// The CLI's bridge to node: asynchronous file writes, the terminal, Ctrl-C.
// Every JS callback only resolves a Future (js::expect_promise; the JavaScript
// is node_glue_library.js): the coroutines waiting on it resume from the loop.
#pragma once

#include <optional>
#include <string>

#include "async/future.hpp"
#include "flags/events.hpp"

namespace coflags::cli {

// fs.promises.writeFile / mkdir -p. The future fails with std::runtime_error
// carrying node's message (e.g. "EACCES: permission denied, open '...'").
async::Future<void> write_file(const std::string& path, const flags::SharedBytes& bytes);
async::Future<void> make_directory(const std::string& path);

// The whole file as text, read synchronously (as the book's open().read(): once,
// before a run). nullopt when it does not exist; std::runtime_error with node's
// message for any other failure (a directory, no permission).
std::optional<std::string> read_text_file_if_present(const std::string& path);

bool stderr_is_tty();

// Resolved on the first SIGINT; a second SIGINT exits at once (status 130).
async::Future<void> interrupted();

}  // namespace coflags::cli
