// How the app's requests reach the server past Chromium's 6 HTTP/1.1
// connections per origin: HTTP/2 (one connection, many streams; above 256
// one per s<N>.localhost origin) by default when the host offers it and the
// browser trusts its certificate, else HTTP/1.1 sharded over s<N>.localhost
// origins. The browser here trusts the local CA as a user who followed
// docs/APP.md does (the CA in its NSS database); the last test's does not.
// The server's own counts are the proof. A short delay keeps it quick.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useAppPage, startServer, launchBrowser, openApp, appState, clickWidget, waitForRun } from './harness.mjs';

describe('transport', () => {
  const ctx = useAppPage({ delay: 0.5, errorRate: 0.25, seed: 5, tls: true }, { trustLocalCa: true });
  const pageErrors = ctx.pageErrors;
  let server, page;
  before(() => {
    ({ server, page } = ctx);
  });

  async function delayRun(query) {
    await server.resetStats();
    await openApp(page, server.pageUrl(`server=DELAY&cc=POP20&m=20&timeout=30&${query}autostart=1`));
    const run = await waitForRun(page, 1, 30000);
    assert.equal(run.ok, 20, JSON.stringify({ ...run, requests: undefined }));
    return { run, listeners: (await server.stats()).listeners };
  }

  it('uses HTTP/2 by default: DELAY-H2 sees the 20 requests at once', async () => {
    const { run, listeners } = await delayRun('');
    assert.equal(run.transport, 'HTTP/2');
    assert.equal(run.stats_listener, 'DELAY-H2');
    assert.match(run.base_url, /^https:\/\/localhost:\d+\/flags$/);
    assert.ok(listeners['DELAY-H2'].peak_in_flight >= 15, `DELAY-H2 peak ${listeners['DELAY-H2'].peak_in_flight}`);
    assert.equal(listeners.DELAY.requests, 0, 'nothing went over HTTP/1.1');
  });

  it('above 256, spreads HTTP/2 over s<N>.localhost: DELAY-H2 sees one connection per origin carry them', async () => {
    // A fresh server: its counts start at 0. Each shard has a certificate for its own name
    // alone, or Chromium would pool the four origins onto one connection (same address, a
    // certificate covering them all) and cap the run at its 256 streams.
    const fresh = await startServer({ delay: 2, errorRate: 0.25, seed: 5, tls: true });
    try {
      await openApp(page, fresh.pageUrl('server=DELAY&cc=every&m=1000&timeout=30&autostart=1'));
      const run = await waitForRun(page, 1, 60000);
      assert.equal(run.total, 676);
      assert.equal(run.ok + run.not_found, 676, JSON.stringify({ ...run, requests: undefined }));
      assert.equal(run.transport, 'HTTP/2');
      assert.equal(run.origins, 4, 'ceil(1000 / 256) origins');
      assert.match(run.base_url, /^https:\/\/s0\.localhost:\d+\/flags$/);
      assert.match(run.transport_reason, /4 origins/);
      const h2 = (await fresh.stats()).listeners['DELAY-H2'];
      assert.equal(h2.requests, 676);
      const port = new URL(run.base_url).port;
      assert.deepEqual(h2.hosts, [0, 1, 2, 3].map((i) => `s${i}.localhost:${port}`), 'the four origins reached the server');
      assert.equal(h2.connections_shared, 0, 'no connection carried two origins');
      assert.ok(h2.connections_used >= 4, `${h2.connections_used} connections carried requests`);
    } finally {
      await fresh.stop();
    }
  });

  it('shards HTTP/1.1 over s0..s3.localhost: DELAY sees more than 6 at once', async () => {
    const { run, listeners } = await delayRun('transport=sharded&');
    assert.equal(run.transport, 'HTTP/1.1 sharded');
    assert.equal(run.origins, 4, 'ceil(20 / 6) origins');
    assert.equal(run.stats_listener, 'DELAY');
    assert.ok(listeners.DELAY.peak_in_flight >= 15, `DELAY peak ${listeners.DELAY.peak_in_flight}`);
    assert.equal(listeners['DELAY-H2'].requests, 0);
  });

  it('plain HTTP/1.1 stays at the browser cap of 6', async () => {
    const { run, listeners } = await delayRun('transport=h1&');
    assert.equal(run.transport, 'HTTP/1.1');
    assert.ok(listeners.DELAY.peak_in_flight <= 6, `DELAY peak ${listeners.DELAY.peak_in_flight}`);
  });

  it('a browser that does not trust the local CA gets HTTP/1.1 sharded, told why before the run', async () => {
    // A newcomer's first DELAY run of all codes at 200: the server must see
    // at least 150 at once. The long delay keeps them out together while 2
    // busy cores let the page send them.
    const fresh = await startServer({ delay: 5, errorRate: 0.25, seed: 5, tls: true });
    const strict = await launchBrowser();
    try {
      const p = await strict.context.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await openApp(p, fresh.pageUrl('server=DELAY&cc=all&m=200&timeout=60'));
      // Before any run: the page already knows, and says how to get HTTP/2.
      const before = await appState(p);
      assert.match(before.transport_reason, /HTTP\/1\.1 over 34 origins.*HTTP\/2 is off: this browser does not trust/);
      assert.match(before.transport_reason, /CAROOT=build\/tls mkcert -install/);
      await clickWidget(p, 'start');
      const run = await waitForRun(p, 1, 60000);
      assert.equal(run.transport, 'HTTP/1.1 sharded');
      assert.equal(run.error, 0, JSON.stringify({ ...run, requests: undefined }));
      assert.equal(run.ok + run.not_found, run.total);
      const listeners = (await fresh.stats()).listeners;
      assert.equal(listeners['DELAY-H2'].requests, 0, 'no flag went to HTTP/2');
      assert.ok(listeners.DELAY.peak_in_flight >= 150, `DELAY peak ${listeners.DELAY.peak_in_flight}`);
    } finally {
      await strict.close();
      await fresh.stop();
    }
    assert.deepEqual(pageErrors, []);
  });
});
