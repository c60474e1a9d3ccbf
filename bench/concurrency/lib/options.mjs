// Command-line options of the suite (run.sh passes the server URLs).
import { parseArgs } from 'node:util';
import { SWEEP_IDS } from './workloads.mjs';

const USAGE = `usage: bench/concurrency/run.sh [options]
  --runs N             runs per workload and target (default 3)
  --workloads LIST     W1,W2,W4,W7 (default), and SWEEP (or some of S1,S2,S5,S10,S20,S50,S100,S200):
                       the page's Sweep, all codes at each concurrency, each step against
                       its limit ceil(codes / m) x delay (S1 alone takes codes x delay)
  --targets LIST       app,js,cli,node-h2,py-asyncio,curl,aria2c (default; node-h2: a bare
                       node:http2 client, the CLI's floor; py-asyncio, curl, aria2c: the CLI's
                       peers as whole processes), and js-h1: the plain-JS page over HTTP/1.1
                       (Chromium's 6 connections: slow, so not in the default)
  --case-budget S      stop repeating a workload x target once its runs took S seconds
                       (default 40; 0: always --runs). Slow cases still run once.
  --timeout S          per run (default 240); also the per-request timeout given to each client
  --base-url URL       flags base for every client (default: the DELAY listener's /flags)
  --origins LIST       comma-separated flags bases: the baseline spreads requests over them,
                       the app gets them as ?origins=, the CLI uses the first
  --page-query Q       extra query for the app page (e.g. "transport=h2"), added as is
  --cli-url URL        flags base for the CLI only (default: the CLI's base as above); an https://
                       URL (e.g. DELAY-H2's /flags) makes it speak HTTP/2, trusting build/tls/cert.pem
  --js-url URL         flags base for the plain-JS page (run.sh: DELAY-H2's /flags, the app's
                       transport; without it the page uses the bases above, as js-h1 does)
  --dataset NAME       reference (the book's 194 flags, default) or bundled (read by run.sh)
  --app-web DIR        serve the app page from DIR instead of build/wasm/web (read by run.sh: a
                       copy of another build, to interleave before/after runs)
  --software-compositing  run Chromium with --disable-gpu: every frame's commit then copies
                       the canvas back on the main thread (a long task per frame)
  --delay S            the server's delay (default 1.0)
  --no-build           skip the build step
  --out FILE           JSON results (default build/artifacts/concurrency-bench.json)`;

export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      workloads: { type: 'string', default: 'W1,W2,W4,W7' },
      targets: { type: 'string', default: 'app,js,cli,node-h2,py-asyncio,curl,aria2c' },
      'case-budget': { type: 'string', default: '40' },
      timeout: { type: 'string', default: '240' },
      'base-url': { type: 'string' },
      origins: { type: 'string' },
      'page-query': { type: 'string', default: '' },
      'cli-url': { type: 'string' },
      'js-url': { type: 'string' },
      'software-compositing': { type: 'boolean', default: false },
      delay: { type: 'string', default: '1.0' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      // From run.sh:
      local: { type: 'string' },
      'delay-url': { type: 'string' },
      'error-url': { type: 'string' },
      'baseline-page': { type: 'string' },
      'flags-dir': { type: 'string' },
    },
  });
  if (values.help) { console.log(USAGE); process.exit(0); }
  const fail = (m) => { console.error(`bench/concurrency: ${m}\n${USAGE}`); process.exit(2); };
  for (const k of ['local', 'delay-url', 'baseline-page', 'flags-dir'])
    if (!values[k]) fail(`--${k} missing (start the suite with bench/concurrency/run.sh)`);
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const targets = list(values.targets);
  for (const t of targets) if (!['app', 'js', 'js-h1', 'cli', 'node-h2', 'py-asyncio', 'curl', 'aria2c'].includes(t)) fail(`unknown target ${t}`);
  const runs = Number(values.runs);
  if (!(runs >= 1)) fail('--runs must be at least 1');
  const defaultBase = `${values['delay-url']}/flags`;
  const origins = values.origins ? list(values.origins).map((u) => u.replace(/\/$/, '')) : null;
  const baseUrl = (values['base-url'] || (origins ? origins[0] : defaultBase)).replace(/\/$/, '');
  return {
    runs,
    workloads: list(values.workloads).map((w) => w.toUpperCase()).flatMap((w) => (w === 'SWEEP' ? SWEEP_IDS : [w])),
    targets,
    caseBudgetS: Number(values['case-budget']),
    timeoutS: Number(values.timeout),
    baseUrl,
    origins: origins || [baseUrl],
    customBase: Boolean(values['base-url'] || origins),
    pageQuery: values['page-query'],
    cliUrl: values['cli-url'] ? values['cli-url'].replace(/\/$/, '') : null,
    jsUrl: values['js-url'] ? values['js-url'].replace(/\/$/, '') : null,
    softwareCompositing: values['software-compositing'],
    delayS: Number(values.delay),
    out: values.out,
    localUrl: values.local,
    delayUrl: values['delay-url'],
    baselinePage: values['baseline-page'],
    flagsDir: values['flags-dir'],
  };
}
