// One run of the plain-JavaScript baseline page (baseline/index.html).
import { withFreshPage, longTaskFigures } from './browser.mjs';

// `js` downloads the way the app does: from --js-url (run.sh: the DELAY-H2
// listener), and above 256 at once (Chromium's streams per HTTP/2 connection)
// spread over s0.localhost, s1.localhost... of it, one connection each.
// `js-h1` uses the base(s) every client uses (DELAY over HTTP/1.1).
function basesOf(opts, h1, w) {
  if (h1 || !opts.jsUrl) return opts.origins;
  const url = new URL(opts.jsUrl);
  const shards = Math.ceil(w.m / 256);
  if (shards <= 1 || url.hostname !== 'localhost') return [opts.jsUrl];
  return [...Array(shards).keys()].map((i) => {
    const shard = new URL(opts.jsUrl);
    shard.hostname = `s${i}.localhost`;
    return shard.href.replace(/\/$/, '');
  });
}

export function baselineUrl(opts, w, h1 = false) {
  const q = new URLSearchParams({ base: basesOf(opts, h1, w).join(','), cc: w.cc, m: String(w.m),
    meta: w.meta ? '1' : '0', timeout: String(opts.timeoutS) });
  return `${opts.baselinePage}?${q.toString()}`;
}

export async function runBaseline(opts, w, h1 = false) {
  const timeoutMs = opts.timeoutS * 1000;
  const r = await withFreshPage(baselineUrl(opts, w, h1), async (page) => {
    await page.waitForFunction(() => window.baseline && window.baseline.phase === 'finished',
      null, { timeout: timeoutMs, polling: 50 });
    return { result: await page.evaluate(() => window.baseline) };
  }, { timeoutMs, softwareCompositing: opts.softwareCompositing });
  const b = r.result;
  if (b.fatal) throw new Error(`the baseline page failed: ${b.fatal}`);
  return {
    wall_s: b.wall_ms / 1000,
    total: b.total, ok: b.ok, not_found: b.not_found, error: b.error, cancelled: 0, save_failed: b.save_failed,
    client_peak_in_flight: b.peak_in_flight,
    transport_said: null,
    stats_bases: basesOf(opts, h1, w),
    protocols: r.protocols,
    ...longTaskFigures(r.longTasksAll, b.started_at, b.finished_at),
    page_errors: [...r.pageErrors, ...b.errors],
  };
}

export const runBaselineH1 = (opts, w) => runBaseline(opts, w, true);
