#include "app/history/idb_history_store.hpp"

#include <emscripten.h>

#include <stdexcept>
#include <string>

#include "app/platform/page_library.hpp"
#include "js/string.hpp"

namespace coflags::app::history {
namespace {
IdbHistoryStore* g_store = nullptr;
}

extern "C" {
// Takes the string page_library.js malloc'ed.
EMSCRIPTEN_KEEPALIVE void coflags_history_loaded(char* json, int ok) {
  const std::string text = js::adopt_string(json).value_or("");
  if (g_store) g_store->on_loaded(text.c_str(), ok != 0);
}
}

IdbHistoryStore::IdbHistoryStore() { g_store = this; }
IdbHistoryStore::~IdbHistoryStore() { g_store = nullptr; }

void IdbHistoryStore::load(Loaded done) {
  loaded_ = std::move(done);
  coflags_js_history_load();
}

void IdbHistoryStore::on_loaded(const char* json, bool ok) {
  if (!loaded_) return;
  Loaded done = std::move(loaded_);
  if (!ok) return done({}, json);
  try {
    done(import_json(json), "");
  } catch (const std::invalid_argument& e) {
    done({}, e.what());
  }
}

void IdbHistoryStore::put(const RunRecord& record) {
  coflags_js_history_write(static_cast<double>(record.id), to_json(record).c_str());
}

void IdbHistoryStore::clear() { coflags_js_history_write(0, nullptr); }

}  // namespace coflags::app::history
