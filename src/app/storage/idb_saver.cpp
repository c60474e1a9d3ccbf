#include "app/storage/idb_saver.hpp"

#include <nlohmann/json.hpp>

#include "session/country_names.hpp"

namespace coflags::app {

async::Task<void> IdbSaver::save(std::string file_name, flags::SharedBytes bytes,
                                 std::optional<flags::CountryMetadata> metadata) {
  std::optional<std::string> metadata_json;
  if (metadata) metadata_json = metadata_to_json(*metadata);
  co_await worker_.put(file_name, *bytes, metadata_json);
  saved_codes_.insert(code_from_file_name(file_name));
}

async::Task<std::vector<IdbSaver::RestoredFlag>> IdbSaver::restore(std::vector<SavedRecord> saved_elsewhere) {
  std::vector<SavedRecord> records = co_await worker_.list();
  for (SavedRecord& r : saved_elsewhere) records.push_back(std::move(r));
  std::vector<RestoredFlag> flags;
  flags.reserve(records.size());
  for (SavedRecord& r : records) {
    RestoredFlag f{code_from_file_name(r.name), "", std::move(r.bytes)};
    f.name = std::string(session::country_name(f.code));
    if (r.metadata) {
      try {
        f.name = nlohmann::json::parse(*r.metadata).value("country", f.name);
      } catch (const nlohmann::json::exception&) {}  // a damaged record keeps the table's name
    }
    saved_codes_.insert(f.code);
    flags.push_back(std::move(f));
  }
  co_return flags;
}

async::Task<void> IdbSaver::clear() {
  co_await worker_.clear();
  saved_codes_.clear();
}

}  // namespace coflags::app
