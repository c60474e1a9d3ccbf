// The app in Debian's Firefox ESR, driven by puppeteer-core over WebDriver
// BiDi, in fresh profiles that trust nothing extra (a newcomer's browser), each
// on an Xvfb display of its own where Mesa gives it WebGL 2 (harness.mjs). One
// profile trusts the local CA the way a user would, and gets HTTP/2.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchFirefox, storedFlags, servedFlag } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function openApp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.coflags && (window.coflags.fatal || (window.coflags.state && window.coflags.state.ready)),
    { timeout: 30000 });
  const fatal = await page.evaluate(() => window.coflags.fatal);
  if (fatal) throw new Error('the page failed: ' + fatal);
}

const appState = (page) => page.evaluate(() => window.coflags.state);

async function waitForRun(page, timeout = 60000) {
  await page.waitForFunction(() => window.coflags.lastRun && window.coflags.lastRun.phase === 'finished', { timeout });
  return page.evaluate(() => window.coflags.lastRun);
}

// A real click at the centre of a widget the app published, once its place is stable.
async function clickWidget(page, name) {
  await page.waitForFunction((n) => window.coflags.widgets && window.coflags.widgets[n], { timeout: 10000 }, name);
  let w = null;
  for (;;) {
    const again = await page.evaluate((n) => window.coflags.widgets[n], name);
    if (JSON.stringify(again) === JSON.stringify(w)) break;
    w = again;
    await sleep(100);
  }
  await page.mouse.move(w.x + w.w / 2, w.y + w.h / 2);
  await sleep(50);
  await page.mouse.down();
  await sleep(50);  // ImGui reads the button once per frame
  await page.mouse.up();
}

async function until(predicate, timeout = 10000) {
  const end = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('timed out waiting for ' + predicate.toString());
    await sleep(50);
  }
}

describe('Firefox ESR', () => {
  let server;
  const pageErrors = [];
  before(async () => {
    server = await startServer({ delay: 3, errorRate: 0.25, seed: 13, tls: true });
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('without WebGL 2: shows its message, raises no page error', async () => {
    const ff = await launchFirefox({ webgl: false });
    try {
      const page = await ff.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.pageUrl('cc=POP20&autostart=1'));
      await page.waitForFunction(() => window.coflags && window.coflags.fatal, { timeout: 30000 });
      await sleep(1500);  // the app's script has loaded by now, and must not have run
      const shown = await page.evaluate(() => [document.getElementById('message').textContent,
        getComputedStyle(document.getElementById('overlay')).display]);
      assert.match(shown[0], /WebGL 2/);
      assert.notEqual(shown[1], 'none');
      assert.deepEqual(errors, []);
      assert.equal((await server.stats()).listeners.LOCAL.by_status['200'] > 0, true, 'the page was served');
    } finally {
      await ff.close();
    }
  });

  describe('with WebGL 2', () => {
    let ff, page;
    before(async () => {
      ff = await launchFirefox();
      page = await ff.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
    });
    after(async () => {
      if (ff) await ff.close();
    });

    it('first run: POP20 from LOCAL by a real click on Start, 20 ok over HTTP/1.1', async () => {
      await openApp(page, server.pageUrl('cc=POP20'));
      const renderer = await page.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl2');
        return gl && gl.getParameter(gl.RENDERER);
      });
      assert.ok(renderer, 'this Firefox has WebGL 2');
      assert.match((await appState(page)).transport_reason, /HTTP\/2 is off: .*mkcert -install/);
      await clickWidget(page, 'start');
      const run = await waitForRun(page);
      assert.equal(run.ok, 20, JSON.stringify({ ...run, requests: undefined }));
      assert.match(run.transport, /^HTTP\/1\.1/);
    });

    it('IndexedDB holds the 20 flags byte for byte, and the gallery comes back after a reload', async () => {
      const records = await storedFlags(page);
      assert.equal(records.length, 20);
      for (const r of records) assert.ok(r.bytes.equals(servedFlag(r.name)), r.name);
      await page.reload();
      await page.waitForFunction(() => window.coflags.state && window.coflags.state.ready && window.coflags.state.decoded === 20,
        { timeout: 30000 });
      assert.equal((await appState(page)).restored, 20);
    });

    it('first run of all codes from DELAY at 200: at least 150 at the server at once', async () => {
      await server.resetStats();
      await openApp(page, server.pageUrl('server=DELAY&cc=all&m=200&timeout=60&autostart=1'));
      const run = await waitForRun(page, 90000);
      assert.equal(run.error, 0, JSON.stringify({ ...run, requests: undefined }));
      const peak = (await server.stats()).listeners.DELAY.peak_in_flight;
      assert.ok(peak >= 150, `DELAY peak ${peak}`);
    });

    it('Cancel under DELAY drops the server in flight to 0', async () => {
      await openApp(page, server.pageUrl('server=DELAY&cc=all&m=100&timeout=60&autostart=1'));
      await until(async () => (await server.stats()).listeners.DELAY.in_flight > 0);
      await clickWidget(page, 'cancel');
      await until(async () => (await server.stats()).listeners.DELAY.in_flight === 0, 2500);
      const run = await waitForRun(page, 5000);
      assert.ok(run.cancelled > 0);
    });

    it('an ERROR run counts what the server counted', async () => {
      await server.resetStats();
      await openApp(page, server.pageUrl('server=ERROR&cc=POP20&m=20&timeout=30&autostart=1'));
      const run = await waitForRun(page, 90000);
      const byStatus = (await server.stats()).listeners.ERROR.by_status;
      const serverErrors = Object.entries(byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
      assert.equal(run.error, serverErrors, JSON.stringify(byStatus));
      assert.equal(run.ok, byStatus['200'] || 0);
      // The page asks https://localhost:PORT/_stats whether this browser trusts the local CA;
      // in a profile that does not, Firefox logs each refused probe as an error. Nothing else may fail.
      const probe = /^Cross-Origin Request Blocked: .* at https:\/\/localhost:\d+\/_stats\. \(Reason: CORS request did not succeed\)/;
      assert.deepEqual(pageErrors.filter((m) => !probe.test(m)), []);
    });
  });

  it('a profile that trusts the local CA: HTTP/2 by default, DELAY-H2 carries the 20 at once', async () => {
    const trusted = await launchFirefox({ trustLocalCa: true });
    try {
      const p = await trusted.newPage();
      const errors = [];
      p.on('pageerror', (e) => errors.push(e.message));
      await server.resetStats();
      await openApp(p, server.pageUrl('server=DELAY&cc=POP20&m=20&timeout=30&autostart=1'));
      const run = await waitForRun(p);
      assert.equal(run.ok, 20, JSON.stringify({ ...run, requests: undefined }));
      assert.equal(run.transport, 'HTTP/2');
      const h2 = (await server.stats()).listeners['DELAY-H2'];
      assert.equal(h2.requests, 20);
      assert.ok(h2.peak_in_flight >= 15, `DELAY-H2 peak ${h2.peak_in_flight}`);
      assert.equal(h2.connections_shared, 0);
      assert.deepEqual(errors, []);
    } finally {
      await trusted.close();
    }
  });
});
