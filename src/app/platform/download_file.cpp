#include "app/platform/download_file.hpp"

#include "app/platform/page_library.hpp"

namespace coflags::app {
void download_text_file(std::string_view file_name, std::string_view text, std::string_view mime_type) {
  coflags_js_download(file_name.data(), static_cast<int>(file_name.size()), text.data(), static_cast<int>(text.size()),
                      mime_type.data(), static_cast<int>(mime_type.size()));
}

}  // namespace coflags::app
