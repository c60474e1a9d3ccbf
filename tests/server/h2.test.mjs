// HTTP/2 over TLS (the -H2 listeners): one connection carries hundreds of concurrent
// streams, which is what lets a browser past its six HTTP/1.1 connections per origin.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, test } from 'node:test';
import { getStats, makeFixture, rawExchange, request, startServer, tlsCert, waitFor } from './server_helpers.mjs';

let fx;
let cert;
before(() => { fx = makeFixture(); cert = tlsCert(); });
after(() => fx.cleanup());

function connect(url) {
  const client = http2.connect(url, { ca: fs.readFileSync(cert.cert) });
  client.on('error', () => {});  // surfaced through the streams
  return client;
}

// One request on an open connection; resolves { status, headers, body } or { error }.
function get(client, p, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve) => {
    const s = client.request({ ':method': method, ':path': p, ...headers });
    const chunks = [];
    let head;
    s.on('response', (h) => { head = h; });
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => resolve({ status: head?.[':status'], headers: head, body: Buffer.concat(chunks) }));
    s.on('error', (error) => resolve({ error }));
    s.end();
  });
}

test('a flag over h2 is byte-identical to the file, with the same headers; /_stats lists the -H2 listeners', async () => {
  const srv = await startServer(['--flags', fx.flags, '--web', fx.web, ...cert.args]);
  try {
    for (const name of ['LOCAL-H2', 'DELAY-H2', 'ERROR-H2'])
      assert.match(srv.stdout(), new RegExp(`^LISTEN ${name} https://localhost:\\d+/$`, 'm'));
    assert.match(srv.stdout(), /^LISTEN ERROR-H2 .*\nREADY$/m, 'the -H2 lines come last, before READY');
    const client = connect(srv.urls['LOCAL-H2']);
    try {
      const r = await get(client, '/flags/br/br.gif');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, fs.readFileSync(path.join(fx.flags, 'br', 'br.gif')));
      assert.equal(r.headers['content-type'], 'image/gif');
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.equal((await get(client, '/flags/br/br.gif', { method: 'HEAD' })).body.length, 0);
      assert.equal((await get(client, '/flags/zz/zz.gif')).status, 404);
      assert.equal((await get(client, '/flags/../secret.txt')).status, 400);
      assert.equal((await get(client, '/flags/br/br.gif', { method: 'DELETE' })).status, 405);
      assert.equal((await get(client, '/', {})).body.toString(), fs.readFileSync(path.join(fx.web, 'index.html'), 'utf8'));
      assert.equal((await get(client, '/flags/br/br.gif', { headers: { 'x-big': 'a'.repeat(10000) } })).status, 431);
      const stats = JSON.parse((await get(client, '/_stats')).body);
      for (const name of ['LOCAL-H2', 'DELAY-H2', 'ERROR-H2']) {
        assert.equal(stats.listeners[name].port, srv.ports[name]);
        assert.equal(stats.listeners[name].url, srv.urls[name]);
      }
      assert.equal(stats.listeners['LOCAL-H2'].requests, 7);
      assert.equal(stats.listeners['LOCAL-H2'].connections, 1);
    } finally {
      client.close();
    }
  } finally {
    assert.equal((await srv.stop()).code, 0);
  }
});

test('500 concurrent streams on ONE connection to DELAY-H2 are all in flight at once', async () => {
  const srv = await startServer(['--flags', fx.flags, '--delay', '0.5', ...cert.args]);
  const client = connect(srv.urls['DELAY-H2']);
  try {
    const rs = await Promise.all(Array.from({ length: 500 }, () => get(client, '/flags/cn/cn.gif')));
    assert.equal(rs.filter((r) => r.status === 200).length, 500, JSON.stringify(rs.find((r) => r.status !== 200)));
    const s = (await getStats(srv.urls.LOCAL)).listeners['DELAY-H2'];
    assert.equal(s.connections, 1, 'one connection');
    assert.equal(s.requests, 500);
    assert.ok(s.peak_in_flight >= 400, `peak in flight ${s.peak_in_flight}`);
    console.log(`# DELAY-H2: 500 streams on one connection, peak in flight ${s.peak_in_flight}`);
  } finally {
    client.close();
    assert.equal((await srv.stop()).code, 0);
  }
});

test('ERROR-H2 with --seed: 500/503 at about --error-rate, both kinds', async () => {
  const srv = await startServer(['--flags', fx.flags, '--delay', '0', '--error-rate', '0.25', '--seed', '42', ...cert.args]);
  const client = connect(srv.urls['ERROR-H2']);
  try {
    const statuses = [];
    for (let batch = 0; batch < 10; ++batch)  // 10 x 200 streams: within the server's stream limit
      statuses.push(...(await Promise.all(Array.from({ length: 200 }, () => get(client, '/flags/br/metadata.json')))).map((r) => r.status));
    const count = (x) => statuses.filter((s) => s === x).length;
    const failed = count(500) + count(503);
    assert.equal(count(200) + failed, 2000, 'only 200, 500 and 503');
    // 4 standard deviations of a binomial(2000, 0.25) is 0.039.
    assert.ok(Math.abs(failed / 2000 - 0.25) < 0.04, `error rate ${failed / 2000}`);
    assert.ok(count(500) > 0 && count(503) > 0);
    const s = (await getStats(srv.urls.LOCAL)).listeners['ERROR-H2'];
    assert.equal(s.by_status['500'], count(500));
    assert.equal(s.by_status['503'], count(503));
  } finally {
    client.close();
    assert.equal((await srv.stop()).code, 0);
  }
});

test('the code list is neither delayed by DELAY-H2 nor failed by ERROR-H2', async () => {
  const srv = await startServer(['--flags', fx.flags, '--delay', '2', '--error-rate', '0.5', '--seed', '3', ...cert.args]);
  const delay = connect(srv.urls['DELAY-H2']);
  const error = connect(srv.urls['ERROR-H2']);
  try {
    const t0 = performance.now();
    const listed = await get(delay, '/flags/country_codes.txt');
    assert.equal(listed.status, 200);
    assert.ok(performance.now() - t0 < 1000, `took ${performance.now() - t0} ms`);
    const statuses = (await Promise.all(Array.from({ length: 40 }, () => get(error, '/flags/country_codes.txt')))).map((r) => r.status);
    assert.ok(statuses.every((st) => st === 200), statuses.join(' '));
  } finally {
    delay.close();
    error.close();
    assert.equal((await srv.stop()).code, 0);
  }
});

test('streams reset mid-delay, and a connection dropped mid-delay, leave in_flight at 0 and count client_gone', async () => {
  const srv = await startServer(['--flags', fx.flags, '--delay', '30', ...cert.args]);
  try {
    const inFlight = async (n) => (await getStats(srv.urls.LOCAL)).listeners['DELAY-H2'].in_flight === n;
    const client = connect(srv.urls['DELAY-H2']);
    const streams = Array.from({ length: 40 }, () => {
      const s = client.request({ ':path': '/flags/br/br.gif' });
      s.on('error', () => {});
      s.end();
      return s;
    });
    assert.ok(await waitFor(() => inFlight(40), 10000), 'all 40 in flight');
    for (const s of streams) s.close(http2.constants.NGHTTP2_CANCEL);  // RST_STREAM
    assert.ok(await waitFor(() => inFlight(0), 5000), 'in_flight back to 0 after the resets');
    let s = (await getStats(srv.urls.LOCAL)).listeners['DELAY-H2'];
    assert.equal(s.client_gone, 40);
    // The same connection still serves (the resets did not kill it).
    assert.equal((await get(client, '/_stats')).status, 200);

    const other = connect(srv.urls['DELAY-H2']);
    for (let i = 0; i < 20; ++i) other.request({ ':path': '/flags/cn/cn.gif' }).on('error', () => {}).end();
    assert.ok(await waitFor(() => inFlight(20), 10000), 'all 20 in flight');
    other.destroy();  // TCP connection gone, no RST_STREAM
    assert.ok(await waitFor(() => inFlight(0), 5000), 'in_flight back to 0 after the drop');
    s = (await getStats(srv.urls.LOCAL)).listeners['DELAY-H2'];
    assert.equal(s.client_gone, 60);
    assert.deepEqual(s.by_status, {});
    client.close();
  } finally {
    assert.equal((await srv.stop('SIGKILL')).signal, 'SIGKILL');
  }
});

test('garbage to a TLS port (plain HTTP, random bytes, bad h2 after TLS) does not stop the server', async () => {
  const srv = await startServer(['--flags', fx.flags, '--header-timeout', '2', ...cert.args]);
  try {
    const port = srv.ports['LOCAL-H2'];
    await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { idleMs: 1000 });
    await rawExchange(port, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 255)), { idleMs: 1000 });
    await rawExchange(port, Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 1, 2, 3]), { idleMs: 1000 });
    // A proper TLS handshake with ALPN h2, then not HTTP/2: a bad preface, then garbage frames.
    for (const payload of ['GET / HTTP/1.1\r\n\r\n', Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.alloc(64, 0xff)])]) {
      await new Promise((resolve) => {
        const sock = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: fs.readFileSync(cert.cert), ALPNProtocols: ['h2'] });
        sock.on('secureConnect', () => { assert.equal(sock.alpnProtocol, 'h2'); sock.write(payload); });
        sock.on('data', () => {});
        sock.on('error', resolve);
        sock.on('close', resolve);
        setTimeout(() => { sock.destroy(); resolve(); }, 3000);
      });
    }
    // Unknown frame types are ignored (RFC 9113, 4.1): a PING after one is still answered.
    const reply = await new Promise((resolve) => {
      const sock = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: fs.readFileSync(cert.cert), ALPNProtocols: ['h2'] });
      let got = Buffer.alloc(0);
      sock.on('secureConnect', () => sock.write(Buffer.concat([
        Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
        Buffer.from([0, 0, 0, 0x4, 0, 0, 0, 0, 0]),                          // SETTINGS, empty
        Buffer.from([0, 0, 3, 0xfa, 0, 0, 0, 0, 0, 1, 2, 3]),                // type 0xfa: unknown
        Buffer.from([0, 0, 8, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]),  // PING
      ])));
      sock.on('data', (d) => {
        got = Buffer.concat([got, d]);
        if (got.includes(Buffer.from([0, 0, 8, 0x6, 0x1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]))) { sock.destroy(); resolve(true); }
      });
      sock.on('error', () => resolve(false));
      sock.on('close', () => resolve(false));
    });
    assert.ok(reply, 'PING ACK after an unknown frame');
    // ALPN without h2 (an HTTP/1.1-only client): refused in the handshake.
    const alpnError = await new Promise((resolve) => {
      const sock = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: fs.readFileSync(cert.cert), ALPNProtocols: ['http/1.1'] });
      sock.on('secureConnect', () => { sock.destroy(); resolve(null); });
      sock.on('error', resolve);
    });
    assert.match(String(alpnError?.message), /no application protocol/i);
    // Half a handshake, then silence: closed after --header-timeout.
    const t0 = performance.now();
    await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => sock.write(Buffer.from([0x16, 0x03, 0x01])));
      sock.on('close', resolve);
      sock.on('error', () => {});
    });
    assert.ok(performance.now() - t0 < 8000);
    const client = connect(srv.urls['LOCAL-H2']);
    const r = await get(client, '/flags/br/br.gif');
    client.close();
    assert.equal(r.status, 200);
    assert.equal((await request(srv.urls.LOCAL, '/flags/br/br.gif')).status, 200);
    assert.equal((await getStats(srv.urls.LOCAL)).listeners['LOCAL-H2'].connections, 0);
  } finally {
    assert.equal((await srv.stop()).code, 0);
  }
});

test('--tls-cert without --tls-key, or an unreadable certificate, is refused', async () => {
  await assert.rejects(startServer(['--tls-cert', cert.cert], { timeoutMs: 5000 }), /go together/);
  const bad = path.join(fx.root, 'bad.pem');
  fs.writeFileSync(bad, 'not a certificate');
  await assert.rejects(startServer(['--tls-cert', bad, '--tls-key', cert.key], { timeoutMs: 5000 }), /cannot load --tls-cert/);
});

test('--tls-cert-dir: each s<N>.localhost gets a certificate for its name alone; /_stats counts a connection carrying two origins', async () => {
  await assert.rejects(startServer(['--tls-cert-dir', cert.names], { timeoutMs: 5000 }), /--tls-cert-dir needs --tls-cert/);
  const srv = await startServer(['--flags', fx.flags, ...cert.args]);
  try {
    const port = srv.ports['LOCAL-H2'];
    const namesFor = async (servername) => {
      const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: fs.readFileSync(cert.ca), ALPNProtocols: ['h2'] });
      try {
        await new Promise((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); });
        return socket.getPeerCertificate().subjectaltname;
      } finally {
        socket.destroy();
      }
    };
    // A browser pools two origins onto one connection only when its certificate covers both.
    assert.equal(await namesFor('s3.localhost'), 'DNS:s3.localhost');
    assert.equal(await namesFor('s41.localhost'), 'DNS:s41.localhost');
    const main = await namesFor('localhost');
    assert.match(main, /DNS:localhost/);
    assert.doesNotMatch(main, /s\d+\.localhost|\*/);

    // What a pooling client does: one connection, requests naming two origins.
    const client = connect(srv.urls['LOCAL-H2']);
    try {
      assert.equal((await get(client, '/flags/br/br.gif')).status, 200);
      assert.equal((await get(client, '/flags/br/br.gif', { headers: { ':authority': `s1.localhost:${port}` } })).status, 200);
      assert.equal((await get(client, '/flags/cn/cn.gif')).status, 200);
    } finally {
      client.close();
    }
    const h2 = (await getStats(srv.urls.LOCAL)).listeners['LOCAL-H2'];
    assert.equal(h2.connections_used, 1);
    assert.equal(h2.connections_shared, 1);
    assert.deepEqual(h2.hosts, [`localhost:${port}`, `s1.localhost:${port}`]);

    // A client naming a new :authority in every request: served, but the list stays bounded.
    const many = connect(srv.urls['LOCAL-H2']);
    try {
      for (let i = 0; i < 80; ++i)
        assert.equal((await get(many, '/flags/br/br.gif', { headers: { ':authority': `h${i}.example:${port}` } })).status, 200);
    } finally {
      many.close();
    }
    const bounded = (await getStats(srv.urls.LOCAL)).listeners['LOCAL-H2'];
    assert.equal(bounded.hosts.length, 64);
    assert.equal(bounded.requests, 83);
  } finally {
    assert.equal((await srv.stop()).code, 0);
  }
});

test('SIGTERM: GOAWAY with the last stream id, and the streams already accepted are answered', async () => {
  const srv = await startServer(['--flags', fx.flags, '--delay', '1', '--grace', '10', ...cert.args]);
  const client = connect(srv.urls['DELAY-H2']);
  try {
    const goaway = new Promise((resolve) => client.on('goaway', (code, lastStreamID) => resolve({ code, lastStreamID })));
    const pending = Array.from({ length: 20 }, () => get(client, '/flags/cn/cn.gif'));
    assert.ok(await waitFor(async () => (await getStats(srv.urls.LOCAL)).listeners['DELAY-H2'].in_flight === 20, 10000));
    const exited = srv.stop('SIGTERM');
    const g = await goaway;
    assert.equal(g.code, http2.constants.NGHTTP2_NO_ERROR);
    assert.equal(g.lastStreamID, 39, 'streams 1, 3, ..., 39 will be answered');
    const rs = await Promise.all(pending);
    assert.deepEqual(rs.map((r) => r.status), Array(20).fill(200));
    assert.equal((await exited).code, 0);
  } finally {
    client.destroy();
    await srv.stop('SIGKILL');
  }
});
