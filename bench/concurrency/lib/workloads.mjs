// The four workloads of issue 6 and their physical limit:
// ceil(requests / concurrency) x delay, the flag downloads only.
import fs from 'node:fs';
import path from 'node:path';

export function serverCodes(flagsDir) {
  return fs.readFileSync(path.join(flagsDir, 'country_codes.txt'), 'utf8').split(/\s+/).filter(Boolean).length;
}

export function workloads(codes) {
  return {
    W1: { id: 'W1', name: 'POP20 -m 20', cc: 'POP20', m: 20, meta: false, requests: 20, codeList: false },
    W2: { id: 'W2', name: `all (${codes}) -m 200`, cc: 'all', m: 200, meta: false, requests: codes, codeList: true },
    W4: { id: 'W4', name: 'every AA..ZZ -m 1000', cc: 'every', m: 1000, meta: false, requests: 676, codeList: false },
    W7: { id: 'W7', name: `all+meta -m 200`, cc: 'all', m: 200, meta: true, requests: 2 * codes, codeList: true },
    ...sweepWorkloads(codes),
  };
}

// The page's Sweep (issue 12) as workloads: all codes at each concurrency of
// the app's default list, S1 (one at a time) .. S200. `--workloads SWEEP` runs them all.
export const SWEEP_STEPS = [1, 2, 5, 10, 20, 50, 100, 200];
export const SWEEP_IDS = SWEEP_STEPS.map((m) => `S${m}`);

export function sweepWorkloads(codes) {
  return Object.fromEntries(SWEEP_STEPS.map((m) => [`S${m}`,
    { id: `S${m}`, name: `sweep: all (${codes}) -m ${m}`, cc: 'all', m, meta: false, requests: codes, codeList: true, sweep: true }]));
}

export function limitSeconds(w, delayS) {
  return Math.ceil(w.requests / w.m) * delayS;
}

// What the server can see at most at once.
export const expectedPeak = (w) => Math.min(w.m, w.requests);
