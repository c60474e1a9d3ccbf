// Shared by the server tests: start coflags-server on ephemeral ports, talk raw
// HTTP to it, stop it by PID. Never kills anything it did not start.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVER = process.env.COFLAGS_SERVER;
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
if (!SERVER) throw new Error('COFLAGS_SERVER must name the coflags-server executable (ctest sets it)');

// Starts the server with `args` (plus --port 0) and resolves once READY is printed.
// Returns { urls: {LOCAL, DELAY, ERROR}, ports, proc, stdout(), stderr(), stop(signal) };
// with --tls-cert also urls/ports LOCAL-H2, DELAY-H2, ERROR-H2 (https://localhost:PORT/).
export async function startServer(args = [], { timeoutMs = 15000 } = {}) {
  const proc = spawn(SERVER, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const urls = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not READY after ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    proc.stdout.on('data', (d) => {
      out += d;
      if (!/^READY$/m.test(out)) return;
      clearTimeout(timer);
      const found = {};
      for (const m of out.matchAll(/^LISTEN ((?:LOCAL|DELAY|ERROR)(?:-H2)?) (https?:\/\/\S+\/)$/gm)) found[m[1]] = m[2];
      resolve(found);
    });
    exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before READY; stderr: ${err}`)));
  });
  const ports = Object.fromEntries(Object.entries(urls).map(([k, u]) => [k, Number(new URL(u).port)]));
  let stopped = null;
  const server = {
    urls, ports, proc, exited,
    stdout: () => out,
    stderr: () => err,
    // Sends `signal` to our own child by PID and resolves with its exit.
    stop(signal = 'SIGTERM') {
      if (!stopped) {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
        stopped = exited;
      }
      return stopped;
    },
  };
  return server;
}

// One request on a fresh connection, with exact bytes on the wire for the target.
// Resolves { status, headers, body (Buffer), ms }.
export function request(baseUrl, target, { method = 'GET', headers = {}, body, timeoutMs = 30000, agent = false } = {}) {
  const u = new URL(baseUrl);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path: target, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${target}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Raw bytes on a fresh socket; resolves with everything the server sent before closing
// (or before `idleMs` of silence), as a latin1 string, plus whether the server closed.
export function rawExchange(port, bytes, { idleMs = 3000, host = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, host);
    let data = Buffer.alloc(0);
    let timer;
    const finish = (closed) => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ text: data.toString('latin1'), closed });
    };
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => finish(false), idleMs); };
    sock.on('connect', () => { sock.write(bytes); arm(); });
    sock.on('data', (d) => { data = Buffer.concat([data, d]); arm(); });
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', (e) => (e.code === 'ECONNRESET' ? finish(true) : reject(e)));
  });
}

export function statusOf(rawText) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(rawText);
  return m ? Number(m[1]) : null;
}

export async function getStats(baseUrl) {
  const r = await request(baseUrl, '/_stats');
  if (r.status !== 200) throw new Error(`/_stats answered ${r.status}`);
  return JSON.parse(r.body.toString('utf8'));
}

export async function resetStats(baseUrl) {
  const r = await request(baseUrl, '/_stats/reset', { method: 'POST' });
  if (r.status !== 200) throw new Error(`/_stats/reset answered ${r.status}`);
}

export { tlsCert } from '../tls_cert.mjs';

// Polls `fn` until it returns truthy or `ms` pass; returns the last value.
export async function waitFor(fn, ms, stepMs = 20) {
  const end = performance.now() + ms;
  let v;
  while (!(v = await fn()) && performance.now() < end) await new Promise((r) => setTimeout(r, stepMs));
  return v;
}

// A small data set in the book's layout, plus things the server must never serve.
// Returns { root, flags, web, outsideSecret }.
export function makeFixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-server-test-'));
  const flags = path.join(root, 'flags');
  const web = path.join(root, 'web');
  const outsideSecret = 'TOP-SECRET-' + Math.random().toString(36).slice(2);
  fs.writeFileSync(path.join(root, 'secret.txt'), outsideSecret);
  fs.mkdirSync(path.join(root, 'outside'));
  fs.writeFileSync(path.join(root, 'outside', 'secret.txt'), outsideSecret);
  for (const [cc, name] of [['br', 'Brazil'], ['cn', 'China']]) {
    fs.mkdirSync(path.join(flags, cc), { recursive: true });
    // Starts like a real GIF; the rest is bytes the test can recognise.
    fs.writeFileSync(path.join(flags, cc, `${cc}.gif`), Buffer.concat([Buffer.from('GIF89a'), Buffer.from(`${cc}-flag-bytes`)]));
    fs.writeFileSync(path.join(flags, cc, 'metadata.json'),
      JSON.stringify({ tld_cc: `.${cc}`, iso_cc: cc.toUpperCase(), country: name }));
  }
  fs.writeFileSync(path.join(flags, 'country_codes.txt'), 'BR CN\n');
  fs.symlinkSync(path.join(root, 'outside'), path.join(flags, 'escape'));          // dir link out of the root
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(flags, 'secret.txt'));   // file link out of the root
  fs.symlinkSync(path.join(flags, 'br', 'br.gif'), path.join(flags, 'inside.gif')); // link within the root: fine
  fs.mkdirSync(web);
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>coflags</title>');
  for (const f of ['app.js', 'mod.mjs', 'app.wasm', 'style.css', 'pic.svg', 'pic.png', 'notes.txt', 'data.json', 'pic.gif'])
    fs.writeFileSync(path.join(web, f), `content of ${f}`);
  fs.mkdirSync(path.join(web, 'sub'));
  fs.writeFileSync(path.join(web, 'sub', 'index.html'), 'sub index');
  return { root, flags, web, outsideSecret, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
