#!/usr/bin/env node
// Downloader benchmark (issue 4): wall time of the coflags CLI against the
// DELAY listener, beside the physical limit ceil(requests / concurrency) x
// delay. Prints figures; it is not a pass/fail test (target: ratio <= 1.10).
//
//   node bench/downloader/bench.mjs [--delay 1.0] [--runs 1] [--flags DIR]
//
// Needs build/wasm/src/cli/coflags.js and a native coflags-server
// (build/native or build/asan). The data set is build/data/flags, else the
// book's reference set unpacked from ../shared/reference/flags.zip.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const DELAY = Number(option('--delay', '1.0'));
const RUNS = Number(option('--runs', '3'));
const CLI = option('--cli', path.join(ROOT, 'build/wasm/src/cli/coflags.js'));
const SERVER = option('--server', ['build/native', 'build/asan']
  .map((b) => path.join(ROOT, b, 'src/server/coflags-server')).find((p) => fs.existsSync(p)));

function die(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function flagsDir() {
  const given = option('--flags');
  if (given) return given;
  const project = path.join(ROOT, 'build/data/flags');
  if (fs.existsSync(path.join(project, 'country_codes.txt'))) return project;
  const zip = path.resolve(ROOT, '..', 'shared', 'reference', 'flags.zip');
  if (!fs.existsSync(zip)) die('no data set: run scripts/build_flags_dataset.sh or pass --flags DIR');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-bench-'));
  if (spawnSync('unzip', ['-q', zip, '-d', dir]).status !== 0) die(`cannot unzip ${zip}`);
  const flags = path.join(dir, 'flags');
  const list = path.join(flags, 'country_codes.txt');
  if (!fs.existsSync(list)) fs.copyFileSync(path.join(path.dirname(zip), 'country_codes.txt'), list);
  return flags;
}

async function startServer(flags) {
  const child = spawn(SERVER, ['--flags', flags, '--host', '127.0.0.1', '--port', '0', '--delay', String(DELAY),
    '--grace', '0.5', '--max-connections', '15000', '--backlog', '4096'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = {};
  await new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      for (const m of out.matchAll(/^LISTEN (\w+) (\S+)$/gm)) urls[m[1]] = m[2].replace(/\/$/, '');
      if (/^READY$/m.test(out)) resolve();
    });
  });
  return { child, urls };
}

function runCli(cliArgs) {
  return new Promise((resolve) => {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-bench-dest-'));
    const start = process.hrtime.bigint();
    const child = spawn('node', [CLI, ...cliArgs, '--dest', dest], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      fs.rmSync(dest, { recursive: true, force: true });
      resolve({ code, out, wall });
    });
  });
}

const count = (out, re) => Number((out.match(re) || [0, 0])[1]);

async function main() {
  if (!fs.existsSync(CLI)) die(`no CLI at ${CLI}: cmake --build --preset wasm`);
  if (!SERVER) die('no coflags-server: cmake --preset native && cmake --build --preset native');
  const flags = flagsDir();
  const codes = fs.readFileSync(path.join(flags, 'country_codes.txt'), 'utf8').split(/\s+/).filter(Boolean).length;
  const { child, urls } = await startServer(flags);
  const base = `${urls.DELAY}/flags`;
  const cases = [
    { name: 'POP20 -m 20', args: ['-m', '20'], requests: 20, concurrency: 20 },
    { name: `all (${codes}) -m 200`, args: ['-a', '-m', '200'], requests: codes, concurrency: 200 },
    { name: 'every AA..ZZ -m 1000', args: ['-e', '-m', '1000'], requests: 676, concurrency: 676 },
    { name: `all --meta -m 200`, args: ['-a', '--meta', '-m', '200'], requests: 2 * codes, concurrency: 200 },
  ];
  console.log(`coflags downloader benchmark: DELAY server at ${DELAY} s, data set ${flags} (${codes} codes)`);
  console.log(`node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}; best of ${RUNS} run(s) per case`);
  console.log('elapsed = the CLI\'s own "Elapsed time" (the book\'s measure: the run, after start-up and the -a code list);');
  console.log('process = the whole node process, start-up and the code list (one more delayed request for -a) included.');
  console.log('');
  console.log('case                       requests  conc  limit(s)  elapsed(s)  ratio   process(s)  ratio');
  for (const c of cases) {
    // -m 1000 with 676 codes: the CLI uses min(-m, codes) connections, as the book.
    const limit = Math.ceil(c.requests / c.concurrency) * DELAY;
    let best = null;
    for (let i = 0; i < RUNS; ++i) {
      const r = await runCli(['--url', base, ...c.args, '--timeout', '30']);
      if (r.code !== 0) die(`${c.name} exited ${r.code}:\n${r.out}`);
      const done = count(r.out, /^\s*(\d+) flags? downloaded/m) + count(r.out, /^\s*(\d+) not found/m);
      const errors = count(r.out, /^\s*(\d+) errors?\./m);
      const elapsed = Number((r.out.match(/^Elapsed time: ([\d.]+)s$/m) || [0, NaN])[1]);
      if (errors) console.log(`  (${c.name}: ${errors} errors)`);
      if (!best || elapsed < best.elapsed) best = { ...r, elapsed, done };
    }
    const ratio = best.elapsed / limit;
    console.log(`${c.name.padEnd(26)} ${String(c.requests).padStart(8)}  ${String(c.concurrency).padStart(4)}  ` +
      `${limit.toFixed(2).padStart(8)}  ${best.elapsed.toFixed(2).padStart(10)}  ${ratio.toFixed(3)}  ` +
      `${best.wall.toFixed(3).padStart(10)}  ${(best.wall / limit).toFixed(3)}${ratio <= 1.10 ? '' : '   (elapsed above 1.10x)'}`);
  }
  // The machine's floor for the widest case: the same 676 GETs from plain node http, no wasm, no XMLHttpRequest.
  let floor = Infinity;
  for (let i = 0; i < RUNS; ++i) floor = Math.min(floor, await rawNodeEvery(base));
  console.log(`${'(floor) every, node http'.padEnd(26)} ${'676'.padStart(8)}  ${'676'.padStart(4)}  ` +
    `${DELAY.toFixed(2).padStart(8)}  ${floor.toFixed(2).padStart(10)}  ${(floor / DELAY).toFixed(3)}`);
  child.kill('SIGTERM');
}

async function rawNodeEvery(base) {
  const http = await import('node:http');
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const agent = new http.Agent({ keepAlive: true });
  const start = process.hrtime.bigint();
  await Promise.all([...letters].flatMap((a) => [...letters].map((b) => new Promise((resolve) => {
    const cc = (a + b).toLowerCase();
    http.get(`${base}/${cc}/${cc}.gif`, { agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve);
  }))));
  agent.destroy();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

main().catch((e) => die(e.stack || String(e)));
