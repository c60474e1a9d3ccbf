// ERROR mode: --error-rate of responses fail (500/503), half of the rest are
// delayed by --delay/2, and a fixed --seed makes the sequence reproducible.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { getStats, makeFixture, request, resetStats, startServer } from './server_helpers.mjs';

let fx;
before(() => { fx = makeFixture(); });
after(() => fx.cleanup());

// `n` GETs over `conns` keep-alive connections; returns the statuses in completion order.
async function hammer(baseUrl, n, conns) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
  const statuses = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      ++next;
      const r = await request(baseUrl, '/flags/br/metadata.json', { agent });
      statuses.push(r.status);
    }
  };
  await Promise.all(Array.from({ length: conns }, worker));
  agent.destroy();
  return statuses;
}

test('10,000 requests with --seed: failures within tolerance of --error-rate, split between 500 and 503', async () => {
  // --delay 0: the delayed half costs nothing, so 10,000 requests stay quick.
  const srv = await startServer(['--flags', fx.flags, '--error-rate', '0.25', '--seed', '1234', '--delay', '0']);
  try {
    const statuses = await hammer(srv.urls.ERROR, 10000, 8);
    const count = (s) => statuses.filter((x) => x === s).length;
    const failed = count(500) + count(503);
    assert.equal(count(200) + failed, 10000, 'only 200, 500 and 503');
    const rate = failed / 10000;
    // 4 standard deviations of a binomial(10000, 0.25) is 0.017.
    assert.ok(Math.abs(rate - 0.25) < 0.02, `error rate ${rate}`);
    assert.ok(Math.abs(count(500) / failed - 0.5) < 0.05, `500 share ${count(500) / failed}`);
    const s = await getStats(srv.urls.LOCAL);
    assert.equal(s.listeners.ERROR.requests, 10000);
    assert.equal(s.listeners.ERROR.by_status['500'], count(500));
    assert.equal(s.listeners.ERROR.by_status['503'], count(503));
  } finally {
    assert.equal((await srv.stop()).code, 0);
  }
});

test('the same seed gives the same sequence; --error-rate 0 and 1 are exact', async () => {
  const run = async (args) => {
    const srv = await startServer(['--flags', fx.flags, '--delay', '0', ...args]);
    try {
      const out = [];
      for (let i = 0; i < 200; ++i) out.push((await request(srv.urls.ERROR, '/flags/br/br.gif')).status);
      return out;
    } finally {
      assert.equal((await srv.stop()).code, 0);
    }
  };
  const a = await run(['--seed', '99']);
  const b = await run(['--seed', '99']);
  const c = await run(['--seed', '100']);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok((await run(['--error-rate', '0'])).every((s) => s === 200));
  assert.ok((await run(['--error-rate', '1'])).every((s) => s === 500 || s === 503));
});

test('half of the successful responses are delayed by --delay/2, failures are not delayed', async () => {
  // --delay 2: delayed answers take 1 s, far from the immediate ones even on a machine
  // busy enough to make 100 fresh connections take half a second.
  const srv = await startServer(['--flags', fx.flags, '--delay', '2', '--seed', '5']);
  try {
    await resetStats(srv.urls.LOCAL);
    const rs = await Promise.all(Array.from({ length: 100 }, () => request(srv.urls.ERROR, '/flags/br/br.gif')));
    const ok = rs.filter((r) => r.status === 200);
    const slow = ok.filter((r) => r.ms >= 990);
    const share = slow.length / ok.length;
    assert.ok(share > 0.35 && share < 0.65, `delayed share ${share}`);
    assert.ok(slow.every((r) => r.ms < 3000), 'delayed by about delay/2');
    const failed = rs.filter((r) => r.status !== 200);
    assert.ok(failed.length > 10, `${failed.length} failures`);
    assert.ok(failed.every((r) => r.ms < 900), 'failures answer at once');
  } finally {
    assert.equal((await srv.stop()).code, 0);
  }
});
