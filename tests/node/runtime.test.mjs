// The runtime under node: what the native tests cannot see because it
// depends on the backend (real timers, JS hand-off, idle exit, exit codes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const scenarios = process.env.COFLAGS_SCENARIOS;
const spinner = process.env.COFLAGS_SPINNER;
assert.ok(scenarios && spinner, 'COFLAGS_SCENARIOS and COFLAGS_SPINNER must name the built programs (run through ctest)');

function run(program, args) {
  const r = spawnSync('node', [program, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('main task exit code becomes the process exit code', () => {
  assert.equal(run(scenarios, ['exit-code', '7']).code, 7);
  assert.equal(run(scenarios, ['exit-code', '0']).code, 0);
});

test('sleep uses real timers and costs no CPU while waiting', () => {
  const r = run(scenarios, ['sleep', '1000']);
  assert.equal(r.code, 0, r.err);
  const [, ms, cpu] = r.out.match(/slept (\d+) ms, cpu ([\d.]+) s/);
  assert.ok(Number(ms) >= 999, `slept only ${ms} ms`);
  // A polling loop would burn about a second of CPU here.
  assert.ok(Number(cpu) < 0.5, `used ${cpu} s of CPU while sleeping 1 s`);
});

test('cancelling a sleeping task clears its timer', () => {
  const r = run(scenarios, ['cancel-long-sleep']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /timers before cancel: 1\ncancelled\ntimers after cancel: 0/);
});

test('a JS callback resolving a future never resumes the task inline', () => {
  const r = run(scenarios, ['handoff']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'resolving from JS\nset_result returned\nresumed with 42\n');
});

test('an idle loop arms nothing, so node exits when the work is done', () => {
  const r = run(scenarios, ['idle-exit']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'done; loop idle: yes\n');
});

test('a main task that can never finish exits non-zero instead of hanging', () => {
  const r = run(scenarios, ['unfinished']);
  assert.equal(r.code, 3);
});

test('an exception escaping the main task is reported with exit code 1', () => {
  const r = run(scenarios, ['throw']);
  assert.equal(r.code, 1);
  assert.match(r.err, /error: boom/);
});

test('a non-std::exception escaping the main task is exit code 1, not an abort', () => {
  const r = run(scenarios, ['throw-int']);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /not a std::exception/);
});

test('a throwing callback is reported and the loop keeps running', () => {
  const r = run(scenarios, ['throwing-callback']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /callback boom/);
  assert.equal(r.out, 'still running\n');
});

test('a thousand timers wake in deadline order, never early', () => {
  const r = run(scenarios, ['many-timers']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /woke 1000, in deadline order: yes, early: no/);
});

test('spinner: turns while the coroutine sleeps, then prints the answer', () => {
  const r = run(spinner, []);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Answer: 42\n$/);
  const frames = (r.out.match(/\r[|/\\-] thinking!/g) || []).length;
  assert.ok(frames >= 25, `only ${frames} spinner frames in 3 s`);
});

test('spinner --blocking: a busy wait freezes the spinner', () => {
  const r = run(spinner, ['--blocking']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Answer: 42\n$/);
  const frames = (r.out.match(/\r[|/\\-] thinking!/g) || []).length;
  assert.ok(frames <= 2, `${frames} frames: the spinner should not turn during a busy wait`);
});
