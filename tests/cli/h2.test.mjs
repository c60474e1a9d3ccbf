// The coflags CLI over HTTP/2: https:// URLs go through src/net/node/http2_client.js
// (node:http2, one connection per origin) to the server's -H2 listeners.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';

import { finalReport, projectDataset, runCli, runCliSync, serverCodes, startServer, tlsCert, tmpDir, waitFor } from './harness.mjs';

const POP20 = 'CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR'.split(' ');
const DELAY_S = 0.5;

function every676() {
  const out = [];
  for (const a of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') for (const b of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') out.push(a + b);
  return out;
}

describe('https:// over HTTP/2 against the -H2 listeners', () => {
  let server;
  let flagsDir;
  let codes;
  let trust;  // the environment that makes node trust the self-signed certificate

  before(async () => {
    const { cert, args: tlsArgs } = tlsCert();
    trust = { NODE_EXTRA_CA_CERTS: cert };
    flagsDir = projectDataset();
    codes = serverCodes(flagsDir);
    server = await startServer(['--flags', flagsDir, '--delay', String(DELAY_S), '--error-rate', '0.25', '--seed', '7',
      ...tlsArgs]);
    for (const label of ['LOCAL-H2', 'DELAY-H2', 'ERROR-H2']) assert.match(server.urls[label] || '', /^https:/, `no LISTEN ${label}`);
  });
  after(async () => { await server?.stop(); });

  test('POP20 from LOCAL-H2: all downloaded, the same files as over HTTP/1.1', async () => {
    await server.reset();
    const h2Dest = tmpDir();
    const r = await runCli(['--url', server.flags('LOCAL-H2'), '--dest', h2Dest], { env: trust });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^URL site: https:\/\/\S+\/flags$/m);
    const report = finalReport(r.out);
    assert.deepEqual([report.ok, report.notFound, report.errors], [20, 0, 0]);
    const stats = await server.stats();
    assert.equal(stats.listeners['LOCAL-H2'].requests, 20, 'the requests did not reach LOCAL-H2');
    assert.equal(stats.listeners['LOCAL-H2'].by_status['200'], 20);

    const h1Dest = tmpDir();
    const h1 = await runCli(['--url', server.flags('LOCAL'), '--dest', h1Dest]);
    assert.equal(h1.code, 0, h1.err);
    const names = POP20.map((cc) => `${cc.toLowerCase()}.gif`).sort();
    assert.deepEqual(fs.readdirSync(h2Dest).sort(), names);
    assert.deepEqual(fs.readdirSync(h1Dest).sort(), names);
    for (const name of names) {
      const h2Bytes = fs.readFileSync(path.join(h2Dest, name));
      assert.ok(h2Bytes.equals(fs.readFileSync(path.join(h1Dest, name))), `${name}: HTTP/2 and HTTP/1.1 differ`);
      assert.ok(h2Bytes.equals(fs.readFileSync(path.join(flagsDir, name.slice(0, 2), name))), `${name} differs from the server's`);
    }
  });

  test('a 404 is counted as not found', async () => {
    const r = await runCli(['--url', server.flags('LOCAL-H2'), '--dest', tmpDir(), '-v', 'BR', 'QQ'], { env: trust });
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    assert.deepEqual([report.ok, report.notFound, report.errors], [1, 1, 0]);
    assert.match(r.out, /^QQ not found: https:\/\/\S+\/flags\/qq\/qq\.gif$/m);
  });

  test('ERROR-H2: counts add up and match the server\'s per-status counts', async () => {
    await server.reset();
    const dest = tmpDir();
    const r = await runCli(['--url', server.flags('ERROR-H2'), '--dest', dest, '-m', '50', '-v', ...codes], { env: trust });
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    assert.equal(report.ok + report.notFound + report.errors, codes.length);
    assert.ok(report.errors > 0, 'an error rate of 0.25 gave no errors');
    const stats = await server.stats('ERROR-H2');
    assert.equal(stats.requests, codes.length);
    const serverErrors = Object.entries(stats.by_status).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    assert.equal(stats.by_status['200'] ?? 0, report.ok);
    assert.equal(serverErrors, report.errors);
    assert.equal(fs.readdirSync(dest).length, report.ok);
    assert.match(r.out, /^[A-Z]{2} error: HTTP error 50[03] - (Internal Server Error|Service Unavailable) \(https:/m);
  });

  test('-e -m 1000 against DELAY-H2: all 676 in flight at once on one connection', async () => {
    await server.reset();
    let during = null;
    const r = await runCli(['--url', server.flags('DELAY-H2'), '--dest', tmpDir(), '-e', '-m', '1000'], {
      env: trust,
      during: async () => {
        during = await waitFor(async () => {
          const s = await server.stats('DELAY-H2');
          return s.in_flight === 676 ? s : null;
        }, { what: '676 requests in flight on DELAY-H2' });
      },
    });
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    const served = every676().filter((cc) => codes.includes(cc)).length;
    assert.deepEqual([report.ok, report.notFound, report.errors], [served, 676 - served, 0]);
    const stats = await server.stats('DELAY-H2');
    assert.equal(stats.requests, 676);
    assert.equal(stats.peak_in_flight, 676);
    assert.ok(during, 'never saw 676 in flight');
    assert.equal(during.connections, 1, 'HTTP/2 should carry every request on one connection');
    // One delay plus start-up, not several delays' worth of queueing.
    assert.ok(report.elapsed < DELAY_S * 4, `took ${report.elapsed} s for a ${DELAY_S} s delay`);
  });

  test('--timeout resets the streams (RST_STREAM): the server sees the client go', async () => {
    await server.reset();
    const r = await runCli(['--url', server.flags('DELAY-H2'), '--dest', tmpDir(), '--timeout', '0.05', '-v', 'BR', 'JP'],
      { env: trust });
    assert.equal(r.code, 0, r.err);
    assert.equal(finalReport(r.out).errors, 2);
    assert.match(r.out, /^BR error: timed out after 0\.05 s/m);
    const stats = await waitFor(async () => {
      const s = await server.stats('DELAY-H2');
      return s.in_flight === 0 ? s : null;
    }, { timeoutMs: 2000, what: 'the reset streams to stop counting' });
    assert.equal(stats.client_gone, 2);
  });

  test('without NODE_EXTRA_CA_CERTS: a certificate error that says what to do', async () => {
    const r = await runCli(['--url', server.flags('LOCAL-H2'), '--dest', tmpDir(), '-v', 'BR'],
      { env: { NODE_EXTRA_CA_CERTS: undefined } });
    assert.equal(r.code, 0, r.err);  // a run that finished exits 0 whatever its counts
    assert.equal(finalReport(r.out).errors, 1);
    assert.match(r.out, /^BR error: network error: TLS certificate not trusted: self-signed certificate .*NODE_EXTRA_CA_CERTS/m);
  });

  test('without NODE_EXTRA_CA_CERTS, -a cannot get the code list: exits non-zero', async () => {
    const r = await runCli(['--url', server.flags('LOCAL-H2'), '--dest', tmpDir(), '-a'],
      { env: { NODE_EXTRA_CA_CERTS: undefined } });
    assert.notEqual(r.code, 0, r.out + r.err.slice(-300));
  });

  test('without NODE_EXTRA_CA_CERTS, -a says why it cannot get the code list', async () => {
    const r = await runCli(['--url', server.flags('LOCAL-H2'), '--dest', tmpDir(), '-a'],
      { env: { NODE_EXTRA_CA_CERTS: undefined } });
    assert.equal(r.code, 1, r.out + r.err.slice(-300));
    assert.match(r.err, /cannot get the list of country codes .*certificate/);
  });

  test('an https:// URL on a plain HTTP listener says the server does not speak TLS', async () => {
    const plain = server.flags('LOCAL').replace(/^http:/, 'https:');
    const r = await runCli(['--url', plain, '--dest', tmpDir(), '-v', 'BR'], { env: trust, timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^BR error: network error: the server does not speak TLS/m);
  });
});

describe('https:// servers that do not speak HTTP/2: a clear error, not a hang', () => {
  let cert;
  let key;
  let trust;
  const servers = [];
  before(() => {
    const files = tlsCert();
    cert = fs.readFileSync(files.cert);
    key = fs.readFileSync(files.key);
    trust = { NODE_EXTRA_CA_CERTS: files.cert };  // so the failure is HTTP/2's, not the certificate's
  });
  after(() => { for (const s of servers) s.close(); });

  async function listen(s) {
    servers.push(s);
    await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${s.address().port}/flags`;
  }

  test('HTTP/1.1 only (ALPN refuses h2)', async () => {
    const url = await listen(https.createServer({ key, cert, ALPNProtocols: ['http/1.1'] }, (q, r) => r.end('GIF89a')));
    const r = await runCli(['--url', url, '--dest', tmpDir(), '-v', 'BR'], { env: trust, timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^BR error: network error: the server does not speak HTTP\/2 over TLS \(ALPN h2 refused\)/m);
  });

  test('TLS without ALPN', async () => {
    const s = tls.createServer({ key, cert }, (socket) => {
      socket.on('error', () => {});
      socket.on('data', () => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'));
    });
    const url = await listen(s);
    const r = await runCli(['--url', url, '--dest', tmpDir(), '-v', 'BR'], { env: trust, timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^BR error: network error: the server does not speak HTTP\/2 over TLS \(no ALPN h2\)/m);
  });
});

test('--help says https:// goes over HTTP/2 and how to trust a self-signed server', () => {
  const r = runCliSync(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /https:\/\/ URLs go over HTTP\/2/);
  assert.match(r.out, /NODE_EXTRA_CA_CERTS=build\/tls\/cert\.pem/);
});
