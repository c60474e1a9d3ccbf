// What the saved records' names and metadata mean, for restoring them.
#pragma once

#include <string>
#include <string_view>

#include "flags/metadata.hpp"

namespace coflags::app {

// The country code a saved file is named after: "br.gif" -> "BR",
// "Brazil-BR.gif" -> "BR" (flags::flag_file_name's two forms).
std::string code_from_file_name(std::string_view file_name);

// metadata.json's fields as stored beside the image.
std::string metadata_to_json(const flags::CountryMetadata& metadata);

}  // namespace coflags::app
