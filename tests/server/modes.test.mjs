// Each listener's behaviour, the URL layout, HTTP basics (HEAD, keep-alive, CORS,
// 404/405, Content-Type) and /_stats.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getStats, makeFixture, rawExchange, request, resetStats, startServer, statusOf, waitFor } from './server_helpers.mjs';

// Timing bounds are loose on purpose: the test tier shares 2 cores with ASan builds.
const DELAY_S = 0.5;
let fx;
let srv;

before(async () => {
  fx = makeFixture();
  srv = await startServer(['--flags', fx.flags, '--web', fx.web, '--delay', String(DELAY_S), '--seed', '7']);
});
after(async () => {
  const { code } = await srv.stop('SIGTERM');
  fx.cleanup();
  assert.equal(code, 0, 'server exits 0 on SIGTERM');
});

describe('startup', () => {
  test('prints one LISTEN line per listener on 127.0.0.1, then READY', () => {
    const lines = srv.stdout().trim().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], /^LISTEN LOCAL http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(lines[1], /^LISTEN DELAY http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(lines[2], /^LISTEN ERROR http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(lines[3], 'READY');
    assert.equal(new Set(Object.values(srv.ports)).size, 3);
  });
});

describe('LOCAL', () => {
  test('serves flags in the book layout with exact bytes and types', async () => {
    const gif = await request(srv.urls.LOCAL, '/flags/br/br.gif');
    assert.equal(gif.status, 200);
    assert.equal(gif.headers['content-type'], 'image/gif');
    assert.equal(gif.body.toString('latin1'), 'GIF89abr-flag-bytes');
    assert.equal(gif.headers['content-length'], String(gif.body.length));
    const meta = await request(srv.urls.LOCAL, '/flags/cn/metadata.json');
    assert.equal(meta.status, 200);
    assert.equal(meta.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(meta.body), { tld_cc: '.cn', iso_cc: 'CN', country: 'China' });
    const codes = await request(srv.urls.LOCAL, '/flags/country_codes.txt');
    assert.equal(codes.status, 200);
    assert.equal(codes.body.toString(), 'BR CN\n');
    assert.match(codes.headers['content-type'], /^text\/plain/);
  });

  test('answers without delay', async () => {
    const r = await request(srv.urls.LOCAL, '/flags/br/br.gif');
    assert.ok(r.ms < DELAY_S * 1000 / 2, `took ${r.ms} ms`);
  });

  test('serves the web app at / with index.html as default', async () => {
    const root = await request(srv.urls.LOCAL, '/');
    assert.equal(root.status, 200);
    assert.equal(root.body.toString(), '<!doctype html><title>coflags</title>');
    assert.match(root.headers['content-type'], /^text\/html/);
    const sub = await request(srv.urls.LOCAL, '/sub/');
    assert.equal(sub.body.toString(), 'sub index');
    const q = await request(srv.urls.LOCAL, '/index.html?v=3');
    assert.equal(q.status, 200, 'query strings are ignored for files');
  });

  test('Content-Type by extension', async () => {
    const want = {
      'app.js': /^text\/javascript/, 'mod.mjs': /^text\/javascript/, 'app.wasm': /^application\/wasm$/,
      'style.css': /^text\/css/, 'pic.svg': /^image\/svg\+xml$/, 'pic.png': /^image\/png$/,
      'notes.txt': /^text\/plain/, 'data.json': /^application\/json$/, 'pic.gif': /^image\/gif$/, 'index.html': /^text\/html/,
    };
    for (const [file, type] of Object.entries(want)) {
      const r = await request(srv.urls.LOCAL, '/' + file);
      assert.equal(r.status, 200, file);
      assert.match(r.headers['content-type'], type, file);
      assert.equal(r.body.toString(), file === 'index.html' ? '<!doctype html><title>coflags</title>' : `content of ${file}`);
    }
  });

  test('404 for missing files, with CORS', async () => {
    for (const t of ['/flags/zz/zz.gif', '/flags/br/nope.json', '/nope.html', '/flags/']) {
      const r = await request(srv.urls.LOCAL, t);
      assert.equal(r.status, 404, t);
      assert.equal(r.headers['access-control-allow-origin'], '*');
    }
  });

  test('HEAD: same headers, no body', async () => {
    const r = await rawExchange(srv.ports.LOCAL, 'HEAD /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(statusOf(r.text), 200);
    assert.match(r.text, /\r\nContent-Length: 19\r\n/i);
    assert.ok(r.text.endsWith('\r\n\r\n'), 'nothing after the headers');
  });

  test('405 with Allow for other methods', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await request(srv.urls.LOCAL, '/flags/br/br.gif', { method, body: method === 'DELETE' ? undefined : 'x' });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, 'GET, HEAD, OPTIONS');
      assert.equal(r.headers['access-control-allow-origin'], '*');
    }
  });

  test('CORS preflight is answered', async () => {
    const r = await request(srv.urls.LOCAL, '/flags/br/br.gif', {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-test' },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.match(r.headers['access-control-allow-methods'], /GET/);
    assert.ok(r.headers['access-control-allow-headers']);
  });

  test('keep-alive: several requests on one connection, pipelined too', async () => {
    const one = 'GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\n\r\n';
    const last = 'GET /flags/cn/metadata.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const r = await rawExchange(srv.ports.LOCAL, one + one + last);
    assert.equal((r.text.match(/HTTP\/1\.1 200 OK/g) || []).length, 3);
    assert.ok(r.text.includes('"iso_cc":"CN"'));
    assert.ok(r.closed, 'server closes after Connection: close');
  });
});

describe('DELAY', () => {
  test('delays 200s and 404s alike by --delay', async () => {
    for (const t of ['/flags/br/br.gif', '/flags/zz/zz.gif']) {
      const r = await request(srv.urls.DELAY, t);
      assert.equal(r.status, t.includes('zz') ? 404 : 200);
      assert.ok(r.ms >= DELAY_S * 1000 - 5, `${t} took ${r.ms} ms`);
      assert.ok(r.ms < DELAY_S * 1000 + 1000, `${t} took ${r.ms} ms`);
    }
  });

  test('serves the code list at once: the book reads it from a local file, the delay is for flags', async () => {
    const r = await request(srv.urls.DELAY, '/flags/country_codes.txt');
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), 'BR CN\n');
    assert.ok(r.ms < DELAY_S * 1000 / 2, `took ${r.ms} ms`);
  });

  test('concurrent delayed requests overlap instead of queueing', async () => {
    const t0 = performance.now();
    const rs = await Promise.all(Array.from({ length: 20 }, () => request(srv.urls.DELAY, '/flags/br/metadata.json')));
    const ms = performance.now() - t0;
    assert.ok(rs.every((r) => r.status === 200));
    assert.ok(ms < DELAY_S * 1000 * 4, `20 requests took ${ms} ms`);
  });

  test('pipelined requests during a delay are answered, not taken for a hang-up', async () => {
    await resetStats(srv.urls.LOCAL);
    const one = 'GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\n\r\n';
    const last = 'GET /flags/zz/zz.gif HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const t0 = performance.now();
    const r = await rawExchange(srv.ports.DELAY, one + last, { idleMs: 5000 });
    const ms = performance.now() - t0;
    assert.equal((r.text.match(/HTTP\/1\.1 200 OK/g) || []).length, 1);
    assert.equal((r.text.match(/HTTP\/1\.1 404 Not Found/g) || []).length, 1);
    assert.ok(ms >= 2 * DELAY_S * 1000 - 10, `two delays in a row took ${ms} ms`);
    const s = await getStats(srv.urls.LOCAL);
    assert.equal(s.client_gone, 0);
    assert.deepEqual(s.listeners.DELAY.by_status, { 200: 1, 404: 1 });
  });

  test('in_flight counts waiting requests and drops when the client hangs up', async () => {
    const long = await startServer(['--flags', fx.flags, '--delay', '5']);
    try {
      const aborted = [];
      for (let i = 0; i < 3; ++i) {
        const ac = new AbortController();
        aborted.push(fetch(long.urls.DELAY + 'flags/br/br.gif', { signal: ac.signal }).catch(() => 'aborted'));
        aborted.push(ac);
      }
      const inflight = await waitFor(async () => (await getStats(long.urls.LOCAL)).listeners.DELAY.in_flight === 3, 4000);
      assert.ok(inflight, 'three requests in flight');
      const t0 = performance.now();
      for (const ac of aborted.filter((x) => x instanceof AbortController)) ac.abort();
      const drained = await waitFor(async () => (await getStats(long.urls.LOCAL)).in_flight === 0, 1500);
      assert.ok(drained, 'in_flight back to 0 within a second of the aborts');
      const s = await getStats(long.urls.LOCAL);
      assert.equal(s.client_gone, 3);
      assert.equal(s.peak_in_flight, 3);
      assert.ok(performance.now() - t0 < 1500);
    } finally {
      assert.equal((await long.stop()).code, 0);
    }
  });
});

describe('ERROR', () => {
  test('answers only 200, 500 or 503, errors without a body from the files', async () => {
    const seen = new Set();
    for (let i = 0; i < 40; ++i) {
      const r = await request(srv.urls.ERROR, '/flags/br/metadata.json');
      seen.add(r.status);
      assert.equal(r.headers['access-control-allow-origin'], '*');
      if (r.status === 200) assert.equal(JSON.parse(r.body).iso_cc, 'BR');
      else assert.ok(!r.body.toString().includes('BR'));
    }
    assert.deepEqual([...seen].sort(), [200, 500, 503]);
  });

  test('never fails the code list (40 of 40 answered 200), and still fails flags after it', async () => {
    for (let i = 0; i < 40; ++i) {
      const r = await request(srv.urls.ERROR, '/flags/country_codes.txt');
      assert.equal(r.status, 200, `request ${i}`);
      assert.equal(r.body.toString(), 'BR CN\n');
    }
    const statuses = [];
    for (let i = 0; i < 40; ++i) statuses.push((await request(srv.urls.ERROR, '/flags/br/br.gif')).status);
    assert.ok(statuses.some((s) => s !== 200), statuses.join(' '));
  });
});

describe('/_stats', () => {
  test('schema, per-listener counts, not counting itself, reset', async () => {
    await resetStats(srv.urls.LOCAL);
    await request(srv.urls.LOCAL, '/flags/br/br.gif');
    await request(srv.urls.LOCAL, '/flags/zz/zz.gif');
    await request(srv.urls.DELAY, '/flags/br/br.gif');
    const s = await getStats(srv.urls.ERROR);  // any listener reports for all
    for (const k of ['requests', 'in_flight', 'peak_in_flight', 'by_status', 'listeners']) assert.ok(k in s, k);
    assert.equal(s.requests, 3);
    assert.equal(s.in_flight, 0);
    assert.deepEqual(s.by_status, { 200: 2, 404: 1 });
    assert.deepEqual(Object.keys(s.listeners).sort(), ['DELAY', 'ERROR', 'LOCAL']);
    assert.equal(s.listeners.LOCAL.requests, 2);
    assert.deepEqual(s.listeners.LOCAL.by_status, { 200: 1, 404: 1 });
    assert.equal(s.listeners.DELAY.requests, 1);
    assert.equal(s.listeners.ERROR.requests, 0);
    assert.equal(s.peak_in_flight, 1);
    for (const mode of ['LOCAL', 'DELAY', 'ERROR']) {
      assert.equal(s.listeners[mode].port, srv.ports[mode], `${mode} port`);
      assert.equal(s.listeners[mode].url, srv.urls[mode], `${mode} url`);
    }

    const st = await request(srv.urls.DELAY, '/_stats');
    assert.ok(st.ms < DELAY_S * 1000, '/_stats is never delayed');
    assert.equal(st.headers['access-control-allow-origin'], '*');
    assert.equal(st.headers['content-type'], 'application/json');

    const viaGet = await request(srv.urls.LOCAL, '/_stats?reset=1');
    assert.equal(JSON.parse(viaGet.body).requests, 3, 'GET only reads, whatever the query');
    assert.equal((await getStats(srv.urls.LOCAL)).requests, 3, 'GET /_stats?reset=1 resets nothing');
    const viaPost = await request(srv.urls.LOCAL, '/_stats/reset', { method: 'POST' });
    assert.equal(JSON.parse(viaPost.body).requests, 3, 'reset answers with the counts it zeroes');
    assert.equal(viaPost.headers['access-control-allow-origin'], undefined, 'no CORS grant on the reset');
    const z = await getStats(srv.urls.LOCAL);
    assert.equal(z.requests, 0);
    assert.deepEqual(z.by_status, {});
    assert.equal(z.listeners.LOCAL.requests, 0);
  });
});
