// The Web Worker that owns the page's IndexedDB: the main thread never
// touches storage. Every request carries an id and gets exactly one reply
// {id, ok, error?, records?}. Images arrive as transferred ArrayBuffers and
// leave (on list) the same way, so no copy is made in either direction.
//
// Requests:
//   {op: 'put', id, name, bytes: ArrayBuffer, metadata: string|null}
//   {op: 'putMany', items: [put, ...]}   (one message per loop batch from the app)
//   {op: 'list', id}   -> reply.records = [{name, bytes, metadata, savedAt}]
//   {op: 'clear', id}
// Puts that arrive together are written in one transaction (one commit per
// batch keeps pace with a fast run) and each is acknowledged when it commits.
'use strict';

const DB_NAME = 'coflags';
const DB_VERSION = 1;
const STORE = 'flags';

let dbPromise = null;

function describe(error) {
  if (!error) return 'unknown IndexedDB error';
  const name = error.name || '';
  const message = error.message || String(error);
  return name && message !== name && !message.startsWith(name) ? `${name}: ${message}` : message || name;
}

function openDb() {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve, reject) => {
    let request;
    try {
      request = indexedDB.open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(new Error('IndexedDB unavailable: ' + describe(e)));
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, {keyPath: 'name'});
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: step aside rather than block it.
      db.onversionchange = () => { db.close(); dbPromise = null; };
      resolve(db);
    };
    request.onerror = () => reject(new Error('cannot open IndexedDB: ' + describe(request.error)));
    request.onblocked = () => reject(new Error('IndexedDB blocked: another tab holds an older version of the database open'));
  });
  // A failed open may succeed later (another tab closed): do not cache the failure.
  dbPromise.catch(() => { dbPromise = null; });
  return dbPromise;
}

function reply(message, transfer) {
  self.postMessage(message, transfer || []);
}

// --- puts, batched per turn of the worker's event loop
let pendingPuts = [];
let flushScheduled = false;

function queuePut(message) {
  pendingPuts.push(message);
  if (!flushScheduled) {
    flushScheduled = true;
    setTimeout(flushPuts, 0);
  }
}

async function flushPuts() {
  flushScheduled = false;
  const batch = pendingPuts;
  pendingPuts = [];
  if (batch.length === 0) return;
  let db;
  try {
    db = await openDb();
  } catch (e) {
    for (const m of batch) reply({id: m.id, ok: false, error: e.message});
    return;
  }
  let tx;
  try {
    tx = db.transaction(STORE, 'readwrite');
  } catch (e) {
    for (const m of batch) reply({id: m.id, ok: false, error: describe(e)});
    return;
  }
  const store = tx.objectStore(STORE);
  const savedAt = Date.now();
  for (const m of batch) {
    try {
      store.put({name: m.name, bytes: m.bytes, metadata: m.metadata, savedAt});
    } catch (e) {
      // DataCloneError and friends: fail this record; the rest of the batch may still commit.
      m.failed = describe(e);
    }
  }
  tx.oncomplete = () => {
    for (const m of batch) reply(m.failed ? {id: m.id, ok: false, error: m.failed} : {id: m.id, ok: true});
  };
  // QuotaExceededError arrives here (tx.error), for the whole batch.
  const fail = () => {
    const why = describe(tx.error);
    for (const m of batch) reply({id: m.id, ok: false, error: m.failed || why});
  };
  tx.onabort = fail;
  tx.onerror = (event) => event.preventDefault();  // let onabort report it once
}

async function list(message) {
  const db = await openDb();
  const records = await new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readonly');
    const request = tx.objectStore(STORE).getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const out = records.map((r) => ({name: r.name, bytes: r.bytes, metadata: r.metadata ?? null, savedAt: r.savedAt}));
  reply({id: message.id, ok: true, records: out}, out.map((r) => r.bytes).filter((b) => b instanceof ArrayBuffer));
}

async function clear(message) {
  const db = await openDb();
  await new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).clear();
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  reply({id: message.id, ok: true});
}

self.onmessage = (event) => {
  const message = event.data;
  const fail = (e) => reply({id: message.id, ok: false, error: describe(e)});
  switch (message.op) {
    case 'put': queuePut(message); break;
    case 'putMany': for (const item of message.items) queuePut(item); break;
    case 'list': list(message).catch(fail); break;
    case 'clear': clear(message).catch(fail); break;
    default: fail(new Error('unknown request ' + message.op));
  }
};
