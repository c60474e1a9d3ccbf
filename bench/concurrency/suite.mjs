// The concurrency benchmark suite of issue 6 (prints figures; not a timed test).
// Started by bench/concurrency/run.sh, which builds, starts the flag server and
// passes its URLs. For each workload x target: --runs runs (fewer when a case
// exceeds --case-budget), each with /_stats reset before and read after; then
// a table of medians, the targets as met/missed lines, and JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOptions } from './lib/options.mjs';
import { serverCodes, workloads, limitSeconds, expectedPeak } from './lib/workloads.mjs';
import { resetStats, readStats, peakFor } from './lib/server_stats.mjs';
import { runApp, appUrl } from './lib/app_target.mjs';
import { runBaseline, runBaselineH1, baselineUrl } from './lib/js_target.mjs';
import { runCli, cliArgs } from './lib/cli_target.mjs';
import { runH2Floor } from './lib/h2_floor_target.mjs';
import { PEER_RUNNERS, PEER_DESCRIPTIONS } from './lib/peer_targets.mjs';
import { summarize, addBaselineRatios, printTable, targetLines, TARGET_NAMES } from './lib/report.mjs';
import { sweepLines } from './lib/sweep_report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const opts = readOptions(process.argv.slice(2));
const codes = serverCodes(opts.flagsDir);
const all = workloads(codes);
for (const id of opts.workloads) if (!all[id]) { console.error(`bench/concurrency: unknown workload ${id} (W1, W2, W4, W7, SWEEP or S1..S200)`); process.exit(2); }

const RUNNERS = { app: runApp, js: runBaseline, 'js-h1': runBaselineH1, cli: runCli, 'node-h2': runH2Floor, ...PEER_RUNNERS };
const DESCRIBE = {
  app: (w) => appUrl(opts, w),
  js: (w) => baselineUrl(opts, w),
  'js-h1': (w) => baselineUrl(opts, w, true),
  cli: (w) => `node build/wasm/src/cli/coflags.js ${cliArgs(opts, w).join(' ')} --dest <tmp>`,
  'node-h2': (w) => `node:http2, one session to ${opts.cliUrl || opts.baseUrl}, ${w.requests} requests, ${w.m} at once`,
  ...Object.fromEntries(Object.entries(PEER_DESCRIPTIONS).map(([k, f]) => [k, (w) => f(opts, w)])),
};

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`coflags concurrency benchmark: delay ${opts.delayS} s, ${codes} server codes, base ${opts.baseUrl}`);
console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${load()}; up to ${opts.runs} run(s) per case, ` +
  `case budget ${opts.caseBudgetS || 'none'} s, timeout ${opts.timeoutS} s per run; Chromium: ` +
  (opts.softwareCompositing ? 'SwiftShader WebGL, software compositing (--disable-gpu)' : 'SwiftShader WebGL and compositing (GPU process)'));

const cases = [];
const suiteStart = Date.now();
for (const id of opts.workloads) {
  const w = all[id];
  for (const target of opts.targets) {
    const c = { workload: w, target, limit_s: limitSeconds(w, opts.delayS), expected_peak: expectedPeak(w),
      command: DESCRIBE[target](w), runs: [] };
    cases.push(c);
    const caseStart = Date.now();
    for (let i = 0; i < opts.runs; i++) {
      if (i > 0 && opts.caseBudgetS > 0 && (Date.now() - caseStart) / 1000 >= opts.caseBudgetS) {
        console.log(`  ${id} ${TARGET_NAMES[target]}: not repeated (the case took over ${opts.caseBudgetS} s; --case-budget 0 always repeats)`);
        break;
      }
      let r;
      try {
        await resetStats(opts.localUrl);
        r = await RUNNERS[target](opts, w);
        if (r === null) break;  // the target has no form of this workload (e.g. curl with metadata)
        const stats = await readStats(opts.localUrl);
        // The app names the listener its run used (e.g. DELAY-H2); the others say which bases they
        // downloaded from, and their listeners are found by port.
        const used = r.stats_listener && stats.listeners?.[r.stats_listener];
        const { peak, where } = used ? { peak: used.peak_in_flight, where: r.stats_listener }
          : peakFor(stats, r.stats_bases ?? opts.origins);
        Object.assign(r, { server_peak: peak, server_peak_where: where, server_requests: stats.requests, server_by_status: stats.by_status });
      } catch (e) {
        r = { failed: true, error_message: String(e.message || e).slice(0, 2000) };
      }
      c.runs.push(r);
      console.log(r.failed
        ? `  ${id} ${TARGET_NAMES[target]} run ${i + 1}: FAILED: ${r.error_message.split('\n')[0]}`
        : `  ${id} ${TARGET_NAMES[target]} run ${i + 1}: ${r.wall_s.toFixed(2)} s, ok ${r.ok} / 404 ${r.not_found} / err ${r.error}, ` +
          `server peak ${r.server_peak}` + (r.long_tasks === null ? '' : `, ${r.long_tasks} long tasks (${r.long_tasks_over_50ms} > 50 ms)`));
    }
  }
}

const summaries = cases.map(summarize);
addBaselineRatios(summaries);
console.log(`\nmedians (load average ${load()}; wall: app = its lastRun.elapsed_ms, plain JS = the page's own clock, ` +
  'both including the country_codes.txt request for "all"; CLI = its "Elapsed time", after the code list):');
printTable(summaries);
console.log('\nlimit = ceil(requests / concurrency) x delay; srv peak = peak in flight the server saw; want = min(concurrency, requests); ' +
  'LT = long tasks during the run (from its start to its end as the benchmark saw it); ' +
  "app>50 = the app's frames whose own work took over 50 ms (window.coflags.frameWork); the rest of a long frame is rendering");
console.log('\ntargets (issues 6 and 15: page over HTTP/2 or sharding, CLI against its floor and its peers):');
for (const l of targetLines(summaries)) console.log('  ' + l);

const sweep = sweepLines(summaries);
if (sweep.length) {
  console.log('\nsweep (issue 12: the page\'s Sweep; x limit = wall / (ceil(codes / m) x delay), 1.00 is the physical limit):');
  for (const l of sweep) console.log('  ' + l);
}

const out = opts.out || path.join(ROOT, 'build/artifacts/concurrency-bench.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({
  date: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadavg_end: os.loadavg(),
  suite_s: (Date.now() - suiteStart) / 1000,
  options: { ...opts }, server_codes: codes,
  cases: cases.map((c) => ({ workload: c.workload, target: c.target, limit_s: c.limit_s, expected_peak: c.expected_peak, command: c.command, runs: c.runs })),
  medians: summaries,
  targets: targetLines(summaries),
  sweep,
}, null, 2));
console.log(`\nwrote ${path.relative(process.cwd(), out) || out} (suite took ${((Date.now() - suiteStart) / 1000).toFixed(0)} s)`);
