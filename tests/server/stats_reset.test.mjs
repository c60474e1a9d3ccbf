// /_stats is read by GET and reset only by POST, and not from another site: a page the
// user has open must not be able to zero the counters. Raw requests with the headers a
// browser sends, then the real thing: a page in headless Chromium on another origin tries
// every request a page can send without asking (img, form, fetch no-cors, fetch), and a page
// on the server's own origin resets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromiumArgs } from '../browser/harness.mjs';
import { REPO_ROOT, getStats, makeFixture, request, startServer, waitFor } from './server_helpers.mjs';

let fx;
let srv;
before(async () => {
  fx = makeFixture();
  srv = await startServer(['--flags', fx.flags, '--web', fx.web, '--delay', '0.05']);
});
after(async () => {
  assert.equal((await srv.stop()).code, 0);
  fx.cleanup();
});

const local = () => srv.urls.LOCAL.replace(/\/$/, '');
const host = () => new URL(srv.urls.LOCAL).host;
async function countedRequests() {
  await request(srv.urls.LOCAL, '/flags/br/br.gif');
  return (await getStats(srv.urls.LOCAL)).requests;
}

test('GET and HEAD /_stats?reset=1 only read', async () => {
  const n = await countedRequests();
  assert.ok(n > 0);
  for (const method of ['GET', 'HEAD']) {
    const r = await request(srv.urls.LOCAL, '/_stats?reset=1', { method });
    assert.equal(r.status, 200);
  }
  assert.equal((await getStats(srv.urls.LOCAL)).requests, n);
});

test('POST /_stats/reset with another Origin, or Sec-Fetch-Site cross-site, is refused with 403', async () => {
  const n = await countedRequests();
  const refused = [
    { Origin: 'http://evil.example' },
    { Origin: 'null' },
    { Origin: `https://${host()}` },  // the same host, another scheme: another origin
    { Origin: `http://${host()}`, 'Sec-Fetch-Site': 'cross-site' },
    { 'Sec-Fetch-Site': 'same-site' },
  ];
  for (const headers of refused) {
    const r = await request(srv.urls.LOCAL, '/_stats/reset', { method: 'POST', headers });
    assert.equal(r.status, 403, JSON.stringify(headers));
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  }
  assert.equal((await getStats(srv.urls.LOCAL)).requests, n, 'nothing was reset');
  const pre = await request(srv.urls.LOCAL, '/_stats/reset', {
    method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
  assert.equal(pre.headers['access-control-allow-origin'], undefined, 'no preflight grants a cross-origin POST');
  assert.equal(pre.headers['access-control-allow-methods'], undefined);
  // The same origin, and clients that are not browsers (no Origin at all), may reset.
  const same = await request(srv.urls.LOCAL, '/_stats/reset', {
    method: 'POST', headers: { Origin: `http://${host()}`, 'Sec-Fetch-Site': 'same-origin' } });
  assert.equal(same.status, 200);
  assert.equal((await getStats(srv.urls.LOCAL)).requests, 0);
  await countedRequests();
  assert.equal((await request(srv.urls.LOCAL, '/_stats/reset', { method: 'POST' })).status, 200);
  assert.equal((await getStats(srv.urls.LOCAL)).requests, 0);
});

const chromium = fs.existsSync('/usr/bin/chromium') && fs.existsSync(path.join(REPO_ROOT, 'node_modules/playwright-core'));
test('in Chromium, a page on another origin cannot reset the counters; a page on the same origin can',
  { skip: !chromium && 'needs /usr/bin/chromium and playwright-core (scripts/setup.sh)' }, async () => {
    const { chromium: pw } = await import(path.join(REPO_ROOT, 'node_modules/playwright-core/index.mjs'));
    // The page is served by DELAY: another port, so another origin than LOCAL.
    fs.writeFileSync(path.join(fx.web, 'attack.html'), `<!doctype html><title>attack</title>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${local()}/_stats/reset" target="sink"></form>
<script>
window.attack = async (target) => {
  const img = new Image();
  const loaded = new Promise((r) => { img.onload = img.onerror = r; });
  img.src = target + '/_stats?reset=1';
  await loaded;
  await fetch(target + '/_stats/reset', { method: 'POST', mode: 'no-cors' });
  await fetch(target + '/_stats/reset', { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain' } }).catch(() => {});
  const sent = new Promise((r) => document.querySelector('iframe').onload = r);
  document.getElementById('f').submit();
  await sent;
  return 'done';
};
window.resetHere = async () => (await fetch('/_stats/reset', { method: 'POST' })).status;
</script>`);
    const browser = await pw.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
    try {
      const page = await browser.newPage();
      const n = await countedRequests();
      await page.goto(`${srv.urls.DELAY}attack.html`);
      assert.equal(await page.evaluate((t) => window.attack(t), local()), 'done');
      const s = await getStats(srv.urls.LOCAL);
      assert.ok(s.requests > n, `the counters were not reset (${s.requests} requests, ${n} before the attack)`);
      assert.ok(s.by_status['200'] > 0);
      // A page of the server's own origin (the app's, or a user's script there) does reset.
      await page.goto(`${srv.urls.LOCAL}attack.html`);
      assert.equal(await page.evaluate(() => window.resetHere()), 200);
      assert.ok(await waitFor(async () => (await getStats(srv.urls.LOCAL)).requests <= 1, 2000));
    } finally {
      await browser.close();
    }
  });
