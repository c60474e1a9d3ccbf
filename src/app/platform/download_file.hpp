// Saving a file the user asked for: the browser's download, as from a link.
#pragma once

#include <string_view>

namespace coflags::app {

// Offers `text` as a download named `file_name` (a Blob and an <a download> click).
void download_text_file(std::string_view file_name, std::string_view text, std::string_view mime_type);

}  // namespace coflags::app
