// One run of the plain-JavaScript baseline page (baseline/index.html).
import { withFreshPage, longTaskFigures } from './browser.mjs';

export function baselineUrl(opts, w) {
  const q = new URLSearchParams({ base: opts.origins.join(','), cc: w.cc, m: String(w.m),
    meta: w.meta ? '1' : '0', timeout: String(opts.timeoutS) });
  return `${opts.baselinePage}?${q.toString()}`;
}

export async function runBaseline(opts, w) {
  const timeoutMs = opts.timeoutS * 1000;
  const r = await withFreshPage(baselineUrl(opts, w), async (page) => {
    await page.waitForFunction(() => window.baseline && window.baseline.phase === 'finished',
      null, { timeout: timeoutMs, polling: 50 });
    return { result: await page.evaluate(() => window.baseline) };
  }, { timeoutMs });
  const b = r.result;
  if (b.fatal) throw new Error(`the baseline page failed: ${b.fatal}`);
  return {
    wall_s: b.wall_ms / 1000,
    total: b.total, ok: b.ok, not_found: b.not_found, error: b.error, cancelled: 0, save_failed: b.save_failed,
    client_peak_in_flight: b.peak_in_flight,
    transport_said: null,
    protocols: r.protocols,
    ...longTaskFigures(r.longTasksAll, b.started_at, b.finished_at),
    page_errors: [...r.pageErrors, ...b.errors],
  };
}
