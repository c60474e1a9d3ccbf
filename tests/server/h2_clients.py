"""HTTP/2-over-TLS clients for the server's hostile-client tests and its benchmark.

Written with Debian's python3-h2 on asyncio; they connect to 127.0.0.1 only. A Client is
one connection whose frames are read by a background task, so a test can hold hundreds
of them, each doing something a server must survive: never opening its flow-control
window, only sending PING, trickling DATA, or ignoring SETTINGS_MAX_CONCURRENT_STREAMS.
"""

import asyncio
import os
import ssl
import time

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings
from h2.settings import SettingCodes


def tls_context(cafile):
    """Trusts the test certificate the way a user's client would: as a CA, with ALPN h2."""
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.set_alpn_protocols(['h2'])
    return ctx


def rss_kb(pid):
    """Resident memory of a process, from /proc (kB)."""
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise RuntimeError(f'no VmRSS for {pid}')


class Stream:
    def __init__(self):
        self.status = None
        self.body = 0
        self.ended = False
        self.reset = None  # error code of a RST_STREAM from the server


class Client:
    """One HTTP/2 connection over TLS."""

    def __init__(self):
        self.streams = {}
        self.goaway = None  # (error_code, last_stream_id) of the server's GOAWAY
        self.closed_at = None  # monotonic time the server closed the connection
        self.opened_at = None
        self.error = None
        self.settings = False  # the server's SETTINGS arrived
        self._changed = asyncio.Event()

    @classmethod
    async def open(cls, port, ctx, *, window=None, ignore_stream_limit=False, timeout=30):
        """window: SETTINGS_INITIAL_WINDOW_SIZE to announce (0: never lets a DATA byte through).
        ignore_stream_limit: open streams past the server's SETTINGS_MAX_CONCURRENT_STREAMS."""
        c = cls()
        c.port = port
        c.reader, c.writer = await asyncio.wait_for(
            asyncio.open_connection('127.0.0.1', port, ssl=ctx, server_hostname='localhost'), timeout)
        c.opened_at = time.monotonic()
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding='utf-8'))
        if window is not None:
            conn.local_settings = h2.settings.Settings(client=True, initial_values={
                SettingCodes.MAX_CONCURRENT_STREAMS: 100, SettingCodes.INITIAL_WINDOW_SIZE: window})
        conn.initiate_connection()
        c.conn = conn
        c.ignore_stream_limit = ignore_stream_limit
        c.writer.write(conn.data_to_send())
        c.task = asyncio.ensure_future(c._read())
        return c

    async def _read(self):
        try:
            while True:
                data = await self.reader.read(65536)
                if not data:
                    break
                try:
                    events = self.conn.receive_data(data)
                except h2.exceptions.ProtocolError as e:
                    self.error = e
                    break
                for ev in events:
                    self._on(ev)
                self._flush()
                self._changed.set()
        except (ConnectionError, ssl.SSLError, OSError) as e:
            self.error = self.error or e
        finally:
            self.closed_at = time.monotonic()
            self._changed.set()

    def _on(self, ev):
        if isinstance(ev, h2.events.ResponseReceived):
            self.streams.setdefault(ev.stream_id, Stream()).status = int(dict(ev.headers)[':status'])
        elif isinstance(ev, h2.events.DataReceived):
            self.streams.setdefault(ev.stream_id, Stream()).body += len(ev.data)
            self.conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
        elif isinstance(ev, h2.events.StreamEnded):
            self.streams.setdefault(ev.stream_id, Stream()).ended = True
        elif isinstance(ev, h2.events.StreamReset):
            self.streams.setdefault(ev.stream_id, Stream()).reset = ev.error_code
        elif isinstance(ev, h2.events.RemoteSettingsChanged):
            self.settings = True
            if not self.ignore_stream_limit:
                return
            # An attacker that reads SETTINGS and opens streams past the limit anyway.
            self.conn.remote_settings[SettingCodes.MAX_CONCURRENT_STREAMS] = 2**31 - 1
            self.conn.remote_settings.acknowledge()
        elif isinstance(ev, h2.events.ConnectionTerminated):
            self.goaway = (ev.error_code, ev.last_stream_id)

    def _flush(self):
        data = self.conn.data_to_send()
        if data and not self.writer.is_closing():
            self.writer.write(data)

    @property
    def closed(self):
        return self.closed_at is not None

    def request(self, path, *, end=True, method='GET', headers=()):
        sid = self.conn.get_next_available_stream_id()
        self.conn.send_headers(sid, [(':method', method), (':scheme', 'https'),
                                     (':authority', f'localhost:{self.port}'), (':path', path), *headers],
                               end_stream=end)
        self.streams[sid] = Stream()
        self._flush()
        return sid

    def send_data(self, sid, data, end=False):
        self.conn.send_data(sid, data, end_stream=end)
        self._flush()

    def ping(self):
        self.conn.ping(os.urandom(8))
        self._flush()

    async def wait_for(self, predicate, timeout):
        """Waits until predicate(self) holds or the connection closes; returns predicate(self)."""
        end = time.monotonic() + timeout
        while not predicate(self) and not self.closed:
            left = end - time.monotonic()
            if left <= 0:
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                break
        return predicate(self)

    async def get(self, path, timeout=30, **kw):
        """One request; returns its Stream (status None when it got no answer)."""
        sid = self.request(path, **kw)
        await self.wait_for(lambda c: c.streams[sid].ended or c.streams[sid].reset is not None, timeout)
        return self.streams[sid]

    async def close(self):
        if not self.writer.is_closing():
            try:
                self.conn.close_connection()
                self._flush()
            except h2.exceptions.ProtocolError:
                pass
            self.writer.close()
        try:
            await asyncio.wait_for(self.task, 5)
        except (asyncio.TimeoutError, Exception):
            self.task.cancel()


async def open_many(n, port, ctx, *, parallel=50, **kw):
    """n connections, at most `parallel` handshakes at once (a flood, but a bounded one)."""
    gate = asyncio.Semaphore(parallel)

    async def one():
        async with gate:
            return await Client.open(port, ctx, **kw)

    return await asyncio.gather(*(one() for _ in range(n)))
