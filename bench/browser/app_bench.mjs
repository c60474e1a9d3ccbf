// Browser app benchmark (prints figures; not a timed test).
//   node bench/browser/app_bench.mjs [--runs 3] [--cc all] [--m 20]
// In headless Chromium against the native server's LOCAL listener:
//  - an all-codes run with the gallery visible: frames per second during the
//    run, the longest gap between frames, and long tasks (PerformanceObserver
//    'longtask': count, total and worst duration; target: none over 50 ms);
//  - time to first frame on a warm cache (reloads after a first visit);
//  - gzipped size of coflags.wasm and coflags.js.
// It also prints the app's own work per frame (window.coflags.frameWork), to
// tell what the app costs from what headless software WebGL costs.
// Results also go to build/artifacts/bench-browser.json.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { startServer, launchBrowser, openApp, waitForRun, artifactsDir, locateWeb } from '../../tests/browser/harness.mjs';

const { values: opts } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, cc: { type: 'string', default: 'all' }, m: { type: 'string', default: '20' } },
});
const runs = Number(opts.runs);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

// Installed before the page's own scripts: frame times and long tasks.
function instrument() {
  const probe = (window.__bench = { frames: [], longTasks: [], recording: false });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const tick = (t) => { if (probe.recording) probe.frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}

const server = await startServer({ delay: 1.0 });
const browser = await launchBrowser({ width: 1280, height: 800 });
const results = { runs: [], first_frame_warm_ms: [], sizes: {} };
try {
  const page = await browser.context.newPage();
  await page.addInitScript(instrument);

  for (let i = 0; i < runs; i++) {
    // Empty store each time, so every run downloads, saves and decodes all flags.
    await openApp(page, server.pageUrl());
    await page.evaluate(() => new Promise((resolve) => { const r = indexedDB.deleteDatabase('coflags'); r.onsuccess = r.onerror = r.onblocked = resolve; }));
    await openApp(page, server.pageUrl(`server=LOCAL&cc=${opts.cc}&m=${opts.m}`));
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      window.__bench.longTasks = []; window.__bench.frames = []; window.__bench.recording = true;
      window.coflags.resetFrameStats = true;
    });
    const startedAt = await page.evaluate(() => performance.now());
    // Start through the UI (Enter in the countries field starts a run; a click on Start does too).
    const w = await page.evaluate(() => window.coflags.widgets.start);
    await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
    const run = await waitForRun(page, 1, 120000);
    // Until every flag is decoded and on screen.
    await page.waitForFunction(() => window.coflags.state.decoding === 0);
    const probe = await page.evaluate(() => { window.__bench.recording = false; return window.__bench; });
    await page.waitForTimeout(150);  // the app publishes its frame statistics every 100 ms
    const work = await page.evaluate(() => window.coflags.frameWork);
    const frames = probe.frames;
    const span = (frames.at(-1) - frames[0]) / 1000;
    let worstGap = 0;
    for (let k = 1; k < frames.length; k++) worstGap = Math.max(worstGap, frames[k] - frames[k - 1]);
    const during = probe.longTasks.filter((t) => t.start >= startedAt);
    // The same page idle, gallery full: what this browser's rendering alone allows.
    const idleFps = await page.evaluate(() => new Promise((resolve) => {
      const t = [];
      const f = (x) => { t.push(x); if (x - t[0] < 2000) requestAnimationFrame(f); else resolve((t.length - 1) / ((x - t[0]) / 1000)); };
      requestAnimationFrame(f);
    }));
    const entry = {
      idle_fps: idleFps,
      flags: run.total, ok: run.ok, run_ms: run.elapsed_ms,
      fps: (frames.length - 1) / span, worst_frame_gap_ms: worstGap,
      long_tasks: during.length, long_task_total_ms: during.reduce((s, t) => s + t.duration, 0),
      long_task_worst_ms: during.reduce((m, t) => Math.max(m, t.duration), 0),
      app_work_p50_ms: work.p50_ms, app_work_p95_ms: work.p95_ms, app_work_max_ms: work.max_ms,
      app_frames_over_16ms: work.over_16ms, app_frames_over_50ms: work.over_50ms,
    };
    results.runs.push(entry);
    console.log(`run ${i + 1}: ${entry.ok}/${entry.flags} flags in ${entry.run_ms.toFixed(0)} ms, ` +
      `${entry.fps.toFixed(1)} fps (idle ${idleFps.toFixed(1)}; worst gap ${entry.worst_frame_gap_ms.toFixed(1)} ms), ` +
      `${entry.long_tasks} long tasks, ${entry.long_task_total_ms.toFixed(0)} ms total, worst ${entry.long_task_worst_ms.toFixed(0)} ms; ` +
      `app work per frame p50 ${work.p50_ms.toFixed(1)} / p95 ${work.p95_ms.toFixed(1)} / max ${work.max_ms.toFixed(1)} ms`);
  }

  // Time to first frame, warm: the files are in the HTTP cache from the visits above.
  for (let i = 0; i < Math.max(3, runs); i++) {
    await page.reload();
    await page.waitForFunction(() => window.coflags && window.coflags.firstFrameAt);
    results.first_frame_warm_ms.push(await page.evaluate(() => window.coflags.firstFrameAt));
  }
} finally {
  await browser.close();
  await server.stop();
}

const web = locateWeb();
for (const file of ['coflags.wasm', 'coflags.js', 'idb_worker.js', 'index.html']) {
  const bytes = fs.readFileSync(path.join(web, file));
  results.sizes[file] = { bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

const pick = (k) => median(results.runs.map((r) => r[k]));
console.log('\nmedians over %d runs (%s codes, concurrency %s, LOCAL, gallery visible):', runs, opts.cc, opts.m);
console.log(`  frames per second during the run   ${pick('fps').toFixed(1)}`);
console.log(`  frames per second idle afterwards   ${pick('idle_fps').toFixed(1)} (the rendering limit of this browser)`);
console.log(`  worst gap between frames            ${pick('worst_frame_gap_ms').toFixed(1)} ms`);
console.log(`  long tasks (> 50 ms)                ${pick('long_tasks')} (total ${pick('long_task_total_ms').toFixed(0)} ms, worst ${pick('long_task_worst_ms').toFixed(0)} ms)`);
console.log(`  app's own work per frame            p50 ${pick('app_work_p50_ms').toFixed(1)} ms, p95 ${pick('app_work_p95_ms').toFixed(1)} ms, max ${pick('app_work_max_ms').toFixed(1)} ms (${pick('app_frames_over_16ms')} frames over 16 ms, ${pick('app_frames_over_50ms')} over 50 ms)`);
console.log(`  run wall time                       ${pick('run_ms').toFixed(0)} ms`);
console.log(`  time to first frame, warm           ${median(results.first_frame_warm_ms).toFixed(0)} ms (${results.first_frame_warm_ms.map((x) => x.toFixed(0)).join(', ')})`);
for (const [file, s] of Object.entries(results.sizes))
  console.log(`  ${file.padEnd(34)} ${(s.bytes / 1024).toFixed(1)} KiB, gzip ${(s.gzip / 1024).toFixed(1)} KiB`);
const out = path.join(artifactsDir(), 'bench-browser.json');
fs.writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`\nwrote ${out}`);
