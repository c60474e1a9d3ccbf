// One run of the app itself in headless Chromium: autostart from the URL,
// wait for lastRun, take the app's own wall time and the long tasks during
// the run (from its start, lastRun.started_at_ms + requests[].start_ms being page time, to
// the moment the benchmark saw it finished).
import { withFreshPage, longTaskFigures } from './browser.mjs';

export function appUrl(opts, w) {
  const q = new URLSearchParams();
  q.set('server', opts.customBase ? opts.baseUrl : 'DELAY');
  q.set('cc', w.cc);
  q.set('m', String(w.m));
  q.set('meta', w.meta ? '1' : '0');
  q.set('timeout', String(opts.timeoutS));
  q.set('autostart', '1');
  q.set('delay_port', new URL(opts.delayUrl).port);
  if (opts.origins.length > 1) q.set('origins', opts.origins.join(','));
  const extra = opts.pageQuery ? `&${opts.pageQuery.replace(/^[?&]/, '')}` : '';
  return `${opts.localUrl}/?${q.toString()}${extra}`;
}

// In the page: restart the app's own per-frame work statistics
// (window.coflags.frameWork) when the run starts, to tell what the app costs
// per frame from what headless software WebGL costs.
function resetFrameStatsAtRunStart() {
  const tick = () => {
    const c = window.coflags;
    if (c && c.state && c.state.phase && c.state.phase !== 'idle') { c.resetFrameStats = true; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export async function runApp(opts, w) {
  const timeoutMs = opts.timeoutS * 1000;
  const r = await withFreshPage(appUrl(opts, w), async (page) => {
    await page.waitForFunction(() => window.coflags && (window.coflags.fatal ||
      (window.coflags.lastRun && window.coflags.lastRun.run >= 1 && window.coflags.lastRun.phase === 'finished')),
    null, { timeout: timeoutMs, polling: 50 });
    const end = await page.evaluate(() => performance.now());
    const { fatal, lastRun, firstStart, state } = await page.evaluate(() => {
      const c = window.coflags;
      const { requests, ...run } = c.lastRun || {};
      // start_ms (from the run's start, page time started_at_ms) is null for a request cancelled while queued.
      const firstStart = (run.started_at_ms ?? 0) +
        Math.min(...(requests || []).map((r) => r.start_ms).filter((t) => t !== null));
      return { fatal: c.fatal, lastRun: run, firstStart, state: c.state };
    });
    if (fatal) throw new Error(`the app failed: ${fatal}`);
    // The run started at the first request, or earlier for `all` (the code list first).
    const start = Math.min(firstStart, end - (lastRun.elapsed_ms ?? 0));
    await page.waitForTimeout(150);  // the app publishes frameWork every 100 ms
    const frameWork = await page.evaluate(() => window.coflags.frameWork);
    return { lastRun, start, end, state, frameWork };
  }, { timeoutMs, initScript: resetFrameStatsAtRunStart, softwareCompositing: opts.softwareCompositing });
  const run = r.lastRun;
  if (run.input_error) throw new Error(`the app refused the run: ${run.input_error}`);
  return {
    wall_s: run.elapsed_ms / 1000,
    total: run.total, ok: run.ok, not_found: run.not_found, error: run.error,
    cancelled: run.cancelled, save_failed: run.save_failed,
    client_peak_in_flight: run.peak_in_flight,
    transport_said: run.transport ?? null,
    stats_listener: run.stats_listener ?? null,
    protocols: r.protocols,
    ...longTaskFigures(r.longTasksAll, r.start, r.end),
    app_frame_work: r.frameWork,
    app_frames_over_50ms: r.frameWork ? r.frameWork.over_50ms : null,
    page_errors: r.pageErrors,
  };
}
