// The page's own Sweep as a benchmark (issue 12): opens the app in headless
// Chromium, presses Sweep in the History tab (a real click) over the DELAY
// listener at the app's default list (1,2,5,10,20,50,100,200, stopping at the
// number of codes), and prints, per concurrency, the elapsed time the page
// kept in its history beside the physical limit ceil(requests / c) x delay
// and their ratio (1.00 is the limit), with the most in flight the server
// reported while the page polled it (5 Hz: a lower bound on its peak) and
// the page's long tasks. Prints figures, never pass/fail.
//   node bench/concurrency/sweep.mjs [--delay 0.1] [--transport h2|sharded|h1] [--cc all]
//                                    [--screenshot FILE] [--width 1280 --height 800]
// --screenshot saves the History pane after the sweep (docs/images/history-chart.png is
// `--delay 0.1 --height 1300 --screenshot docs/images/history-chart.png`).
// h2 (the default) goes to DELAY-H2 with the local CA trusted in the
// browser's NSS database, as a user who ran mkcert -install would have it;
// sharded spreads HTTP/1.1 over s0..sN.localhost. The server is started on
// free ports and stopped by PID. Everything also goes to
// build/artifacts/concurrency-sweep.json.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, launchBrowser, openApp, clickWidget, waitUntil, artifactsDir } from '../../tests/browser/harness.mjs';

const { values: opts } = parseArgs({
  options: {
    delay: { type: 'string', default: '1.0' },
    transport: { type: 'string', default: 'h2' },
    cc: { type: 'string', default: 'all' },
    screenshot: { type: 'string' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    out: { type: 'string', default: path.join(artifactsDir(), 'concurrency-sweep.json') },
  },
});
const delay = Number(opts.delay);
const tls = opts.transport === 'h2';
const fixed = (x, d = 2) => x.toFixed(d);

// The app's default sweep (src/app/history/sweep.hpp), cut at the number of codes as the page cuts it.
const DEFAULT_SWEEP = [1, 2, 5, 10, 20, 50, 100, 200];
function expectedSteps(codes) {
  return [...new Set(DEFAULT_SWEEP.map((c) => Math.min(c, codes)))];
}

const server = await startServer({ delay, errorRate: 0, tls });
const browser = await launchBrowser({ width: Number(opts.width), height: Number(opts.height), trustLocalCa: tls });
try {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await openApp(page, server.pageUrl(`server=DELAY&cc=${encodeURIComponent(opts.cc)}&transport=${opts.transport}`));
  await waitUntil(() => page.evaluate(() => window.coflags.history && window.coflags.history.loaded), { timeout: 30000 });
  await clickWidget(page, 'history_tab');
  const startedAt = Date.now();
  await clickWidget(page, 'sweep_start');
  // The first step tells the number of codes, and so the steps to wait for.
  const first = await waitUntil(async () => (await page.evaluate(() => window.coflags.history.runs))[0], {
    timeout: 3600e3, interval: 200 });
  const steps = expectedSteps(first.codes);
  const runs = await waitUntil(async () => {
    const r = await page.evaluate(() => window.coflags.history.runs);
    return r.length >= steps.length ? r : null;
  }, { timeout: 3600e3, interval: 200 });
  const sweepS = (Date.now() - startedAt) / 1000;
  if (opts.screenshot) {
    // The History pane only (tabs, sweep row, chart, table): from its tab to the window's corner.
    await page.waitForTimeout(500);
    const tab = await page.evaluate(() => window.coflags.widgets.log_tab);  // the pane's first tab
    const x = Math.max(0, Math.floor(tab.x - 12)), y = Math.max(0, Math.floor(tab.y - 12));
    await page.screenshot({ path: opts.screenshot,
      clip: { x, y, width: Number(opts.width) - x, height: Number(opts.height) - y } });
  }
  const rows = runs.map((r) => {
    const limit_s = Math.ceil(r.codes / r.concurrency) * delay;
    return { concurrency: r.concurrency, codes: r.codes, ok: r.ok, cancelled: r.cancelled, elapsed_s: r.elapsed_s,
      limit_s, ratio: r.elapsed_s / limit_s, server_in_flight_polled: r.peak_in_flight, long_tasks: r.long_tasks };
  });
  const transport = await page.evaluate(() => window.coflags.lastRun && window.coflags.lastRun.transport);
  console.log(`Sweep on DELAY (--delay ${delay} s), ${first.codes} codes, transport ${transport}, ` +
    `the page's Sweep button; ${fixed(sweepS, 1)} s in all`);
  console.log('  c     elapsed    limit    ratio   ok  server (polled)  long tasks');
  for (const r of rows) {
    console.log(`  ${String(r.concurrency).padEnd(5)} ${fixed(r.elapsed_s).padStart(7)} s ${fixed(r.limit_s).padStart(6)} s ` +
      `${fixed(r.ratio).padStart(6)} x ${String(r.ok).padStart(4)} ${String(r.server_in_flight_polled).padStart(16)} ` +
      `${String(r.long_tasks).padStart(11)}`);
  }
  const lo = rows[0], hi = rows[rows.length - 1];
  console.log(`  c=${lo.concurrency} took ${fixed(lo.elapsed_s / hi.elapsed_s, 1)} x as long as c=${hi.concurrency} ` +
    `(the limits: ${fixed(lo.limit_s / hi.limit_s, 1)} x)`);
  fs.writeFileSync(opts.out, JSON.stringify({ delay_s: delay, transport, sweep_s: sweepS, rows,
    long_tasks: await page.evaluate(() => window.__longTasks) }, null, 1));
} finally {
  await browser.close();
  await server.stop();
}
