// The sweep's figures (issue 12): for each target that ran sweep steps, each
// step's median wall time as a ratio to its physical limit
// ceil(codes / m) x delay, and the lowest step's wall time over the highest's
// beside the same ratio of their limits (what a perfect client would show).
import { SWEEP_STEPS } from './workloads.mjs';
import { TARGET_NAMES } from './report.mjs';

const fixed = (x, d = 2) => (x === null || x === undefined ? '-' : x.toFixed(d));

export function sweepLines(summaries) {
  const lines = [];
  const targets = [...new Set(summaries.filter((s) => s.workload.startsWith('S')).map((s) => s.target))];
  for (const target of targets) {
    const steps = SWEEP_STEPS.map((m) => summaries.find((s) => s.target === target && s.workload === `S${m}`))
      .filter((s) => s && s.wall_s !== null);
    if (!steps.length) continue;
    lines.push(`${TARGET_NAMES[target]}: ` + steps.map((s) => `m=${s.workload.slice(1)} ${fixed(s.wall_s)} s = ${fixed(s.ratio_limit)} x`).join(', '));
    if (steps.length > 1) {
      const lo = steps[0], hi = steps[steps.length - 1];
      lines.push(`${TARGET_NAMES[target]}: m=${lo.workload.slice(1)} took ${fixed(lo.wall_s / hi.wall_s, 1)} x as long as ` +
        `m=${hi.workload.slice(1)} (the limits: ${fixed(lo.limit_s / hi.limit_s, 1)} x)`);
    }
  }
  return lines;
}
