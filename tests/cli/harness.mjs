// Shared by the CLI suites: find and run the real coflags-server on free
// ports, run the coflags CLI, read reports and the server's /_stats.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = process.env.COFLAGS_CLI;
export const SOURCE_DIR = process.env.COFLAGS_SOURCE_DIR;
assert.ok(CLI && SOURCE_DIR, 'COFLAGS_CLI and COFLAGS_SOURCE_DIR must be set (run through ctest in build/wasm)');

export function serverBinary() {
  const candidates = (process.env.COFLAGS_SERVER_CANDIDATES || '').split(':').filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  assert.ok(found, `coflags-server not built; looked in:\n  ${candidates.join('\n  ')}\n` +
    'build it with: cmake --preset native-asan && cmake --build --preset native-asan --target coflags-server');
  return found;
}

export function tmpDir(prefix = 'coflags-cli-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// Starts the server with --port 0 and waits for READY. stop() ends it by PID.
export async function startServer(extraArgs) {
  const child = spawn(serverBinary(), ['--host', '127.0.0.1', '--port', '0', '--grace', '0.5', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const urls = {};
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server not READY in 15 s; stderr:\n${stderr}`)), 15_000);
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before READY; stderr:\n${stderr}`)));
    child.stdout.on('data', (d) => {
      buffer += d;
      for (const m of buffer.matchAll(/^LISTEN ([\w-]+) (\S+)$/gm)) urls[m[1]] = m[2].replace(/\/$/, '');
      if (/^READY$/m.test(buffer)) { clearTimeout(timer); resolve(); }
    });
  });
  for (const label of ['LOCAL', 'DELAY', 'ERROR']) assert.ok(urls[label], `no LISTEN ${label} line`);
  return {
    urls,
    flags: (label) => `${urls[label]}/flags`,
    // Per-listener stats, read through LOCAL so reading does not disturb them.
    async stats(label) {
      const all = await (await fetch(`${urls.LOCAL}/_stats`)).json();
      return label ? all.listeners[label] : all;
    },
    async reset() {
      const r = await fetch(`${urls.LOCAL}/_stats/reset`, { method: 'POST' });
      assert.ok(r.ok, `reset failed: ${r.status}`);
    },
    // SIGTERM (graceful), then SIGKILL if it has not gone within 5 s; both by PID.
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// Runs the CLI to completion; `during(child)` may interact while it runs.
// `env` adds to (or, with a value of undefined, removes from) the environment.
export function runCli(args, { during, timeoutMs = 60_000, env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
    const child = spawn('node', [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv, cwd });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`CLI timed out: ${args.join(' ')}\n${out}\n${err}`)); }, timeoutMs);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, out, err }); });
    if (during) during(child).catch(reject);
  });
}

export function runCliSync(args) {
  const r = spawnSync('node', [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export { tlsCert } from '../tls_cert.mjs';

// The book's final report.
export function finalReport(out) {
  const n = (re) => { const m = out.match(re); return m ? Number(m[1]) : 0; };
  assert.match(out, /^-{20}$/m, `no final report in:\n${out}`);
  return {
    ok: n(/^\s*(\d+) flags? downloaded\.$/m),
    notFound: n(/^\s*(\d+) not found\.$/m),
    errors: n(/^\s*(\d+) errors?\.$/m),
    cancelled: n(/^\s*(\d+) cancelled\.$/m),
    elapsed: Number(out.match(/^Elapsed time: ([\d.]+)s$/m)[1]),
    searched: Number(out.match(/^Searching for (\d+) flags?/m)[1]),
  };
}

export async function waitFor(predicate, { timeoutMs = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function serverCodes(flagsDir) {
  return fs.readFileSync(path.join(flagsDir, 'country_codes.txt'), 'utf8').split(/\s+/).filter(Boolean);
}

// The project's data set (scripts/build_flags_dataset.sh, default build/data/flags);
// COFLAGS_FLAGS_DIR overrides it.
export function projectDataset() {
  if (process.env.COFLAGS_FLAGS_DIR) return process.env.COFLAGS_FLAGS_DIR;
  const dir = path.join(SOURCE_DIR, 'build', 'data', 'flags');
  if (!fs.existsSync(path.join(dir, 'country_codes.txt'))) {
    const script = path.join(SOURCE_DIR, 'scripts', 'build_flags_dataset.sh');
    assert.ok(fs.existsSync(script), `no data set in ${dir} and no ${script} to build it`);
    const r = spawnSync('bash', [script, dir], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(r.status, 0, `build_flags_dataset.sh failed:\n${r.stdout}\n${r.stderr}`);
  }
  return dir;
}

// The book's 194 flags (../shared/reference/flags.zip), unpacked once into a temp dir; null if absent.
export function referenceDataset() {
  const shared = path.resolve(SOURCE_DIR, '..', 'shared', 'reference');
  const zip = path.join(shared, 'flags.zip');
  if (!fs.existsSync(zip)) return null;
  const dir = tmpDir('coflags-reference-');
  const r = spawnSync('unzip', ['-q', zip, '-d', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `unzip failed: ${r.stderr}`);
  const flags = path.join(dir, 'flags');
  if (!fs.existsSync(path.join(flags, 'country_codes.txt'))) {
    fs.copyFileSync(path.join(shared, 'country_codes.txt'), path.join(flags, 'country_codes.txt'));
  }
  return flags;
}
