// Medians per workload x target, the table, and the targets as
// met/missed lines (figures, not a pass/fail verdict).
export const TARGET_NAMES = { app: 'app (page)', js: 'plain JS', 'js-h1': 'plain JS h1', cli: 'CLI (node)',
  'node-h2': 'node:http2', 'py-asyncio': 'py asyncio', curl: 'curl (max 300)', aria2c: 'aria2c (16/server)' };
const CLI_PEERS = ['py-asyncio', 'curl', 'aria2c'];
const CLI_FLOOR_WORKLOADS = ['W2', 'W4'];  // issue 15: the CLI's Elapsed within 1.05x of node:http2
const CLI_PEER_WORKLOADS = ['W1', 'W2', 'W4'];  // issue 15: the CLI's process time ahead of each peer
const PAGE_TARGETS_S = { W1: 1.15, W2: 1.5, W4: 2.0 };

export function median(xs) {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const fixed = (x, d = 2) => (x === null || x === undefined ? '-' : x.toFixed(d));

// One summary per case from its runs.
export function summarize(c) {
  const ok = c.runs.filter((r) => !r.failed);
  const pick = (k) => median(ok.map((r) => r[k]));
  const protocols = {};
  for (const r of ok) for (const [p, n] of Object.entries(r.protocols || {})) protocols[p] = (protocols[p] || 0) + n;
  return {
    workload: c.workload.id, target: c.target, runs: ok.length, failed: c.runs.length - ok.length,
    wall_s: pick('wall_s'), process_s: pick('process_s'), limit_s: c.limit_s,
    ratio_limit: pick('wall_s') === null ? null : pick('wall_s') / c.limit_s,
    server_peak: pick('server_peak'), expected_peak: c.expected_peak, client_peak: pick('client_peak_in_flight'),
    long_tasks: pick('long_tasks'), long_tasks_over_50ms: pick('long_tasks_over_50ms'), app_frames_over_50ms: pick('app_frames_over_50ms'),
    long_task_total_ms: pick('long_task_total_ms'), long_task_worst_ms: pick('long_task_worst_ms'),
    ok: pick('ok'), not_found: pick('not_found'), error: pick('error'),
    transport: ok.map((r) => r.transport_said).find(Boolean) ?? (Object.keys(protocols).join('+') || null),
    protocols,
  };
}

export function addBaselineRatios(summaries) {
  for (const s of summaries) {
    const js = summaries.find((x) => x.workload === s.workload && x.target === 'js');
    s.ratio_js = js && js.wall_s && s.wall_s !== null ? s.wall_s / js.wall_s : null;
  }
}

export function printTable(summaries, log = console.log) {
  const head = ['work', 'target', 'n', 'wall s', 'proc s', 'limit s', 'x limit', 'x JS', 'srv peak', 'want', 'LT n', 'LT>50', 'LT tot ms', 'LT max ms', 'app>50', 'ok/404/err', 'transport'];
  const rows = summaries.map((s) => [
    s.workload, TARGET_NAMES[s.target], String(s.runs) + (s.failed ? `(+${s.failed} failed)` : ''),
    fixed(s.wall_s), fixed(s.process_s), fixed(s.limit_s), fixed(s.ratio_limit), fixed(s.ratio_js),
    s.server_peak === null ? '-' : String(s.server_peak), String(s.expected_peak),
    fixed(s.long_tasks, 0), fixed(s.long_tasks_over_50ms, 0), fixed(s.long_task_total_ms, 0), fixed(s.long_task_worst_ms, 0), fixed(s.app_frames_over_50ms, 0),
    s.ok === null ? '-' : `${s.ok}/${s.not_found}/${s.error}`, s.transport || '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((x, i) => (i < 2 || i === r.length - 1 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  log(line(head));
  for (const r of rows) log(line(r));
}

// The targets, one line each.
export function targetLines(summaries) {
  const lines = [];
  const mark = (met) => (met === null ? 'no figure' : met ? 'met   ' : 'missed');
  for (const s of summaries) {
    const tag = `${s.workload} ${TARGET_NAMES[s.target]}`;
    if (s.target === 'app') {
      const want = PAGE_TARGETS_S[s.workload];
      if (want !== undefined)
        lines.push(`${mark(s.wall_s === null ? null : s.wall_s <= want)}  ${tag}: wall ${fixed(s.wall_s)} s, target <= ${want} s`);
      const peakMet = s.server_peak === null ? null : Math.abs(s.server_peak - s.expected_peak) <= 0.05 * s.expected_peak;
      lines.push(`${mark(peakMet)}  ${tag}: server peak in flight ${s.server_peak ?? '-'}, target within 5% of ${s.expected_peak}`);
      lines.push(`${mark(s.long_tasks_over_50ms === null ? null : s.long_tasks_over_50ms === 0)}  ${tag}: ` +
        `${fixed(s.long_tasks_over_50ms, 0)} long tasks over 50 ms, target 0`);
    } else if (s.target === 'cli') {
      lines.push(`${mark(s.ratio_limit === null ? null : s.ratio_limit <= 1.10)}  ${tag}: ` +
        `${fixed(s.ratio_limit, 3)} x the limit, target <= 1.10`);
      const floor = summaries.find((x) => x.workload === s.workload && x.target === 'node-h2');
      if (floor && CLI_FLOOR_WORKLOADS.includes(s.workload)) {
        const r = s.wall_s !== null && floor.wall_s ? s.wall_s / floor.wall_s : null;
        lines.push(`${mark(r === null ? null : r <= 1.05)}  ${tag}: Elapsed ${fixed(s.wall_s)} s = ${fixed(r, 3)} x ` +
          `node:http2's ${fixed(floor.wall_s)} s, target <= 1.05`);
      }
      if (CLI_PEER_WORKLOADS.includes(s.workload)) {
        for (const peer of CLI_PEERS) {
          const p = summaries.find((x) => x.workload === s.workload && x.target === peer);
          if (!p || p.process_s === null) continue;
          const r = s.process_s !== null ? s.process_s / p.process_s : null;
          lines.push(`${mark(r === null ? null : r < 1)}  ${tag}: process ${fixed(s.process_s)} s = ${fixed(r, 3)} x ` +
            `${TARGET_NAMES[peer]}'s ${fixed(p.process_s)} s, target < 1`);
        }
      }
    }
  }
  return lines;
}
