// Load client for the DELAY listener: opens N connections (in quick batches, so the
// listen backlog is not the bottleneck), sends one GET on each, and reports how much
// latency the server added on top of --delay. Prints one JSON line.
//
// usage: node delay_load.mjs --url http://127.0.0.1:PORT/flags/br/metadata.json
//            [--connections 10000] [--delay 1.0] [--batch 250] [--batch-ms 10] [--timeout-s 60]
import net from 'node:net';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const url = new URL(args.url ?? 'http://127.0.0.1:8002/flags/br/metadata.json');
const N = Number(args.connections ?? 10000);
const DELAY_MS = Number(args.delay ?? 1.0) * 1000;
const BATCH = Number(args.batch ?? 250);
const BATCH_MS = Number(args.batch_ms ?? args['batch-ms'] ?? 10);
const TIMEOUT_MS = Number(args['timeout-s'] ?? 60) * 1000;

const request = `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`;
const latencies = [];
const failures = {};
let done = 0;
let open = 0;
let peakOpen = 0;

function one() {
  return new Promise((resolve) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let t0 = 0;
    let head = '';
    let answered = false;
    const fail = (why) => { failures[why] = (failures[why] ?? 0) + 1; };
    sock.setNoDelay(true);
    sock.on('connect', () => {
      peakOpen = Math.max(peakOpen, ++open);
      t0 = performance.now();
      sock.write(request);
    });
    sock.on('data', (d) => {
      if (answered) return;
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      answered = true;
      const status = Number(head.slice(9, 12));
      if (status === 200) latencies.push(performance.now() - t0);
      else fail(`status ${status}`);
      sock.destroy();
    });
    sock.on('error', (e) => { if (!answered) fail(e.code ?? 'error'); });
    sock.on('close', () => {
      if (t0) --open;
      if (!answered && !sock.errored) fail('closed without answer');
      ++done;
      resolve();
    });
    sock.setTimeout(TIMEOUT_MS, () => { fail('timeout'); sock.destroy(); });
  });
}

const t0 = performance.now();
const all = [];
for (let i = 0; i < N; i += BATCH) {
  for (let j = i; j < Math.min(N, i + BATCH); ++j) all.push(one());
  await new Promise((r) => setTimeout(r, BATCH_MS));
}
await Promise.all(all);
const wall = performance.now() - t0;

latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
const added = (p) => Number((pct(p) - DELAY_MS).toFixed(1));
console.log(JSON.stringify({
  connections: N,
  answered_200: latencies.length,
  failures,
  peak_open_client_side: peakOpen,
  delay_ms: DELAY_MS,
  added_ms: { p50: added(50), p90: added(90), p99: added(99), max: added(100) },
  min_latency_ms: Number(pct(0).toFixed(1)),
  wall_s: Number((wall / 1000).toFixed(2)),
}));
