#include "app/platform/download_file.hpp"

#include <emscripten.h>

namespace coflags::app {
namespace {

// clang-format off
EM_JS(void, coflags_js_download, (const char* name, int name_size, const char* text, int text_size, const char* type,
                                  int type_size), {
  // slice() copies the UTF-8 bytes out of the wasm memory, which may move.
  const blob = new Blob([HEAPU8.slice(text, text + text_size)], {type: UTF8ToString(type, type_size)});
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = UTF8ToString(name, name_size);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the Blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});
// clang-format on

}  // namespace

void download_text_file(std::string_view file_name, std::string_view text, std::string_view mime_type) {
  coflags_js_download(file_name.data(), static_cast<int>(file_name.size()), text.data(), static_cast<int>(text.size()),
                      mime_type.data(), static_cast<int>(mime_type.size()));
}

}  // namespace coflags::app
