// --js-library: the page's JavaScript half of src/app/platform and
// src/app/history (canvas, font, wheel, location, downloads, the test hooks
// on window.coflags, the run history's IndexedDB, the flags saved on the loop). C++ declares each
// function extern "C"; strings to C++ go through coflagsNewString and
// js::adopt_string (src/js).
mergeInto(LibraryManager.library, {
  // ---- canvas.cpp
  coflags_js_canvas_size: function (w, h, ratio) {
    const rect = Module['canvas'].getBoundingClientRect();
    HEAP32[w >> 2] = Math.max(1, Math.round(rect.width || window.innerWidth));
    HEAP32[h >> 2] = Math.max(1, Math.round(rect.height || window.innerHeight));
    HEAPF32[ratio >> 2] = window.devicePixelRatio || 1;
  },

  coflags_js_set_canvas_pixels__deps: ['$Browser', '$GLFW'],
  coflags_js_set_canvas_pixels: function (w, h) {
    Browser.setCanvasSize(w, h);
    if (GLFW.active) {
      GLFW.active.width = w;
      GLFW.active.height = h;
    }
  },

  coflags_js_webgl_renderer__deps: ['$coflagsNewString'],
  coflags_js_webgl_renderer: function () {
    const gl = (typeof GLctx !== 'undefined' && GLctx) || Module['ctx'];
    if (!gl) return coflagsNewString('');
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return coflagsNewString(String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || ''));
  },

  $coflagsLastInput: { ms: undefined },
  coflags_js_last_input_ms__deps: ['$coflagsLastInput'],
  coflags_js_last_input_ms: function () {
    if (coflagsLastInput.ms === undefined) {
      coflagsLastInput.ms = -1e9;
      const seen = function () { coflagsLastInput.ms = performance.now(); };
      for (const type of ['keydown', 'keyup', 'mousedown', 'mouseup', 'mousemove', 'wheel', 'touchstart', 'touchend'])
        window.addEventListener(type, seen, { capture: true, passive: true });
    }
    return coflagsLastInput.ms;
  },

  coflags_js_first_frame: function () {
    if (Module['onFirstFrame']) Module['onFirstFrame']();
  },

  // ---- main.cpp
  coflags_js_fatal: function (message) {
    if (Module['showError']) Module['showError'](UTF8ToString(message));
  },

  // ---- font.cpp: the shell fetches the font into Module.uiFont.
  // 0 pending, 1 ready, 2 unavailable (no font shipped, or the fetch failed).
  coflags_js_font_state: function () {
    const f = Module['uiFont'];
    if (f === undefined) return 0;
    return f instanceof ArrayBuffer ? 1 : 2;
  },

  // Copies the font into the wasm heap; returns its size (the caller frees *out).
  coflags_js_take_font__deps: ['malloc'],
  coflags_js_take_font: function (out) {
    const f = Module['uiFont'];
    if (!(f instanceof ArrayBuffer)) return 0;
    const ptr = _malloc(f.byteLength);
    HEAPU8.set(new Uint8Array(f), ptr);
    HEAP32[out >> 2] = ptr;
    Module['uiFont'] = null;
    return f.byteLength;
  },

  // ---- wheel.cpp: CSS pixels per unit of the latest wheel event's deltaMode
  // (0 pixels, 1 lines, 2 pages), recorded on window in the capture phase,
  // before GLFW's canvas listener runs.
  $coflagsWheel: { unitPx: undefined },
  coflags_js_wheel_unit_px__deps: ['$coflagsWheel'],
  coflags_js_wheel_unit_px: function () {
    if (coflagsWheel.unitPx === undefined) {
      coflagsWheel.unitPx = 1;
      window.addEventListener('wheel', function (e) {
        coflagsWheel.unitPx = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? window.innerHeight : 1;
      }, { capture: true, passive: true });
    }
    return coflagsWheel.unitPx;
  },

  // ---- download_file.cpp
  coflags_js_download: function (name, nameSize, text, textSize, type, typeSize) {
    // slice() copies the UTF-8 bytes out of the wasm memory, which may move.
    const blob = new Blob([HEAPU8.slice(text, text + textSize)], { type: UTF8ToString(type, typeSize) });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = UTF8ToString(name, nameSize);
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoked later: some browsers read the Blob after click() returns.
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  },

  // ---- page_api.cpp: the page's address and the test hooks on window.coflags.
  coflags_js_location_part__deps: ['$coflagsNewString'],
  coflags_js_location_part: function (which) {
    const parts = [location.protocol, location.hostname, location.origin, location.search];
    return coflagsNewString(parts[which] || '');
  },

  coflags_js_replace_query: function (query, size) {
    history.replaceState(null, '', location.pathname + UTF8ToString(query, size) + location.hash);
  },

  coflags_js_publish: function (key, keySize, json, jsonSize) {
    const api = (window.coflags = window.coflags || {});
    api[UTF8ToString(key, keySize)] = JSON.parse(UTF8ToString(json, jsonSize));
  },

  coflags_js_widget: function (name, size, x, y, w, h) {
    const api = (window.coflags = window.coflags || {});
    const widgets = (api.widgets = api.widgets || {});
    // ImGui works in canvas pixels; the page in CSS pixels.
    const canvas = Module['canvas'];
    const rect = canvas.getBoundingClientRect();
    const s = rect.width / canvas.width;
    widgets[UTF8ToString(name, size)] = { x: rect.left + x * s, y: rect.top + y * s, w: w * s, h: h * s };
  },

  // ---- frame_stats.cpp: a test asks for fresh frame statistics.
  coflags_js_take_reset_request: function () {
    const api = window.coflags;
    if (!api || !api.resetFrameStats) return 0;
    api.resetFrameStats = false;
    return 1;
  },

  // ---- history/idb_history_store.cpp: one record per run in 'coflags-history'.
  $coflagsHistoryDb: { db: null },
  coflags_js_history_load__deps: ['$coflagsHistoryDb', '$coflagsNewString'],
  coflags_js_history_load: function () {
    // C++ adopts (and frees) the string.
    const reply = function (text, ok) { _coflags_history_loaded(coflagsNewString(text), ok ? 1 : 0); };
    coflagsHistoryDb.db = new Promise(function (resolve, reject) {
      const open = indexedDB.open('coflags-history', 1);
      open.onupgradeneeded = function () { open.result.createObjectStore('runs', { keyPath: 'id' }); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
    coflagsHistoryDb.db.then(function (db) {
      const get = db.transaction('runs').objectStore('runs').getAll();
      get.onsuccess = function () { reply('[' + get.result.map(function (r) { return r.json; }).join(',') + ']', true); };
      get.onerror = function () { reply('cannot read the run history: ' + get.error, false); };
    }, function (e) { reply('cannot open the run history: ' + e, false); });
  },

  // A null json clears the store.
  coflags_js_history_write__deps: ['$coflagsHistoryDb'],
  coflags_js_history_write: function (id, json) {
    const text = json ? UTF8ToString(json) : null;
    if (!coflagsHistoryDb.db) return;
    coflagsHistoryDb.db.then(function (db) {
      const store = db.transaction('runs', 'readwrite').objectStore('runs');
      if (text === null) store.clear(); else store.put({ id: id, json: text });
    }).catch(function (e) { console.error('run history: ' + e); });
  },

  // ---- storage/loop_saver.cpp: flags saved on the main thread (18.4.2
  // without an executor), one localStorage item per file:
  // 'coflags-flag:<name>' -> JSON {metadata, base64}.
  $coflagsLoopStore: { prefix: 'coflags-flag:' },
  coflags_js_loop_store_put__deps: ['$coflagsLoopStore', '$coflagsNewString'],
  coflags_js_loop_store_put: function (name, data, size, metadata) {
    // Every step synchronous, before returning to the loop: copy, encode, store.
    try {
      const bytes = HEAPU8.slice(data, data + size);
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      const value = JSON.stringify({ metadata: metadata ? UTF8ToString(metadata) : null, base64: btoa(binary) });
      localStorage.setItem(coflagsLoopStore.prefix + UTF8ToString(name), value);
      return 0;
    } catch (e) {
      return coflagsNewString('cannot save on the loop: ' + (e && e.name ? e.name + ': ' : '') + (e && e.message || e));
    }
  },

  coflags_js_loop_store_list__deps: ['$coflagsLoopStore', '$coflagsNewString', 'malloc'],
  coflags_js_loop_store_list: function (self) {
    let storage;
    try { storage = localStorage; } catch (e) { return; }  // storage disabled: nothing was saved this way
    for (let i = 0; i < storage.length; ++i) {
      const key = storage.key(i);
      if (!key || !key.startsWith(coflagsLoopStore.prefix)) continue;
      let record;
      try { record = JSON.parse(storage.getItem(key)); } catch (e) { continue; }
      const binary = atob(record.base64 || '');
      const data = _malloc(Math.max(1, binary.length));
      for (let j = 0; j < binary.length; ++j) HEAPU8[data + j] = binary.charCodeAt(j);
      const meta = record.metadata === null || record.metadata === undefined ? 0 : coflagsNewString(record.metadata);
      _coflags_loop_store_record(self, coflagsNewString(key.slice(coflagsLoopStore.prefix.length)), data,
                                 binary.length, meta);
    }
  },

  coflags_js_loop_store_clear__deps: ['$coflagsLoopStore'],
  coflags_js_loop_store_clear: function () {
    try {
      const keys = [];
      for (let i = 0; i < localStorage.length; ++i) {
        const key = localStorage.key(i);
        if (key && key.startsWith(coflagsLoopStore.prefix)) keys.push(key);
      }
      keys.forEach(function (key) { localStorage.removeItem(key); });
    } catch (e) { /* storage disabled: nothing to clear */ }
  },
});
