"""Hostile HTTP/2 clients against a real coflags-server (ctest: server.h2_hostile.*).

Each test starts the server on ephemeral 127.0.0.1 ports with deadlines shortened by its
options, attacks it with python3-h2 clients (bounded in number and time), checks that it
keeps serving a normal client, and stops it by PID. Memory is read from /proc/PID/status.
Under ASan the server's quarantine (freed memory kept to catch use-after-free) is cut to
1 MB, or the thresholds would measure the sanitizer rather than the server.
"""

import asyncio
import http.client
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

import h2.config
import h2.connection

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2_clients import Client, open_many, rss_kb, tls_context  # noqa: E402

SERVER = os.environ.get('COFLAGS_SERVER')
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
REFUSED_STREAM, CANCEL = 7, 8


def tls_files():
    d = os.path.join(REPO, 'build', 'tls')
    subprocess.run([os.path.join(REPO, 'scripts', 'make_tls_cert.sh'), d], check=True)
    return os.path.join(d, 'cert.pem'), os.path.join(d, 'key.pem')


CERT, KEY = tls_files()
BIG = 760 * 1024  # about coflags.wasm


class Server:
    """coflags-server on ephemeral ports, stopped by PID."""

    def __init__(self, *args):
        self.web = tempfile.TemporaryDirectory(prefix='coflags-h2-hostile-')
        with open(os.path.join(self.web.name, 'coflags.wasm'), 'wb') as f:
            f.write(os.urandom(BIG))
        with open(os.path.join(self.web.name, 'small.txt'), 'w') as f:
            f.write('small\n')
        env = dict(os.environ, ASAN_OPTIONS='detect_leaks=0:quarantine_size_mb=1:thread_local_quarantine_size_kb=64')
        self.proc = subprocess.Popen(
            [SERVER, '--port', '0', '--web', self.web.name, '--tls-cert', CERT, '--tls-key', KEY, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        out = ''
        end = time.monotonic() + 20
        while 'READY' not in out:
            line = self.proc.stdout.readline().decode()
            if not line or time.monotonic() > end:
                raise RuntimeError(f'server not READY: {out} {self.proc.stderr.read().decode()}')
            out += line
        self.ports = {m[0]: int(m[1]) for m in re.findall(r'^LISTEN (\S+) https?://[^:]+:(\d+)/$', out, re.M)}
        self.pid = self.proc.pid

    def sanitized(self):
        with open(f'/proc/{self.pid}/maps') as f:
            return 'libasan' in f.read()

    def rss_mb(self):
        return rss_kb(self.pid) / 1024

    def stats(self):
        c = http.client.HTTPConnection('127.0.0.1', self.ports['LOCAL'], timeout=30)
        c.request('GET', '/_stats')
        s = json.loads(c.getresponse().read())
        c.close()
        return s

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
            self.proc.stderr.close()
            self.web.cleanup()
        return code


def http1_get(port, path='/small.txt'):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    try:
        c.request('GET', path)
        r = c.getresponse()
        r.read()
        return r.status
    except OSError:
        return None
    finally:
        c.close()


async def normal_clients(srv, ctx, stop, period=0.2):
    """An HTTP/1.1 client and an HTTP/2 client asking for a file every `period` until `stop`
    is set; returns (statuses seen over HTTP/1.1, over HTTP/2, whether the HTTP/2 connection
    stayed open throughout)."""
    h1, h2s = [], []
    c = await Client.open(srv.ports['LOCAL-H2'], ctx)
    while not stop.is_set():
        h1.append(await asyncio.get_running_loop().run_in_executor(None, http1_get, srv.ports['LOCAL']))
        h2s.append((await c.get('/small.txt')).status)
        await asyncio.sleep(period)
    stayed = not c.closed
    await c.close()
    return h1, h2s, stayed


def run_against(test, srv, attack):
    """Runs the attack coroutine, then stops the server, which must exit 0 (SIGTERM)."""
    try:
        asyncio.run(attack())
    finally:
        test.assertEqual(srv.stop(), 0)


def count(c, pred):
    return sum(1 for s in c.streams.values() if pred(s))


class ZeroWindow(unittest.TestCase):
    def test_zero_window_streams_share_the_body_and_are_given_up_at_the_deadline(self):
        srv = Server('--write-timeout', '2', '--header-timeout', '2')
        ctx = tls_context(CERT)

        async def attack():
            warm = await Client.open(srv.ports['LOCAL-H2'], ctx)
            self.assertEqual((await warm.get('/coflags.wasm')).body, BIG)
            await warm.close()
            base = srv.rss_mb()
            # One connection, 1000 streams for a 760 KB file, and a window that never opens.
            one = await Client.open(srv.ports['LOCAL-H2'], ctx, window=0)
            await one.wait_for(lambda c: c.conn.remote_settings.max_concurrent_streams == 1000, 10)
            for _ in range(1000):
                one.request('/coflags.wasm')
            self.assertTrue(await one.wait_for(lambda c: count(c, lambda s: s.status == 200) == 1000, 30))
            grown = srv.rss_mb() - base
            print(f'# 1000 zero-window streams on one connection: +{grown:.1f} MB RSS')
            self.assertLess(grown, 20)
            # 50 connections of 100 such streams each.
            many = await open_many(50, srv.ports['LOCAL-H2'], ctx, window=0)
            t0 = time.monotonic()
            for c in many:
                for _ in range(100):
                    c.request('/coflags.wasm')
            for c in many:
                self.assertTrue(await c.wait_for(lambda c: count(c, lambda s: s.status == 200) == 100, 30))
            grown = srv.rss_mb() - base
            print(f'# + 50 connections x 100 zero-window streams: +{grown:.1f} MB RSS')
            self.assertLess(grown, 200)
            # A normal client is served meanwhile.
            normal = await Client.open(srv.ports['LOCAL-H2'], ctx)
            self.assertEqual((await normal.get('/coflags.wasm')).body, BIG)
            await normal.close()
            # --write-timeout resets the streams (a zero window counts), then --header-timeout
            # with nothing to answer closes the connections with GOAWAY.
            for c in [one, *many]:
                self.assertTrue(await c.wait_for(lambda c: c.closed, 60), 'closed by the deadline')
                self.assertEqual(count(c, lambda s: s.reset == CANCEL), len(c.streams))
                self.assertEqual(c.goaway[0], 0, 'GOAWAY NO_ERROR')
            print(f'# all 51 closed {max(c.closed_at for c in many) - t0:.1f} s after their streams opened')
            stats = srv.stats()['listeners']['LOCAL-H2']
            self.assertEqual(stats['connections'], 0)
            self.assertEqual(stats['client_gone'], 6000)
            self.assertEqual(stats['in_flight'], 0)

        run_against(self, srv, attack)


class IdleDeadline(unittest.TestCase):
    def test_ping_and_trickle_clients_are_closed_by_the_idle_deadline_while_a_normal_client_is_served(self):
        deadline = 2.0
        srv = Server('--header-timeout', str(deadline))
        ctx = tls_context(CERT)

        async def attack():
            stop = asyncio.Event()
            normal = asyncio.ensure_future(normal_clients(srv, ctx, stop))
            # 300 clients that keep the connection "active" more often than the deadline:
            # 250 send PING, 50 trickle one byte of DATA on a request they never finish.
            gate = asyncio.Semaphore(50)  # a flood of handshakes, but a bounded one

            async def busy_client(trickle):
                async with gate:
                    c = await Client.open(srv.ports['LOCAL-H2'], ctx)
                # Busy from its first moment: waiting for the other 299 handshakes first would
                # leave it idle long enough (on 2 loaded cores) for the deadline to close it.
                stream = c.request('/small.txt', end=False, method='POST') if trickle else None
                while not c.closed:
                    if stream is not None:
                        c.send_data(stream, b'x')
                    else:
                        c.ping()
                    await c.wait_for(lambda c: False, deadline / 4)
                return c

            clients = await asyncio.wait_for(asyncio.gather(*(busy_client(i < 50) for i in range(300))), 60)
            for c in clients:
                self.assertTrue(c.closed, 'closed by the idle deadline')
            held = [c.closed_at - c.opened_at for c in clients]
            print(f'# 300 PING/trickle clients held {min(held):.1f}..{max(held):.1f} s (deadline {deadline} s)')
            self.assertGreater(min(held), deadline * 0.9, 'not closed before the deadline')
            for c in clients:
                self.assertEqual(c.goaway and c.goaway[0], 0, 'GOAWAY NO_ERROR')
            stop.set()
            h1, h2s, stayed = await normal
            self.assertTrue(h1 and all(s == 200 for s in h1), h1)
            self.assertTrue(h2s and all(s == 200 for s in h2s), h2s)
            self.assertTrue(stayed, 'a client that makes requests is not idle')
            self.assertEqual(srv.stats()['listeners']['LOCAL-H2']['connections'], 0)

        run_against(self, srv, attack)

    def test_clients_holding_connections_cannot_lock_out_others(self):
        srv = Server('--header-timeout', '60', '--max-h2-connections', '50', '--max-connections', '50')
        ctx = tls_context(CERT)

        async def attack():
            # Twice the HTTP/2 cap of connections that only PING, and HTTP/1.1 keep-alive
            # connections up to its own cap, half a request each.
            holders = []
            for _ in range(100):
                holders.append(await Client.open(srv.ports['LOCAL-H2'], ctx))
                holders[-1].ping()
            idle_h1 = []
            for _ in range(50):
                s = socket.create_connection(('127.0.0.1', srv.ports['LOCAL']))
                s.sendall(b'GET /small.txt HTTP/1.1\r\nHost: x\r\n')
                idle_h1.append(s)
            end = time.monotonic() + 10
            while sum(not c.closed for c in holders) > 50 and time.monotonic() < end:
                await asyncio.sleep(0.05)
            self.assertEqual(sum(not c.closed for c in holders), 50, 'the oldest idle ones made room')
            # New clients of both kinds are served: each closes the longest-idle connection.
            for _ in range(5):
                self.assertEqual(await asyncio.get_running_loop().run_in_executor(None, http1_get, srv.ports['LOCAL']), 200)
                c = await Client.open(srv.ports['LOCAL-H2'], ctx)
                self.assertEqual((await c.get('/small.txt')).status, 200)
                holders.append(c)
            evicted = [c for c in holders if c.closed]
            self.assertTrue(all(c.goaway == (0, 0) for c in evicted), [c.goaway for c in evicted][:5])
            s = srv.stats()['listeners']
            self.assertLessEqual(s['LOCAL-H2']['connections'], 50)
            self.assertLessEqual(s['LOCAL']['connections'], 51)
            for c in holders:
                await c.close()
            for s in idle_h1:
                s.close()

        run_against(self, srv, attack)


class Streams(unittest.TestCase):
    def test_streams_over_the_limit_are_refused_and_the_accepted_ones_answered(self):
        srv = Server('--h2-max-streams', '100', '--delay', '1')
        ctx = tls_context(CERT)

        async def attack():
            c = await Client.open(srv.ports['DELAY-H2'], ctx, ignore_stream_limit=True)
            await c.wait_for(lambda c: c.conn.remote_settings.max_concurrent_streams > 100, 10)
            ids = [c.request('/small.txt') for _ in range(150)]
            done = lambda c: all(c.streams[i].ended or c.streams[i].reset is not None for i in ids)  # noqa: E731
            self.assertTrue(await c.wait_for(done, 30))
            self.assertEqual(count(c, lambda s: s.status == 200 and s.ended), 100)
            self.assertEqual(count(c, lambda s: s.reset == REFUSED_STREAM), 50)
            self.assertEqual([c.streams[i].status for i in ids[:100]], [200] * 100, 'the first 100 accepted')
            self.assertFalse(c.closed)
            self.assertEqual((await c.get('/small.txt')).status, 200, 'the connection still serves')
            s = srv.stats()['listeners']['DELAY-H2']
            self.assertEqual(s['requests'], 101, 'refused streams are not requests')
            await c.close()

        run_against(self, srv, attack)


class Buffers(unittest.TestCase):
    def test_a_client_that_never_reads_is_bounded_and_closed_at_the_write_deadline(self):
        srv = Server('--write-timeout', '2', '--header-timeout', '30')
        ctx = tls_context(CERT)

        async def attack():
            base = srv.rss_mb()
            t0 = time.monotonic()
            # TLS and the HTTP/2 preface, then requests for the big file and PINGs, never reading.
            r, w = await asyncio.open_connection('127.0.0.1', srv.ports['LOCAL-H2'], ssl=ctx,
                                                 server_hostname='localhost')
            c = Client()
            c.port = srv.ports['LOCAL-H2']
            c.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
            c.conn.initiate_connection()
            c.writer = w
            for _ in range(100):
                c.request('/coflags.wasm')
            pings = b''.join(b'\x00\x00\x08\x06\x00\x00\x00\x00\x00' + os.urandom(8) for _ in range(2000))
            closed = False
            while time.monotonic() - t0 < 30:
                try:
                    w.write(pings)
                    await asyncio.wait_for(w.drain(), 1)
                except asyncio.TimeoutError:
                    pass  # the server stopped reading: good
                except (ConnectionError, ssl.SSLError, OSError):
                    closed = True
                    break
                if w.transport.is_closing():
                    closed = True
                    break
                await asyncio.sleep(0.05)
                if srv.stats()['listeners']['LOCAL-H2']['connections'] == 0:
                    closed = True
                    break
            grown = srv.rss_mb() - base
            print(f'# never-reading client: closed after {time.monotonic() - t0:.1f} s, +{grown:.1f} MB RSS')
            self.assertTrue(closed, 'closed')
            self.assertLess(grown, 20)
            w.close()
            self.assertEqual(http1_get(srv.ports['LOCAL']), 200)

        run_against(self, srv, attack)


class Handshakes(unittest.TestCase):
    def test_unfinished_handshakes_are_closed_at_the_deadline_and_the_memory_comes_back(self):
        srv = Server('--handshake-timeout', '1', '--header-timeout', '30')
        ctx = tls_context(CERT)

        async def attack():
            base = srv.rss_mb()
            socks = []
            t0 = time.monotonic()
            for i in range(1000):
                s = socket.create_connection(('127.0.0.1', srv.ports['LOCAL-H2']))
                s.sendall(b'\x16\x03\x01\x02\x00' if i % 2 else b'')  # half a ClientHello, or nothing
                socks.append(s)
            peak = srv.rss_mb()
            end = time.monotonic() + 60
            while srv.stats()['listeners']['LOCAL-H2']['connections'] > 0 and time.monotonic() < end:
                peak = max(peak, srv.rss_mb())
                await asyncio.sleep(0.1)
            took = time.monotonic() - t0
            self.assertEqual(srv.stats()['listeners']['LOCAL-H2']['connections'], 0)
            for s in socks:
                s.close()
            await asyncio.sleep(2.5)  # the server trims its heap once a second after many closes
            after = srv.rss_mb()
            print(f'# 1000 unfinished handshakes: +{peak - base:.1f} MB at peak, closed within {took:.1f} s, '
                  f'+{after - base:.1f} MB after')
            self.assertLess(peak - base, 20, 'OpenSSL state is made only for a complete ClientHello')
            if srv.sanitized():
                print('# (ASan keeps freed memory in its own pools: the return is measured by bench_server.sh)')
            else:
                self.assertLess(after - base, max(4.0, (peak - base) / 2), 'memory comes back')
            c = await Client.open(srv.ports['LOCAL-H2'], ctx)
            self.assertEqual((await c.get('/small.txt')).status, 200)
            await c.close()

        run_against(self, srv, attack)


if __name__ == '__main__':
    if not SERVER:
        sys.exit('COFLAGS_SERVER must name the coflags-server executable (ctest sets it)')
    unittest.main(verbosity=2)
