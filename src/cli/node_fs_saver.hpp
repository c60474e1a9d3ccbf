// Saver for the CLI: writes <dest>/<file name> with node's fs.promises,
// never blocking the loop.
#pragma once

#include <string>

#include "flags/saver.hpp"

namespace coflags::cli {

class NodeFsSaver final : public flags::Saver {
 public:
  explicit NodeFsSaver(std::string dest) : dest_(std::move(dest)) {}
  async::Task<void> save(std::string file_name, flags::SharedBytes bytes,
                         std::optional<flags::CountryMetadata> metadata) override;

 private:
  std::string dest_;
};

}  // namespace coflags::cli
