// Shared pieces of the browser tier and the browser benchmark: the native
// flag server on free ports, headless Debian Chromium with a fresh profile,
// and small helpers to read the app's window.coflags.
import { before, after } from 'node:test';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { tlsCert } from '../tls_cert.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectDir = process.env.COFLAGS_SOURCE_DIR || path.resolve(here, '../..');

// Software WebGL2 (SwiftShader through ANGLE) in headless Chromium, run as root (hence --no-sandbox).
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync',
];

function firstExisting(candidates) {
  return candidates.find((p) => p && fs.existsSync(p));
}

export function locateServer() {
  const server = firstExisting([
    process.env.COFLAGS_SERVER,
    path.join(projectDir, 'build/asan/src/server/coflags-server'),
    path.join(projectDir, 'build/native/src/server/coflags-server'),
  ]);
  if (!server) throw new Error('coflags-server not built: cmake --build --preset native (or native-asan)');
  return server;
}

// The generated data set (scripts/build_flags_dataset.sh), built on first use.
export function locateFlags() {
  const wanted = process.env.COFLAGS_FLAGS_DIR || path.join(projectDir, 'build/data/flags');
  if (!fs.existsSync(path.join(wanted, 'country_codes.txt'))) {
    const script = path.join(projectDir, 'scripts/build_flags_dataset.sh');
    if (!fs.existsSync(script)) throw new Error(`no flag data set in ${wanted} and no ${script} to build it`);
    execFileSync(script, { stdio: 'inherit' });
  }
  return wanted;
}

export function locateWeb() {
  const web = process.env.COFLAGS_WEB_DIR || path.join(projectDir, 'build/wasm/web');
  if (!fs.existsSync(path.join(web, 'coflags.wasm'))) throw new Error(`app not built in ${web}: cmake --build --preset wasm`);
  return web;
}

export function artifactsDir() {
  const dir = process.env.COFLAGS_ARTIFACTS || path.join(projectDir, 'build/artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}


// Starts the server on free ports; resolves once it printed READY. With `tls`
// it also serves LOCAL-H2, DELAY-H2 and ERROR-H2 (HTTP/2 over TLS).
export async function startServer({ delay = 1.0, errorRate = 0.25, seed = 7, tls = false, extra = [] } = {}) {
  const tlsArgs = [];
  if (tls) {
    tlsArgs.push(...tlsCert().args);
  }
  const args = ['--flags', locateFlags(), '--web', locateWeb(), '--host', '127.0.0.1', '--port', '0',
    '--delay', String(delay), '--error-rate', String(errorRate), '--seed', String(seed), ...tlsArgs, ...extra];
  const child = spawn(locateServer(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const urls = {};
  const lines = readline.createInterface({ input: child.stdout });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not print READY within 10 s: ' + stderr)), 10000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${stderr}`)); });
    lines.on('line', (line) => {
      const m = line.match(/^LISTEN ([\w-]+) (\S+)$/);
      if (m) urls[m[1]] = m[2].replace(/\/$/, '');
      if (line === 'READY') { clearTimeout(timer); resolve(); }
    });
  });
  child.removeAllListeners('exit');
  // Never leave a server behind, even if the test process dies without its after() hook.
  const killOnExit = () => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ } };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const port = (name) => Number(new URL(urls[name]).port);
  return {
    pid: child.pid,
    local: urls.LOCAL,
    delay: urls.DELAY,
    error: urls.ERROR,
    urls,
    // The page learns DELAY/ERROR from the query string (the server's /_stats has no ports).
    pageUrl(query = '') {
      const q = new URLSearchParams(query);
      q.set('delay_port', port('DELAY'));
      q.set('error_port', port('ERROR'));
      return `${urls.LOCAL}/?${q.toString()}`;
    },
    async stats() {
      return (await fetch(`${urls.LOCAL}/_stats`)).json();
    },
    async resetStats() {
      await fetch(`${urls.LOCAL}/_stats/reset`, { method: 'POST' });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// A home directory whose NSS database (~/.pki/nssdb, where Chromium on Linux
// keeps the certificates a user trusts) holds the local CA, as
// `certutil -A -t C,,` or `mkcert -install` would put it there.
export function homeTrustingLocalCa() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-home-'));
  const db = 'sql:' + path.join(home, '.pki/nssdb');
  fs.mkdirSync(path.join(home, '.pki/nssdb'), { recursive: true });
  execFileSync('certutil', ['-N', '-d', db, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', db, '-t', 'C,,', '-n', 'coflags local CA', '-i', tlsCert().ca]);
  return home;
}

// Headless Chromium with a fresh profile (its own IndexedDB) that trusts no
// certificate the system does not: a newcomer's browser. `trustLocalCa`: the
// user trusted the local CA (docs/APP.md), so the HTTP/2 listeners are usable.
export async function launchBrowser({ width = 1280, height = 800, deviceScaleFactor = 1, extraArgs = [], trustLocalCa = false } = {}) {
  const { chromium } = await import(path.join(projectDir, 'node_modules/playwright-core/index.mjs'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-chromium-'));
  const home = trustLocalCa ? homeTrustingLocalCa() : fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-home-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.COFLAGS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, ...extraArgs],
    viewport: { width, height },
    deviceScaleFactor,
    env: { ...process.env, HOME: home },
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

// Opens the app and waits until it restored the saved gallery.
// For a describe() block: starts the flag server and a browser page before its
// tests and stops both after them. Fields are filled in by the time tests run.
export function useAppPage(serverOptions, browserOptions = {}) {
  const ctx = { server: null, browser: null, page: null, pageErrors: [] };
  before(async () => {
    ctx.server = await startServer(serverOptions);
    ctx.browser = await launchBrowser(browserOptions);
    ctx.page = await ctx.browser.context.newPage();
    ctx.page.on('pageerror', (e) => ctx.pageErrors.push(e.message));
  });
  after(async () => {
    try {
      if (ctx.browser) await ctx.browser.close();
    } finally {
      if (ctx.server) await ctx.server.stop();
    }
  });
  return ctx;
}

export async function openApp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.coflags && (window.coflags.fatal || (window.coflags.state && window.coflags.state.ready)),
    null, { timeout: 30000 });
  const fatal = await page.evaluate(() => window.coflags.fatal);
  if (fatal) throw new Error('the page failed: ' + fatal);
}

// Every flag the page stored in IndexedDB, as [{name: "br.gif", bytes: Buffer}]
// (Playwright's and puppeteer's pages both evaluate this).
export async function storedFlags(page) {
  const records = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('coflags');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('flags').objectStore('flags').getAll();
      request.onsuccess = () => resolve(request.result.map((r) => ({
        name: r.name, base64: btoa(String.fromCharCode(...new Uint8Array(r.bytes))),
      })));
      request.onerror = () => reject(request.error);
    };
  }));
  return records.map((r) => ({ name: r.name, bytes: Buffer.from(r.base64, 'base64') }));
}

// The file the server serves for a stored name ("br.gif").
export function servedFlag(name) {
  const code = name.replace(/\.gif$/, '');
  return fs.readFileSync(path.join(locateFlags(), code, `${code}.gif`));
}

export const appState = (page) => page.evaluate(() => window.coflags.state);
export const lastRun = (page) => page.evaluate(() => window.coflags.lastRun);

// Resolves after the page has drawn `n` more animation frames (the app draws in each).
export function nextFrames(page, n = 2) {
  return page.evaluate((count) => new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(count);
  }), n);
}

// Dear ImGui 1.86 reads key state once per frame: a key pressed and released
// within one frame is lost. Hold each key for one drawn frame, and no longer: on
// a loaded machine a second frame can come after ImGui's 275 ms repeat delay, and
// the key would repeat (one Tab moving the focus two controls on).
export async function pressKey(page, key) {
  const parts = key.split('+');
  for (const k of parts) await page.keyboard.down(k);
  await nextFrames(page, 1);
  for (const k of parts.reverse()) await page.keyboard.up(k);
  await nextFrames(page, 1);
}

// A real mouse click at the centre of a widget the app published, once its
// place is stable (the layout moves when the UI font arrives).
export async function clickWidget(page, name, { modifiers = [] } = {}) {
  await page.waitForFunction((n) => window.coflags.widgets && window.coflags.widgets[n], name);
  let w = await page.evaluate((n) => window.coflags.widgets[n], name);
  for (;;) {
    await nextFrames(page, 2);
    const again = await page.evaluate((n) => window.coflags.widgets[n], name);
    if (JSON.stringify(again) === JSON.stringify(w)) break;
    w = again;
  }
  for (const m of modifiers) await page.keyboard.down(m);
  if (modifiers.length) await nextFrames(page, 2);
  // As a hand does: onto the widget first, then press and release. A press in the very
  // frame the mouse arrives is lost on ImGui tabs (an item that overlaps others counts
  // as hovered only once it was hovered the frame before).
  await page.mouse.move(w.x + w.w / 2, w.y + w.h / 2);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 1);
  await page.mouse.up();
  await nextFrames(page, 2);
  for (const m of modifiers) await page.keyboard.up(m);
}

// Waits for the run numbered `run` (or any later) to finish.
export async function waitForRun(page, run, timeout = 60000) {
  await page.waitForFunction((n) => window.coflags.lastRun && window.coflags.lastRun.run >= n &&
    window.coflags.lastRun.phase === 'finished', run, { timeout });
  return lastRun(page);
}

export async function waitUntil(predicate, { timeout = 10000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting for ' + predicate.toString());
    await new Promise((r) => setTimeout(r, interval));
  }
}

// An X display of its own for one browser, from Xvfb, stopped by PID. Firefox on
// Linux finds a GL driver only through a display: headless it has no WebGL
// ("Exhausted GL driver options"); on Xvfb, Mesa's llvmpipe gives it WebGL 2.
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '3840x2160x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb gave no display within 10 s: ' + stderr)), 10000);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start Xvfb (scripts/setup.sh installs xvfb): ${e.message}`)); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited with ${code}: ${stderr}`)); });
    child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) { clearTimeout(timer); resolve(':' + out.trim()); }
    });
  });
  child.removeAllListeners('exit');
  const kill = () => { try { process.kill(child.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.once('exit', kill);
  return {
    display,
    stop() {
      process.removeListener('exit', kill);
      kill();
    },
  };
}

// Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi, with a
// fresh profile (its own IndexedDB) that trusts nothing extra, on an Xvfb
// display of its own so that it has WebGL 2 from Mesa. `webgl: false` turns
// WebGL off (the page's no-WebGL message). `trustLocalCa`: the local CA in the
// profile's NSS database, as a user who imported it in Firefox's settings.
export async function launchFirefox({ width = 1280, height = 800, webgl = true, trustLocalCa = false } = {}) {
  const { default: puppeteer } = await import(path.join(projectDir, 'node_modules/puppeteer-core/lib/esm/puppeteer/puppeteer-core.js'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-firefox-'));
  if (trustLocalCa) {
    const db = 'sql:' + profile;
    execFileSync('certutil', ['-N', '-d', db, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', db, '-t', 'C,,', '-n', 'coflags local CA', '-i', tlsCert().ca]);
  }
  const prefs = webgl
    ? { 'webgl.force-enabled': true, 'webgl.enable-webgl2': true, 'gfx.webrender.software': true,
      'layers.acceleration.force-enabled': true }
    : { 'webgl.disabled': true };
  const xvfb = await startXvfb();
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.COFLAGS_FIREFOX || '/usr/bin/firefox-esr',
      headless: false,
      userDataDir: profile,
      extraPrefsFirefox: prefs,
      defaultViewport: { width, height },
      env: { ...process.env, DISPLAY: xvfb.display, LIBGL_ALWAYS_SOFTWARE: '1' },
    });
  } catch (e) {
    xvfb.stop();
    throw e;
  }
  return {
    browser,
    async newPage() {
      const pages = await browser.pages();
      return pages[0] || browser.newPage();
    },
    async close() {
      await browser.close();
      xvfb.stop();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
