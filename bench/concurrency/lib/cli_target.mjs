// One run of the node CLI (build/wasm/src/cli/coflags.js). Its wall time is
// the CLI's own "Elapsed time" (the book's measure: after the -a code list);
// the whole process time is kept too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'build/wasm/src/cli/coflags.js');
// The flag server's self-signed certificate (scripts/make_tls_cert.sh), for https:// --cli-url.
const TLS_CERT = path.join(ROOT, 'build/tls/cert.pem');

// --cli-url, else the base every client uses. The CLI speaks HTTP/2 for https:// URLs.
const cliUrl = (opts) => opts.cliUrl || opts.baseUrl;
const protocolOf = (url) => (url.startsWith('https:') ? 'h2' : 'http/1.1');

// -a reads its codes from a local country_codes.txt, as the book's scripts
// do (and as the peers do): the data set's own file, not a request to the
// DELAY server.
export function cliArgs(opts, w) {
  const args = ['-s', 'DELAY', '--url', cliUrl(opts), '-m', String(w.m), '--timeout', String(opts.timeoutS)];
  if (w.cc === 'all') args.push('-a', '--codes-file', path.resolve(opts.flagsDir, 'country_codes.txt'));
  if (w.cc === 'every') args.push('-e');
  if (w.meta) args.push('--meta');
  return args;
}

const count = (out, re) => Number((out.match(re) || [0, 0])[1]);

export async function runCli(opts, w) {
  if (!fs.existsSync(CLI)) throw new Error(`no CLI at ${CLI}: cmake --build --preset wasm --target coflags`);
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-bench-dest-'));
  const args = [CLI, ...cliArgs(opts, w), '--dest', dest];
  const env = opts.cliUrl ? { ...process.env, NODE_EXTRA_CA_CERTS: TLS_CERT } : process.env;
  try {
    const start = process.hrtime.bigint();
    const { code, out } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
      let text = '';
      child.stdout.on('data', (d) => { text += d; });
      child.stderr.on('data', (d) => { text += d; });
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`CLI timed out after ${opts.timeoutS} s`)); },
        opts.timeoutS * 1000);
      child.on('error', reject);
      child.on('exit', (c) => { clearTimeout(timer); resolve({ code: c, out: text }); });
    });
    const processS = Number(process.hrtime.bigint() - start) / 1e9;
    if (code !== 0) throw new Error(`CLI exited ${code}:\n${out}`);
    const elapsed = out.match(/^Elapsed time: ([\d.]+)s$/m);
    if (!elapsed) throw new Error(`no "Elapsed time" in the CLI's report:\n${out}`);
    const ok = count(out, /^\s*(\d+) flags? downloaded/m);
    const notFound = count(out, /^\s*(\d+) not found/m);
    const error = count(out, /^\s*(\d+) errors?\./m);
    return {
      wall_s: Number(elapsed[1]), process_s: processS,
      total: ok + notFound + error, ok, not_found: notFound, error, cancelled: 0, save_failed: 0,
      client_peak_in_flight: null, transport_said: protocolOf(cliUrl(opts)), stats_bases: [cliUrl(opts)], protocols: {},
      long_tasks: null, long_task_total_ms: null, long_task_worst_ms: null, long_tasks_over_50ms: null,
      page_errors: [],
    };
  } finally {
    fs.rmSync(dest, { recursive: true, force: true });
  }
}
