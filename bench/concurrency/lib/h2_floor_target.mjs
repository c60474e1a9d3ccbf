// The floor under the CLI: a bare node:http2 client, no wasm, no saving,
// making the workload's requests over one session to the CLI's URL
// (--cli-url, DELAY-H2 under run.sh) with a pool of m requests in flight,
// metadata after its flag as in flags3. Wall time from the first request to
// the last answer (the CLI's "Elapsed time" also starts after the code list).
import fs from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TLS_CERT = path.join(ROOT, 'build/tls/cert.pem');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// The codes: AA..ZZ, the data set's list, or (POP20) its first 20: the floor
// depends on how many requests there are, not on which countries.
function codesFor(opts, w) {
  if (w.cc === 'every') return [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b));
  const list = fs.readFileSync(path.join(opts.flagsDir, 'country_codes.txt'), 'utf8').split(/\s+/).filter(Boolean);
  return w.cc === 'all' ? list : list.slice(0, w.requests);
}

function get(session, urlPath) {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': urlPath });
    let status = 0;
    stream.on('response', (h) => { status = h[':status']; });
    stream.resume();
    stream.on('end', () => resolve(status));
    stream.on('error', reject);
  });
}

export async function runH2Floor(opts, w) {
  const url = new URL(opts.cliUrl || opts.baseUrl);
  if (url.protocol !== 'https:') throw new Error(`the node:http2 floor needs an https URL (--cli-url), not ${url.href}`);
  const session = http2.connect(url.origin, { ca: fs.readFileSync(TLS_CERT) });
  await new Promise((resolve, reject) => { session.once('connect', resolve); session.once('error', reject); });
  const counts = { ok: 0, not_found: 0, error: 0 };
  const codes = codesFor(opts, w);
  const base = url.pathname.replace(/\/$/, '');
  try {
    let next = 0;
    const worker = async () => {
      while (next < codes.length) {
        const cc = codes[next++].toLowerCase();
        let status = await get(session, `${base}/${cc}/${cc}.gif`);
        if (status === 200 && w.meta) status = await get(session, `${base}/${cc}/metadata.json`);
        if (status === 200) counts.ok++;
        else if (status === 404) counts.not_found++;
        else counts.error++;
      }
    };
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: Math.min(w.m, codes.length) }, worker));
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    return {
      wall_s: wall, process_s: null, total: codes.length, ...counts, cancelled: 0, save_failed: 0,
      client_peak_in_flight: null, transport_said: 'h2 (bare)', stats_bases: [url.href], protocols: {},
      long_tasks: null, long_task_total_ms: null, long_task_worst_ms: null, long_tasks_over_50ms: null,
      page_errors: [],
    };
  } finally {
    session.close();
  }
}
