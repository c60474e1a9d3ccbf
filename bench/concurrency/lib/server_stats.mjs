// The flag server's /_stats: reset before a run, read after it.
export async function resetStats(localUrl) {
  const res = await fetch(`${localUrl}/_stats/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`POST /_stats/reset: HTTP ${res.status}`);
}

export async function readStats(localUrl) {
  const res = await fetch(`${localUrl}/_stats`);
  if (!res.ok) throw new Error(`GET /_stats: HTTP ${res.status}`);
  return res.json();
}

// The peak in flight the server saw for the listeners the bases point at
// (the sum of their peaks when there are several: an upper bound), else the total.
export function peakFor(stats, bases) {
  const ports = new Set(bases.map((b) => new URL(b).port));
  const hit = Object.entries(stats.listeners || {}).filter(([, l]) => ports.has(String(l.port)));
  if (!hit.length) return { peak: stats.peak_in_flight, where: 'all listeners' };
  return { peak: hit.reduce((s, [, l]) => s + l.peak_in_flight, 0), where: hit.map(([n]) => n).join('+') };
}
