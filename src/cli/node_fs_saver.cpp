#include "cli/node_fs_saver.hpp"

#include "cli/node_glue.hpp"

namespace coflags::cli {

async::Task<void> NodeFsSaver::save(std::string file_name, flags::SharedBytes bytes,
                                    std::optional<flags::CountryMetadata>) {
  co_await write_file(dest_ + "/" + file_name, bytes);
}

}  // namespace coflags::cli
