// Nothing outside the served roots leaks; bad and oversized requests are refused
// and the server keeps serving; slow clients are cut off.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { makeFixture, rawExchange, request, startServer, statusOf } from './server_helpers.mjs';

let fx;
let srv;

before(async () => {
  fx = makeFixture();
  srv = await startServer(['--flags', fx.flags, '--web', fx.web, '--delay', '0.2',
    '--header-timeout', '1', '--max-header-bytes', '4096', '--max-body-bytes', '1024']);
});
after(async () => {
  const { code } = await srv.stop('SIGTERM');
  fx.cleanup();
  assert.equal(code, 0);
});

async function stillServing() {
  const r = await request(srv.urls.LOCAL, '/flags/br/metadata.json');
  assert.equal(r.status, 200, 'server still serves after the bad request');
  assert.equal(JSON.parse(r.body).iso_cc, 'BR');
}

describe('path traversal', () => {
  // Sent byte for byte (node's http client would not normalise them either, but a raw socket is certain).
  const attempts = [
    '/flags/../secret.txt',
    '/flags/../../secret.txt',
    '/../secret.txt',
    '/flags/br/../../secret.txt',
    '/flags/%2e%2e/secret.txt',
    '/flags/%2E%2E/secret.txt',
    '/flags/.%2e/secret.txt',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/flags/..%2fsecret.txt',
    '/flags/%2f..%2fsecret.txt',
    '/flags/br%2F..%2F..%2Fsecret.txt',
    '/flags/..%5csecret.txt',
    '/flags/..\\secret.txt',
    '//etc/passwd',
    '/flags//etc/passwd',
    '/flags/%2fetc%2fpasswd',
    '/flags/br/br.gif%00.txt',
    '/flags/%00',
    '/flags/%zz',
    '/flags/%2',
    '/flags/escape/secret.txt',   // symlinked directory pointing out of the root
    '/flags/secret.txt',          // symlinked file pointing out of the root
    '/web/../secret.txt',
    '/./flags/br/br.gif',
    'http://127.0.0.1/etc/passwd',
    'flags/br/br.gif',
    '*',
  ];
  for (const target of attempts) {
    test(`refuses ${target}`, async () => {
      const r = await rawExchange(srv.ports.LOCAL, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const status = statusOf(r.text);
      assert.ok([400, 404].includes(status), `${target} answered ${status}`);
      assert.ok(!r.text.includes(fx.outsideSecret), 'secret leaked');
      assert.ok(!r.text.includes('root:'), '/etc/passwd leaked');
    });
  }

  test('a symlink that stays inside the root is served', async () => {
    const r = await request(srv.urls.LOCAL, '/flags/inside.gif');
    assert.equal(r.status, 200);
    assert.equal(r.body.toString('latin1'), 'GIF89abr-flag-bytes');
  });

  test('percent-encoded names that stay inside are fine', async () => {
    const r = await request(srv.urls.LOCAL, '/flags/%62r/%62r.gif');
    assert.equal(r.status, 200);
  });
});

describe('malformed and oversized requests', () => {
  const bad = {
    'garbage request line': 'THIS IS NOT HTTP\r\n\r\n',
    'missing version': 'GET /flags/br/br.gif\r\nHost: x\r\n\r\n',
    'bad version': 'GET / HTTP/9.Z\r\nHost: x\r\n\r\n',
    'space in target': 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n',
    'header without colon': 'GET / HTTP/1.1\r\nHost x\r\n\r\n',
    'bad content-length': 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
  };
  for (const [name, bytes] of Object.entries(bad)) {
    test(`400 for ${name}, then keeps serving`, async () => {
      const r = await rawExchange(srv.ports.LOCAL, bytes);
      assert.equal(statusOf(r.text), 400, r.text);
      assert.match(r.text, /\r\nAccess-Control-Allow-Origin: \*\r\n/i);
      assert.ok(r.closed, 'connection closed after a bad request');
      await stillServing();
    });
  }

  // RFC 9112 6.3 and 3.2: a body whose length cannot be known, or a request whose Host is
  // missing, repeated or malformed, gets 400 and the connection is closed; what the client
  // sent after it is never read as a request of its own.
  const smuggled = 'GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\n\r\n';
  const framing = {
    'unknown transfer coding (xchunked)': 'POST /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n',
    'chunked, then identity': 'POST /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n',
    'a coding before chunked (gzip, chunked)': 'POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
    'chunked twice': 'POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'Transfer-Encoding and Content-Length': 'POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
    'Transfer-Encoding in HTTP/1.0': 'POST /x HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'no Host': 'GET /flags/br/br.gif HTTP/1.1\r\n\r\n',
    'two Host fields': 'GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n',
    'a Host with a path in it': 'GET /flags/br/br.gif HTTP/1.1\r\nHost: x/y\r\n\r\n',
    'a Host with a space in it': 'GET /flags/br/br.gif HTTP/1.1\r\nHost: x y\r\n\r\n',
  };
  for (const [name, bytes] of Object.entries(framing)) {
    test(`400 and close for ${name}`, async () => {
      const r = await rawExchange(srv.ports.LOCAL, bytes + smuggled);
      assert.equal(statusOf(r.text), 400, r.text);
      assert.equal(r.text.match(/HTTP\/1\.1 \d{3}/g).length, 1, `one response only: ${r.text}`);
      assert.ok(!r.text.includes('"iso_cc"'), 'the bytes after the bad request were not served');
      assert.ok(r.closed, 'connection closed');
      await stillServing();
    });
  }

  test('what RFC 9112 allows still works: chunked bodies, HTTP/1.0 without Host, an empty Host', async () => {
    const chunked = await rawExchange(srv.ports.LOCAL,
      'POST /_stats/reset HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    assert.equal(statusOf(chunked.text), 200, chunked.text);
    const old = await rawExchange(srv.ports.LOCAL, 'GET /flags/br/metadata.json HTTP/1.0\r\n\r\n');
    assert.equal(statusOf(old.text), 200, old.text);
    const empty = await rawExchange(srv.ports.LOCAL, 'GET /flags/br/metadata.json HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n');
    assert.equal(statusOf(empty.text), 200, empty.text);
    const ipv6 = await rawExchange(srv.ports.LOCAL, 'GET /flags/br/metadata.json HTTP/1.1\r\nHost: [::1]:8001\r\nConnection: close\r\n\r\n');
    assert.equal(statusOf(ipv6.text), 200, ipv6.text);
  });

  test('431 for oversized headers, then keeps serving', async () => {
    const big = 'X-Filler: ' + 'a'.repeat(8000) + '\r\n';
    const r = await rawExchange(srv.ports.LOCAL, `GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n${big}\r\n`);
    assert.equal(statusOf(r.text), 431, r.text.slice(0, 200));
    await stillServing();
  });

  test('431 for a huge request line too', async () => {
    const r = await rawExchange(srv.ports.LOCAL, `GET /${'a'.repeat(10000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal(statusOf(r.text), 431);
    await stillServing();
  });

  test('413 for a body over the limit', async () => {
    const r = await rawExchange(srv.ports.LOCAL,
      `POST /_stats/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'b'.repeat(2000)}`);
    assert.equal(statusOf(r.text), 413);
    await stillServing();
  });

  test('413 reaches a client that is still sending a big body', async () => {
    const body = 'b'.repeat(512 * 1024);
    const r = await rawExchange(srv.ports.LOCAL,
      `POST /_stats/reset HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`, { idleMs: 4000 });
    assert.equal(statusOf(r.text), 413, JSON.stringify(r.text.slice(0, 100)));
    await stillServing();
  });

  test('bad requests on DELAY are refused promptly too', async () => {
    const t0 = performance.now();
    const r = await rawExchange(srv.ports.DELAY, 'NOT HTTP AT ALL\r\n\r\n');
    assert.equal(statusOf(r.text), 400);
    assert.ok(performance.now() - t0 < 1000);
  });
});

describe('slow clients', () => {
  function slowClient(port, sendPartial) {
    return new Promise((resolve) => {
      const t0 = performance.now();
      const sock = net.connect(port, '127.0.0.1', () => { if (sendPartial) sock.write('GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n'); });
      let data = '';
      sock.on('data', (d) => { data += d; });
      sock.on('error', () => {});
      sock.on('close', () => resolve({ ms: performance.now() - t0, data }));
      setTimeout(() => { sock.destroy(); resolve({ ms: Infinity, data }); }, 8000);
    });
  }

  test('a client that never finishes its headers is cut off after --header-timeout', async () => {
    const slow = slowClient(srv.ports.LOCAL, true);
    await stillServing();  // others are served meanwhile
    const r = await slow;
    assert.ok(r.ms >= 900 && r.ms < 4000, `closed after ${r.ms} ms`);
    assert.equal(r.data, '', 'no response to half a request');
  });

  test('a slowloris trickling header bytes is cut off too', async () => {
    const t0 = performance.now();
    const closed = await new Promise((resolve) => {
      const sock = net.connect(srv.ports.LOCAL, '127.0.0.1');
      sock.on('error', () => {});
      const timer = setInterval(() => { if (!sock.destroyed) sock.write('X-A: b\r\n'); }, 100);
      sock.on('connect', () => sock.write('GET / HTTP/1.1\r\n'));
      sock.on('close', () => { clearInterval(timer); resolve(true); });
      setTimeout(() => { clearInterval(timer); sock.destroy(); resolve(false); }, 8000);
    });
    const ms = performance.now() - t0;
    assert.ok(closed && ms < 4000, `closed=${closed} after ${ms} ms`);
  });

  test('an idle connection is closed after --header-timeout', async () => {
    const r = await slowClient(srv.ports.LOCAL, false);
    assert.ok(r.ms >= 900 && r.ms < 4000, `closed after ${r.ms} ms`);
  });
});
