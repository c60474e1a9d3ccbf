// Runs the runtime benchmark natively, in wasm under node, and the same
// scenarios in CPython asyncio and JS async/await, in this one script, and
// prints per-operation medians and the ratios the issue asks for.
//   node bench/runtime/run.mjs NATIVE_BENCH WASM_BENCH [--repeat 3] [--json out.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const repeat = Number(option('--repeat', 3));
const jsonOut = option('--json', null);
const [nativeBench, wasmBench] = args;
if (!nativeBench || !wasmBench) {
  console.error('usage: run.mjs NATIVE_BENCH WASM_BENCH [--repeat N] [--json FILE]');
  process.exit(2);
}

// CPython is ~100x slower: it runs fewer operations; figures are per operation.
const sizes = {
  'spawn-await': { fast: 1_000_000, python: 100_000 },
  // Informative, no target: CPython runs `await coro()` as a plain call, while
  // here the child starts and returns through the loop (the no-tail-call rule).
  await: { fast: 1_000_000, python: 1_000_000 },
  semaphore: { fast: 1_000_000, python: 100_000 },
  memory: { fast: 100_000, python: 100_000 },
};
const impls = {
  native: (s, n) => [nativeBench, [s, String(n)]],
  wasm: (s, n) => ['node', [wasmBench, s, String(n)]],
  'CPython asyncio': (s, n) => ['/usr/bin/python3', [join(here, 'baseline_asyncio.py'), s, String(n)]],
  'JS async/await': (s, n) => ['node', ['--expose-gc', join(here, 'baseline_js.mjs'), s, String(n)]],
};

function measure(impl, scenario) {
  const n = impl === 'CPython asyncio' ? sizes[scenario].python : sizes[scenario].fast;
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const [cmd, argv] = impls[impl](scenario, n);
    const out = execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 20 });
    const result = JSON.parse(out.trim().split('\n').pop());
    runs.push(scenario === 'memory' ? result.value : (result.seconds / n) * 1e9);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

const results = {};
for (const scenario of Object.keys(sizes)) {
  results[scenario] = {};
  for (const impl of Object.keys(impls)) results[scenario][impl] = measure(impl, scenario);
}

const pad = (s, n) => String(s).padEnd(n);
const num = (x, digits = 1) => x.toFixed(digits).padStart(10);
for (const [scenario, byImpl] of Object.entries(results)) {
  const unit = scenario === 'memory' ? 'bytes/task' : 'ns/op';
  console.log(`\n${scenario} (${unit}, median of ${repeat})`);
  console.log(`${pad('', 18)}${'value'.padStart(10)}  ${'vs CPython'.padStart(11)}  ${'vs JS'.padStart(8)}`);
  for (const [impl, v] of Object.entries(byImpl)) {
    const py = byImpl['CPython asyncio'];
    const js = byImpl['JS async/await'];
    // Higher is better for both: how many times cheaper than the baseline.
    console.log(`${pad(impl, 18)}${num(v)}  ${num(py / v, 2).padStart(10)}x  ${num(js / v, 2).padStart(7)}x`);
  }
}
const w = results;
const verdicts = [
  [`wasm spawn-await >= 20x CPython`, w['spawn-await']['CPython asyncio'] / w['spawn-await'].wasm >= 20],
  [`wasm spawn-await >= JS async/await`, w['spawn-await']['JS async/await'] / w['spawn-await'].wasm >= 1],
  [`wasm semaphore >= 20x CPython`, w.semaphore['CPython asyncio'] / w.semaphore.wasm >= 20],
  [`wasm semaphore >= JS async/await`, w.semaphore['JS async/await'] / w.semaphore.wasm >= 1],
  [`native < 256 bytes per suspended task`, w.memory.native < 256],
  [`wasm < 256 bytes per suspended task`, w.memory.wasm < 256],
];
console.log('\ntargets');
for (const [what, ok] of verdicts) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${what}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ repeat, results }, null, 2));
