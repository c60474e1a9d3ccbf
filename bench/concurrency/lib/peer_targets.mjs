// Peers of the CLI, each a whole process started the way the CLI is, reading
// the codes from a local country_codes.txt (as the book's scripts do) and
// saving every flag to a fresh directory. Wall time is the process's, start-up
// included: the figure issue 15 compares with the CLI's process time.
//   py-asyncio  the book's flags2_asyncio_executor.py on Debian's python3 with
//               aiohttp 3.8 (HTTP/1.1 only: one connection per request in flight)
//   curl        curl --parallel over HTTP/2 to the CLI's URL (DELAY-H2), its
//               --parallel-max capped at 300 by curl itself
//   aria2c      aria2c -j m over HTTP/1.1 (no HTTP/2 in aria2); at most 16
//               connections per server per download, one download per flag
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const PY_PEER = path.join(HERE, '../peers/flags2_asyncio.py');
const TLS_CERT = path.join(ROOT, 'build/tls/cert.pem');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const POP20 = 'CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR'.split(' ');
export const CURL_PARALLEL_MAX = 300;

export function workloadCodes(opts, w) {
  if (w.cc === 'every') return [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b));
  if (w.cc === 'POP20') return POP20;
  return fs.readFileSync(path.join(opts.flagsDir, 'country_codes.txt'), 'utf8').split(/\s+/).filter(Boolean);
}

const h1Base = (opts) => opts.baseUrl;
const h2Base = (opts) => opts.cliUrl || opts.baseUrl;

export const peerConcurrency = {
  'py-asyncio': (w) => w.m,
  curl: (w) => Math.min(w.m, CURL_PARALLEL_MAX),
  aria2c: (w) => w.m,
};

// Runs `cmd args`, returns { code, out, wall_s }; stdout and stderr together.
function timed(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${cmd} timed out after ${opts.timeoutS} s`)); },
      opts.timeoutS * 1000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, wall_s: Number(process.hrtime.bigint() - start) / 1e9 });
    });
  });
}

function result(wall, counts, protocol, base) {
  return {
    wall_s: wall, process_s: wall, total: counts.ok + counts.not_found + counts.error, ...counts, cancelled: 0,
    save_failed: 0, client_peak_in_flight: null, transport_said: protocol, stats_bases: [base], protocols: {},
    long_tasks: null, long_task_total_ms: null, long_task_worst_ms: null, long_tasks_over_50ms: null, page_errors: [],
  };
}

async function inTempDir(fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-bench-peer-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const flagUrl = (base, cc) => `${base}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;

export function runPyAsyncio(opts, w) {
  return inTempDir(async (dir) => {
    const dest = path.join(dir, 'dest');
    fs.mkdirSync(dest);
    const args = [PY_PEER, h1Base(opts), dest, '-m', String(w.m), '--timeout', String(opts.timeoutS)];
    if (w.cc === 'every') args.push('--every');
    else if (w.cc === 'POP20') args.push('--pop20');
    else args.push('--codes', path.join(opts.flagsDir, 'country_codes.txt'));
    if (w.meta) args.push('--meta');
    const { code, out, wall_s: wall } = await timed('/usr/bin/python3', args, opts);
    if (code !== 0) throw new Error(`flags2_asyncio.py exited ${code}:\n${out}`);
    const n = (re) => Number((out.match(re) || [0, 0])[1]);
    return result(wall, { ok: n(/^(\d+) flags downloaded/m), not_found: n(/^(\d+) not found/m), error: n(/^(\d+) errors/m) },
      'http/1.1', h1Base(opts));
  });
}

export function runCurl(opts, w) {
  if (w.meta) return null;  // curl has no "metadata after its flag"
  return inTempDir(async (dir) => {
    const base = h2Base(opts);
    const codes = workloadCodes(opts, w);
    const config = path.join(dir, 'urls.conf');
    fs.writeFileSync(config, codes.map((cc) => `url = "${flagUrl(base, cc)}"\noutput = "${dir}/${cc}.gif"\n`).join(''));
    const args = ['--parallel', '--parallel-max', String(peerConcurrency.curl(w)), '--silent', '--fail',
      '--write-out', '%{http_code}\\n', '--max-time', String(opts.timeoutS), '--config', config];
    if (base.startsWith('https:')) args.push('--http2', '--cacert', TLS_CERT);
    const { out, wall_s: wall } = await timed('curl', args, opts);
    const statuses = out.split('\n').filter((l) => /^\d{3}$/.test(l));
    const counts = { ok: statuses.filter((s) => s === '200').length, not_found: statuses.filter((s) => s === '404').length };
    counts.error = codes.length - counts.ok - counts.not_found;
    return result(wall, counts, base.startsWith('https:') ? 'h2' : 'http/1.1', base);
  });
}

export function runAria2c(opts, w) {
  if (w.meta) return null;
  return inTempDir(async (dir) => {
    const base = h1Base(opts);
    const codes = workloadCodes(opts, w);
    const list = path.join(dir, 'urls.txt');
    const dest = path.join(dir, 'dest');
    fs.writeFileSync(list, codes.map((cc) => `${flagUrl(base, cc)}\n  out=${cc}.gif\n`).join(''));
    const args = ['--input-file', list, '--dir', dest, '--max-concurrent-downloads', String(w.m),
      '--max-tries', '1', '--timeout', String(Math.ceil(opts.timeoutS)), '--quiet', '--allow-overwrite=true',
      '--auto-file-renaming=false', '--file-allocation=none', '--check-certificate=false'];
    const { code, out, wall_s: wall } = await timed('aria2c', args, opts);
    // Exit 0: all done; 3: some "resource not found" (404s). Anything else failed.
    if (code !== 0 && code !== 3) throw new Error(`aria2c exited ${code}:\n${out.slice(0, 2000)}`);
    const ok = fs.existsSync(dest) ? fs.readdirSync(dest).filter((f) => f.endsWith('.gif')).length : 0;
    return result(wall, { ok, not_found: codes.length - ok, error: 0 }, 'http/1.1', base);
  });
}

export const PEER_RUNNERS = { 'py-asyncio': runPyAsyncio, curl: runCurl, aria2c: runAria2c };
export const PEER_DESCRIPTIONS = {
  'py-asyncio': (opts, w) => `python3 peers/flags2_asyncio.py ${h1Base(opts)} <tmp> -m ${w.m} (aiohttp, HTTP/1.1)`,
  curl: (opts, w) => `curl --parallel --parallel-max ${peerConcurrency.curl(w)} --http2 (to ${h2Base(opts)}; curl caps it at 300)`,
  aria2c: (opts, w) => `aria2c -j ${w.m} (HTTP/1.1 to ${h1Base(opts)}; at most 16 connections per server per download)`,
};
