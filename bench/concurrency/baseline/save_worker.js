// The baseline's IndexedDB writer: one put per message, acknowledged on commit.
const opened = new Promise((resolve, reject) => {
  const req = indexedDB.open('baseline', 1);
  req.onupgradeneeded = () => req.result.createObjectStore('flags');
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

self.onmessage = async ({ data }) => {
  try {
    const db = await opened;
    const tx = db.transaction('flags', 'readwrite');
    tx.objectStore('flags').put(new Blob([data.bytes], { type: 'image/gif' }), data.name);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
    self.postMessage({ id: data.id, ok: true });
  } catch (e) {
    self.postMessage({ id: data.id, ok: false, error: String(e) });
  }
};
