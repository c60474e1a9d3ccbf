#include "app/storage/idb_saver.hpp"

namespace coflags::app {

async::Task<void> IdbSaver::save(std::string file_name, flags::SharedBytes bytes,
                                 std::optional<flags::CountryMetadata> metadata) {
  std::optional<std::string> metadata_json;
  if (metadata) metadata_json = metadata_to_json(*metadata);
  co_await worker_.put(file_name, *bytes, metadata_json);
  saved_codes_.insert(code_from_file_name(file_name));
}

}  // namespace coflags::app
