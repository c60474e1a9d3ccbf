// Content-Type by file extension.
#pragma once

#include <string_view>

namespace coflags::server {

// "application/octet-stream" for anything unknown.
std::string_view mime_type(std::string_view path);

}  // namespace coflags::server
