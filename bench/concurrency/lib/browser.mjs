// Headless Debian Chromium with a fresh profile per run (IndexedDB starts
// empty), long tasks recorded from before the page's own scripts, and the
// protocol of every response (CDP), to report the transport actually used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { homeTrustingLocalCa } from '../../../tests/browser/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// WebGL and compositing both run in the GPU process on SwiftShader, as they
// would on a GPU: the canvas reaches the screen as a texture. With
// --disable-gpu (--software-compositing) each frame's commit instead copies
// the 1280x800 canvas back on the page's main thread: a trace showed ~46 ms
// Commit tasks, one long task per frame, which a browser with a GPU has not.
export function chromiumArgs({ softwareCompositing = false } = {}) {
  return [
    '--headless', '--no-sandbox', ...(softwareCompositing ? ['--disable-gpu'] : []),
    '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
  ];
}

let playwright;
async function chromium() {
  playwright ??= await import(path.join(ROOT, 'node_modules/playwright-core/index.mjs'));
  return playwright.chromium;
}

// Runs in the page before its scripts.
function instrument() {
  const probe = (window.__bench = { longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

// Opens `url` in a fresh browser (with an optional extra init script), calls `until(page)` (which waits for the
// page's result and returns it), and closes everything, whatever happens.
export async function withFreshPage(url, until, { timeoutMs, initScript = null, softwareCompositing = false }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coflags-bench-chromium-'));
  // The user trusted the local CA (docs/APP.md), as HTTP/2 needs.
  const home = homeTrustingLocalCa();
  const context = await (await chromium()).launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs({ softwareCompositing }),
    viewport: { width: 1280, height: 800 },
    env: { ...process.env, HOME: home },
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(timeoutMs);
    await page.addInitScript(instrument);
    if (initScript) await page.addInitScript(initScript);
    const protocols = {};
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.responseReceived', ({ response }) => {
      if (!/\/flags\//.test(response.url)) return;
      const p = response.protocol || 'unknown';
      protocols[p] = (protocols[p] || 0) + 1;
    });
    await cdp.send('Network.enable');
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    const result = await until(page);
    const longTasks = await page.evaluate(() => window.__bench.longTasks);
    return { ...result, longTasksAll: longTasks, protocols, pageErrors: errors };
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

// Long tasks that overlap [from, to] (page milliseconds).
export function longTaskFigures(tasks, from, to) {
  const during = tasks.filter((t) => t.start + t.duration >= from && t.start <= to);
  return {
    long_tasks: during.length,
    long_task_total_ms: during.reduce((s, t) => s + t.duration, 0),
    long_task_worst_ms: during.reduce((m, t) => Math.max(m, t.duration), 0),
    long_tasks_over_50ms: during.filter((t) => t.duration > 50).length,
  };
}
