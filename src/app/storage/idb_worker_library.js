// --js-library for IdbWorker (idb_worker.cpp): the main thread's side of
// web/idb_worker.js. Each request is a JS promise, settled by the worker's
// reply for its id and handed to C++ with coflagsSettlePromise
// (src/js/bridge.js); a worker that fails to load, crashes or is stopped
// rejects every request in flight and every later one with its error.
mergeInto(LibraryManager.library, {
  $coflagsIdb__deps: ['$coflagsSettlePromise', '$coflagsNewString', 'malloc'],
  $coflagsIdb: {
    workers: {},  // handle -> {worker, broken, waiting: Map(id -> {resolve, reject, self}), staged: []}
    next: 1,
    // A promise for request `id`, or one already rejected if the worker is unusable.
    request: function (state, id, self) {
      if (!state || state.broken) return Promise.reject(new Error(state ? state.broken : 'the IndexedDB worker was stopped'));
      return new Promise(function (resolve, reject) {
        state.waiting.set(id, {resolve: resolve, reject: reject, self: self});
      });
    },
    // One listed record into C++: the bytes, name and metadata are malloc'ed here, adopted there.
    deliver: function (self, id, r) {
      var bytes = new Uint8Array(r.bytes);
      var data = _malloc(Math.max(1, bytes.length));
      HEAPU8.set(bytes, data);
      var meta = r.metadata === null || r.metadata === undefined ? 0 : coflagsNewString(r.metadata);
      _coflags_idb_record(self, id, coflagsNewString(r.name), data, bytes.length, meta);
    },
    fail: function (state, message) {
      if (!state.broken) state.broken = message;
      var waiting = state.waiting;
      state.waiting = new Map();
      state.staged = [];
      waiting.forEach(function (w) { w.reject(new Error(message)); });
    },
  },

  coflags_idb_start__deps: ['$coflagsIdb'],
  coflags_idb_start: function (url) {
    var handle = coflagsIdb.next++;
    var state = {worker: null, broken: '', waiting: new Map(), staged: []};
    coflagsIdb.workers[handle] = state;
    var script = UTF8ToString(url);
    try {
      state.worker = new Worker(script);
    } catch (e) {
      state.broken = 'cannot start the IndexedDB worker: ' + e;
      return handle;
    }
    state.worker.onmessage = function (event) {
      var m = event.data;
      var w = state.waiting.get(m.id);
      if (!w) return;
      state.waiting.delete(m.id);
      if (!m.ok) { w.reject(new Error(m.error || 'IndexedDB request failed')); return; }
      // Listed records go to C++ before the promise settles (the list's Task collects them).
      if (m.records) m.records.forEach(function (r) { coflagsIdb.deliver(w.self, m.id, r); });
      w.resolve();
    };
    state.worker.onerror = function (event) {
      event.preventDefault();
      coflagsIdb.fail(state, 'IndexedDB worker failed: ' + (event.message || 'could not load ' + script));
    };
    return handle;
  },

  coflags_idb_stop__deps: ['$coflagsIdb'],
  coflags_idb_stop: function (handle) {
    var state = coflagsIdb.workers[handle];
    if (!state) return;
    delete coflagsIdb.workers[handle];
    if (state.worker) state.worker.terminate();
    coflagsIdb.fail(state, 'the IndexedDB worker was stopped');
  },

  // Copies one image out of the wasm heap into the outgoing batch (the only copy).
  coflags_idb_put__deps: ['$coflagsIdb'],
  coflags_idb_put: function (handle, id, name, data, size, metadata) {
    var state = coflagsIdb.workers[handle];
    coflagsSettlePromise(id, coflagsIdb.request(state, id, 0));
    if (!state || state.broken) return;
    state.staged.push({id: id, name: UTF8ToString(name), bytes: HEAPU8.slice(data, data + size).buffer,
                       metadata: metadata ? UTF8ToString(metadata) : null});
  },

  // One message for every staged image (all the puts of one loop batch),
  // their buffers transferred, not cloned. Returns how many.
  coflags_idb_flush__deps: ['$coflagsIdb'],
  coflags_idb_flush: function (handle) {
    var state = coflagsIdb.workers[handle];
    if (!state || state.staged.length === 0) return 0;
    var staged = state.staged;
    state.staged = [];
    state.worker.postMessage({op: 'putMany', items: staged}, staged.map(function (item) { return item.bytes; }));
    return staged.length;
  },

  // 'list' or 'clear'; `self` is the IdbWorker that list's records go to.
  coflags_idb_request__deps: ['$coflagsIdb'],
  coflags_idb_request: function (handle, id, op, self) {
    var state = coflagsIdb.workers[handle];
    coflagsSettlePromise(id, coflagsIdb.request(state, id, self));
    if (state && !state.broken) state.worker.postMessage({op: UTF8ToString(op), id: id});
  },
});
