// The browser app in headless Chromium against the real flag server:
// runs started by real clicks and from the query string, the gallery,
// IndexedDB contents and restore, ERROR counts, Cancel aborting requests,
// and bad input. One server and one browser profile, tests in order.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  useAppPage, launchBrowser, openApp, appState, lastRun, clickWidget, pressKey, waitForRun, waitUntil, artifactsDir,
  storedFlags, servedFlag,
} from './harness.mjs';

// Each request's phases in order, and every saved flag saved after its request ended.
function assertRequestPhases(run) {
  for (const r of run.requests) {
    const where = JSON.stringify(r);
    assert.ok(r.resource === 'flag' || r.resource === 'metadata', where);
    assert.equal(typeof r.queued_ms, 'number', where);
    assert.ok(r.end_ms !== null, `a finished run has no request left open: ${where}`);
    if (r.start_ms !== null) assert.ok(r.queued_ms <= r.start_ms && r.start_ms <= r.end_ms, where);
    else assert.ok(r.queued_ms <= r.end_ms, where);
    if (r.saved_ms !== null) assert.ok(r.outcome === 'ok' && r.saved_ms >= r.end_ms, where);
    // Without metadata a flag request is its code's last, which carries the save (unless a cancel
    // caught the code while saving).
    if (r.resource === 'flag' && r.outcome === 'ok' && !run.metadata && !run.cancelled) assert.ok(r.saved_ms !== null, where);
  }
  const saved = run.requests.filter((r) => r.saved_ms !== null).length;
  assert.equal(saved, run.ok, 'one save per ok code');
}

// Long enough that a request still in flight 1.5 s after Cancel can only mean it was not aborted.
const DELAY_S = 3.0;

describe('browser app', () => {
  const ctx = useAppPage({ delay: DELAY_S, errorRate: 0.25, seed: 11, tls: true });
  const pageErrors = ctx.pageErrors;
  const shots = artifactsDir();
  let server, page;
  before(() => {
    ({ server, page } = ctx);
  });

  it('loads, draws and keeps drawing', async () => {
    await openApp(page, server.pageUrl());
    const first = await appState(page);
    await page.waitForTimeout(1000);
    const later = await appState(page);
    // A page that draws at all on a loaded 2-core machine manages well over 5 frames a second.
    assert.ok(later.frames > first.frames + 5, `frames went from ${first.frames} to ${later.frames}`);
    assert.equal(later.gallery, 0);
    assert.equal(later.phase, 'idle');
    assert.deepEqual(pageErrors, []);
  });

  it('has the icon and manifest from assets/, served with their types', async () => {
    const got = await page.evaluate(async () => {
      const icon = document.querySelector('link[rel=icon]').href;
      const manifest = document.querySelector('link[rel=manifest]').href;
      const [i, m] = await Promise.all([fetch(icon), fetch(manifest)]);
      return { icon: [i.status, i.headers.get('content-type'), (await i.text()).slice(0, 200)],
        manifest: [m.status, m.headers.get('content-type'), await m.json()] };
    });
    assert.deepEqual(got.icon.slice(0, 2), [200, 'image/svg+xml']);
    assert.match(got.icon[2], /<svg /);
    assert.deepEqual(got.manifest.slice(0, 2), [200, 'application/manifest+json']);
    assert.equal(got.manifest[2].short_name, 'coflags');
    assert.equal(got.manifest[2].icons[0].src, 'icon.svg');
    // The font next to the page is assets/fonts/README.md's choice.
    const font = await page.evaluate(async () => (await fetch('ui-font.ttf')).status);
    assert.equal(font, 200);
  });

  it('follows the window size', async () => {
    await page.setViewportSize({ width: 1000, height: 640 });
    await page.waitForFunction(() => document.getElementById('canvas').width === 1000 * devicePixelRatio);
    await waitUntil(async () => {
      const start = await page.evaluate(() => window.coflags.widgets.start);
      return start.y + start.h <= 640;
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForFunction(() => document.getElementById('canvas').height === 800 * devicePixelRatio);
  });

  it('runs POP20 from LOCAL when Start is clicked, in a browser that trusts nothing', async () => {
    // A newcomer's profile does not trust the local CA: the page saw that
    // before the run and planned HTTP/1.1 (transport.test.mjs has HTTP/2).
    assert.match((await appState(page)).transport_reason, /HTTP\/2 is off: .*mkcert -install/);
    await clickWidget(page, 'start');
    const run = await waitForRun(page, 1);
    assert.equal(run.server, 'LOCAL');
    assert.match(run.transport, /^HTTP\/1\.1/);
    assert.equal(run.total, 20);
    assert.equal(run.ok, 20, JSON.stringify(run));
    assert.equal(run.error + run.not_found + run.cancelled + run.save_failed, 0);
    assert.equal(run.requests.length, 20);
    await waitUntil(async () => (await appState(page)).decoded === 20);
    const state = await appState(page);
    assert.equal(state.gallery, 20);
    assert.equal(state.saved, 20);
    // The settings of the run went to the URL, so it can be shared.
    const query = new URL(page.url()).searchParams;
    assert.equal(query.get('server'), 'LOCAL');
    assert.equal(query.get('cc'), 'POP20');
    await page.screenshot({ path: path.join(shots, 'app-end.png') });
  });

  it('stored the 20 flags in IndexedDB, byte for byte as served', async () => {
    const records = await storedFlags(page);
    assert.equal(records.length, 20);
    for (const r of records) assert.ok(r.bytes.equals(servedFlag(r.name)), `${r.name} differs from the served file`);
  });

  it('restores the gallery after a reload without downloading again', async () => {
    await server.resetStats();
    const seen = [];
    const onRequest = (request) => seen.push(request.url());
    page.on('request', onRequest);
    await page.reload();
    await page.waitForFunction(() => window.coflags.state && window.coflags.state.ready && window.coflags.state.decoded === 20);
    page.off('request', onRequest);
    const state = await appState(page);
    assert.equal(state.restored, 20);
    assert.equal(state.gallery, 20);
    assert.deepEqual(seen.filter((u) => u.includes('/flags/')), []);
    // What the server saw is only the page's own files (index, js, wasm, worker, font).
    const stats = await server.stats();
    const assets = seen.filter((u) => !u.startsWith('data:') && !u.includes('/_stats')).length;
    assert.ok(stats.requests <= assets, `server saw ${stats.requests} requests, the page made ${assets}: ${seen}`);
  });

  it('starts a run from the query string (autostart), honouring limit and concurrency', async () => {
    await openApp(page, server.pageUrl('server=LOCAL&cc=B+J&limit=12&m=3&autostart=1'));
    const run = await waitForRun(page, 1);
    assert.equal(run.total, 12);
    assert.equal(run.limit, 3);
    assert.ok(run.peak_in_flight <= 3, `peak in flight ${run.peak_in_flight} > 3`);
    assert.equal(run.ok + run.not_found, 12, JSON.stringify(run));
    assert.ok(run.ok > 0 && run.not_found > 0, 'B and J give both flags and 404s');
    assertRequestPhases(run);
  });

  it('downloads from a custom base URL on another origin (CORS)', async () => {
    await openApp(page, server.pageUrl(`server=${encodeURIComponent(server.delay + '/flags')}&cc=BR+JP+ZZ&autostart=1`));
    const run = await waitForRun(page, 1, 30000);
    assert.equal(run.server, 'CUSTOM');
    assert.equal(run.base_url, server.delay + '/flags');
    assert.deepEqual([run.ok, run.not_found, run.error], [2, 1, 0]);
  });

  it('puts a typed custom server into the page URL only once it answered', async () => {
    await openApp(page, server.pageUrl('cc=BR'));
    const typeUrl = async (url) => {
      await clickWidget(page, 'custom_url');
      await pressKey(page, 'Control+A');
      await page.keyboard.type(url);
      await pressKey(page, 'Tab');
    };
    await clickWidget(page, 'server_CUSTOM');
    const dead = 'http://127.0.0.1:9/flags';  // the discard port: nothing answers
    await typeUrl(dead);
    await clickWidget(page, 'start');
    let run = await waitForRun(page, 1, 30000);
    assert.equal(run.error, 1, JSON.stringify({ ...run, requests: undefined }));
    assert.doesNotMatch(await page.evaluate(() => decodeURIComponent(location.search)), /127\.0\.0\.1:9\//);
    await typeUrl(server.delay + '/flags');
    await clickWidget(page, 'start');
    run = await waitForRun(page, 2, 30000);
    assert.equal(run.ok, 1);
    assert.ok((await page.evaluate(() => decodeURIComponent(location.search))).includes(server.delay + '/flags'));
  });

  it('counts an ERROR run so that every code lands in exactly one bucket', async () => {
    await server.resetStats();
    await openApp(page, server.pageUrl('server=ERROR&cc=POP20&m=20&timeout=30&transport=h1&autostart=1'));
    const run = await waitForRun(page, 1, 90000);
    assert.equal(run.server, 'ERROR');
    assert.equal(run.total, 20);
    assert.equal(run.ok + run.not_found + run.error + run.cancelled, 20, JSON.stringify(run));
    assert.ok(run.error > 0, 'an error rate of 0.25 over 20 requests gives some errors');
    const byStatus = (await server.stats()).listeners.ERROR.by_status;
    const serverErrors = Object.entries(byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    assert.equal(run.error, serverErrors, `app errors vs server 5xx: ${JSON.stringify(byStatus)}`);
    assert.equal(run.ok, byStatus['200'] || 0);
    assertRequestPhases(run);
    await clickWidget(page, 'timeline_tab');
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(shots, 'app-timeline-error-run.png') });
    // Export JSON downloads the run as lastRun publishes it.
    const download = page.waitForEvent('download');
    await clickWidget(page, 'export_json');
    const file = await download;
    // Named after the run's start, so an export after a reload does not repeat an earlier name.
    assert.match(file.suggestedFilename(), /^coflags-run-\d{8}-\d{6}\.json$/);
    const exported = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
    assert.equal(exported.run, run.run);
    assert.equal(exported.requests.length, run.requests.length);
    assert.deepEqual(exported.requests, run.requests);
  });

  it('Cancel during a DELAY run aborts the requests in flight', async () => {
    await server.resetStats();
    await openApp(page, server.pageUrl('server=DELAY&cc=all&m=100&timeout=60&transport=h1&autostart=1'));
    // Flag requests in flight (country_codes.txt comes from the page's own LOCAL listener, undelayed).
    await waitUntil(async () => (await appState(page)).in_flight > 0 && (await server.stats()).listeners.DELAY.in_flight > 0);
    await page.waitForTimeout(300);  // let the spinner and gauge show a run in progress
    await page.screenshot({ path: path.join(shots, 'app-mid-run.png') });
    const before = await server.stats();
    assert.ok(before.listeners.DELAY.in_flight > 0);
    const clicked = Date.now();
    await clickWidget(page, 'cancel');
    await waitUntil(async () => (await server.stats()).listeners.DELAY.in_flight === 0, { timeout: 1500 });
    const dropped = Date.now() - clicked;
    const run = await waitForRun(page, 1, 5000);
    assert.ok(run.cancelled > 0, JSON.stringify(run));
    assert.equal(run.ok + run.not_found + run.error + run.cancelled, run.total);
    // Nothing new starts after the cancel.
    const afterCancel = await server.stats();
    await page.waitForTimeout(700);
    const later = await server.stats();
    assert.equal(later.listeners.DELAY.requests, afterCancel.listeners.DELAY.requests);
    assert.equal(later.listeners.DELAY.in_flight, 0);
    assert.ok(later.listeners.DELAY.client_gone > 0, 'the server saw clients leave');
    assert.ok(dropped < DELAY_S * 1000, `in flight took ${dropped} ms to drop`);
    // The app sent up to 100 requests; the browser let at most 6 reach one HTTP/1.1 origin, and the gauge says so.
    assert.ok(run.peak_in_flight > 6, JSON.stringify(run.peak_in_flight));
    assert.ok(run.server_peak_in_flight_seen >= 1 && run.server_peak_in_flight_seen <= 6,
      `server seen ${run.server_peak_in_flight_seen}`);
  });

  it('applies the concurrency slider to a run in progress', async () => {
    await server.resetStats();
    await openApp(page, server.pageUrl('server=DELAY&cc=all&m=2&timeout=60&transport=h1&autostart=1'));
    await waitUntil(async () => (await appState(page)).in_flight === 2 && (await server.stats()).listeners.DELAY.in_flight === 2);
    // Ctrl+click turns an ImGui slider into a text field: type the new limit.
    await clickWidget(page, 'concurrency', { modifiers: ['Control'] });
    await pressKey(page, 'Control+A');
    await page.keyboard.type('6');
    await pressKey(page, 'Enter');
    // More requests start at once, without waiting for the ones in flight (DELAY holds them 3 s).
    await waitUntil(async () => (await server.stats()).listeners.DELAY.in_flight >= 5, { timeout: 2000 });
    assert.equal((await appState(page)).limit, 6);
    await clickWidget(page, 'cancel');
    const run = await waitForRun(page, 1, 5000);
    assert.equal(run.limit, 6);
    assert.ok(run.cancelled > 0);
    // Every code's flag request was queued at once; most waited, and the cancel ended them still queued.
    assert.equal(run.requests.length, run.total);
    const sent = run.requests.filter((r) => r.start_ms !== null);
    assert.ok(sent.length >= 6 && sent.length < run.total, `${sent.length} of ${run.total} sent`);
    // The four let in by the slider had waited since the run began.
    const waited = sent.filter((r) => r.start_ms - r.queued_ms > 100);
    assert.ok(waited.length >= 4, `waited for a permit: ${JSON.stringify(waited)}`);
    for (const r of run.requests.filter((r) => r.start_ms === null)) {
      assert.equal(r.outcome, 'cancelled', JSON.stringify(r));
      assert.ok(r.end_ms >= r.queued_ms && r.saved_ms === null, JSON.stringify(r));
    }
    assertRequestPhases(run);
  });

  it('shows an error for a malformed custom URL, and keeps running', async () => {
    await openApp(page, server.pageUrl('server=htp:/nowhere&autostart=1'));
    await waitUntil(async () => (await appState(page)).input_error !== '');
    const state = await appState(page);
    assert.match(state.input_error, /http/);
    assert.equal(state.phase, 'idle');
    await page.waitForTimeout(300);
    assert.ok((await appState(page)).frames > state.frames, 'still drawing');
  });

  it('shows an error for bad country codes typed in the field', async () => {
    await openApp(page, server.pageUrl());
    await clickWidget(page, 'countries');
    await pressKey(page, 'Control+A');
    await page.keyboard.type('BR 12X');
    await pressKey(page, 'Enter');
    await waitUntil(async () => (await appState(page)).input_error !== '');
    const state = await appState(page);
    assert.match(state.input_error, /12X/i);
    assert.equal(state.phase, 'idle');
    assert.equal(await lastRun(page), undefined, 'no run started');
  });

  it('shows an error for bad codes in the query string, and names bad parameters', async () => {
    await openApp(page, server.pageUrl('cc=ZZZ&m=5000&colour=blue&autostart=1'));
    await waitUntil(async () => (await appState(page)).input_error !== '');
    const state = await appState(page);
    assert.match(state.input_error, /ZZZ/);
    assert.equal(state.query_problems.length, 2, JSON.stringify(state.query_problems));
    assert.match(state.query_problems.join('\n'), /m=5000.*1 to 1000/);
    assert.match(state.query_problems.join('\n'), /colour=blue: unknown parameter/);
    assert.deepEqual(pageErrors, []);
  });

  it('says so when WebGL2 is missing, instead of failing silently', async () => {
    const noGl = await launchBrowser({ extraArgs: ['--disable-webgl', '--disable-3d-apis'] });
    try {
      const p = await noGl.context.newPage();
      await p.goto(server.pageUrl());
      await p.waitForFunction(() => window.coflags && window.coflags.fatal);
      assert.match(await p.evaluate(() => window.coflags.fatal), /WebGL 2/);
      assert.match(await p.textContent('#message'), /WebGL 2/);
      assert.ok(await p.isVisible('#message'));
    } finally {
      await noGl.close();
    }
  });

  it('saves refused by IndexedDB (quota): the flags are shown, marked not kept, and why is said once', async () => {
    const small = await launchBrowser();
    try {
      const p = await small.context.newPage();
      await openApp(p, server.pageUrl());
      const cdp = await small.context.newCDPSession(p);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.local, quotaSize: 2000 });
      await openApp(p, server.pageUrl('cc=POP20&autostart=1'));
      const run = await waitForRun(p, 1);
      assert.equal(run.save_failed, 20, JSON.stringify({ ...run, requests: undefined }));
      assert.equal(run.ok, 20, 'downloaded is not an error');
      assert.equal(run.error, 0);
      assert.match(run.storage_problem, /^Not kept: this browser's storage for the page is full/);
      await waitUntil(async () => (await appState(p)).decoded === 20);
      const state = await appState(p);
      assert.equal(state.saved, 0);
      assert.equal(state.gallery, 20);
      assert.equal(state.not_kept, 20);
      await p.screenshot({ path: path.join(shots, 'not-kept.png') });
    } finally {
      await small.close();
    }
  });

  it('empties the store with Clear saved, once confirmed', async () => {
    await openApp(page, server.pageUrl());
    const saved = (await appState(page)).saved;
    assert.ok(saved > 0);
    // Asked first; "Keep them" keeps them.
    await clickWidget(page, 'clear_saved');
    await clickWidget(page, 'clear_saved_keep');
    await page.waitForTimeout(300);
    assert.equal((await appState(page)).saved, saved);
    await clickWidget(page, 'clear_saved');
    await clickWidget(page, 'clear_saved_confirm');
    await waitUntil(async () => (await appState(page)).gallery === 0);
    const count = await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('coflags');
      open.onsuccess = () => {
        const r = open.result.transaction('flags').objectStore('flags').count();
        r.onsuccess = () => resolve(r.result);
      };
    }));
    assert.equal(count, 0);
  });
});
