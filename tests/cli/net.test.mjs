// http_get over the real FetchTransport (emscripten_fetch + the node backend, src/net/node)
// against coflags-server: status mapping, headers, JSON, progress, and that
// timeouts and cancellation really close the connection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { projectDataset, startServer, waitFor } from './harness.mjs';

const PROBE = process.env.COFLAGS_NET_PROBE;
assert.ok(PROBE, 'COFLAGS_NET_PROBE must name the built net_probe.js (run through ctest)');

function probe(...args) {
  const r = spawnSync('node', [PROBE, ...args.map(String)], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `net_probe ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('http_get over emscripten_fetch', () => {
  let server;
  before(async () => { server = await startServer(['--flags', projectDataset(), '--delay', '3']); });
  after(async () => { await server?.stop(); });

  test('a 200 gives status, headers, body and progress', () => {
    const out = probe('get', `${server.flags('LOCAL')}/br/br.gif`);
    assert.match(out, /^status 200 OK$/m);
    assert.match(out, /^content-type image\/gif$/m);
    assert.match(out, /^bytes [1-9]\d*$/m);
    assert.match(out, /^progress yes$/m);
  });

  test('JSON bodies parse when asked; bad JSON is BadBody', () => {
    assert.match(probe('json', `${server.urls.LOCAL}/_stats`), /^json object$/m);
    assert.match(probe('error', `${server.flags('LOCAL')}/country_codes.txt`), /^BadBody: bad response body: not valid JSON/m);
  });

  test('404 is NotFound, no server is NetworkError naming the cause', () => {
    assert.match(probe('error', `${server.flags('LOCAL')}/qq/qq.gif`), /^NotFound 404: HTTP error 404 - Not Found \(http:/m);
    assert.match(probe('error', 'http://127.0.0.1:9/flags/br/br.gif'),
      /^NetworkError: network error: connect ECONNREFUSED 127\.0\.0\.1:9 \(http:\/\/127\.0\.0\.1:9\/flags\/br\/br\.gif\)$/m);
  });

  test('a timeout aborts the request: the server sees the client go', async () => {
    await server.reset();
    const out = probe('timeout', `${server.flags('DELAY')}/br/br.gif`, 300);
    assert.match(out, /^RequestTimeout: timed out after 0\.3 s/m);
    assert.match(out, /^in flight 0$/m);
    assert.match(out, /^still alive$/m);
    const stats = await server.stats('DELAY');
    assert.equal(stats.client_gone, 1);
    assert.equal(stats.in_flight, 0);
  });

  test('cancelling the awaiting task aborts the request', async () => {
    await server.reset();
    const out = probe('cancel', `${server.flags('DELAY')}/br/br.gif`, 300);
    assert.match(out, /^in flight before 1$/m);
    assert.match(out, /^cancelled$/m);
    assert.match(out, /^in flight after 0$/m);
    assert.match(out, /^still alive$/m);
    await waitFor(async () => (await server.stats('DELAY')).client_gone === 1, { what: 'the server to see the client go' });
  });

  test('hundreds of requests at once, twice: slots are reused', () => {
    const out = probe('many', `${server.flags('LOCAL')}/jp/jp.gif`, 300);
    assert.match(out, /^wave 0: 300 responses, \d+ bytes, in flight 0$/m);
    assert.match(out, /^wave 1: 300 responses, \d+ bytes, in flight 0$/m);
  });
});
