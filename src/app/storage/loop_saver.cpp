#include "app/storage/loop_saver.hpp"

#include <emscripten.h>

#include <cstdlib>

#include "app/platform/page_library.hpp"
#include "app/storage/saved_file_name.hpp"
#include "js/string.hpp"

extern "C" {
// One stored record, from coflags_js_loop_store_list; every pointer is malloc'ed by JS and adopted here.
EMSCRIPTEN_KEEPALIVE void coflags_loop_store_record(coflags::app::LoopSaver* self, char* name, unsigned char* data,
                                                    int size, char* metadata) {
  coflags::app::SavedRecord record;
  record.name = coflags::js::adopt_string(name).value_or("");
  record.bytes.assign(data, data + size);
  std::free(data);
  record.metadata = coflags::js::adopt_string(metadata);
  self->on_record(std::move(record));
}
}

namespace coflags::app {

async::Task<void> LoopSaver::save(std::string file_name, flags::SharedBytes bytes,
                                  std::optional<flags::CountryMetadata> metadata) {
  const double start = emscripten_get_now();
  std::optional<std::string> metadata_json;
  if (metadata) metadata_json = metadata_to_json(*metadata);
  std::optional<std::string> error =
      js::adopt_string(coflags_js_loop_store_put(file_name.c_str(), bytes->data(), static_cast<int>(bytes->size()),
                                                 metadata_json ? metadata_json->c_str() : nullptr));
  cost_.add_flag(emscripten_get_now() - start);
  if (error) throw StorageError(*error);
  saved_codes_.insert(code_from_file_name(file_name));
  co_return;
}

std::vector<SavedRecord> LoopSaver::list() {
  listed_.clear();
  coflags_js_loop_store_list(this);
  return std::move(listed_);
}

void LoopSaver::clear() { coflags_js_loop_store_clear(); }

}  // namespace coflags::app
