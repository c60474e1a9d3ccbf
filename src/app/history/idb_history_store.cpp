#include "app/history/idb_history_store.hpp"

#include <emscripten.h>

#include <stdexcept>

namespace coflags::app::history {
namespace {
IdbHistoryStore* g_store = nullptr;
}

// clang-format off
EM_JS(void, coflags_js_history_load, (), {
  const reply = (text, ok) => {
    const size = lengthBytesUTF8(text) + 1;
    const ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    _coflags_history_loaded(ptr, ok ? 1 : 0);
    _free(ptr);
  };
  Module['historyDb'] = new Promise((resolve, reject) => {
    const open = indexedDB.open('coflags-history', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('runs', { keyPath: 'id' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  Module['historyDb'].then((db) => {
    const get = db.transaction('runs').objectStore('runs').getAll();
    get.onsuccess = () => reply('[' + get.result.map((r) => r.json).join(',') + ']', true);
    get.onerror = () => reply('cannot read the run history: ' + get.error, false);
  }, (e) => reply('cannot open the run history: ' + e, false));
});
EM_JS(void, coflags_js_history_write, (double id, const char* json), {
  const text = json ? UTF8ToString(json) : null;
  Module['historyDb'].then((db) => {
    const store = db.transaction('runs', 'readwrite').objectStore('runs');
    if (text === null) store.clear(); else store.put({ id, json: text });
  }).catch((e) => console.error('run history: ' + e));
});
// clang-format on

extern "C" {
EMSCRIPTEN_KEEPALIVE void coflags_history_loaded(const char* json, int ok) {
  if (g_store) g_store->on_loaded(json, ok != 0);
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
