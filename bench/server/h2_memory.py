"""Memory an HTTP/2-over-TLS server spends on clients that hold it, for bench_server.sh.

Against one server (ours or nginx, by port) and one process whose RSS is read (its pid):
  idle     N TLS connections that finish the handshake and the HTTP/2 preface, then only
           hold: RSS before, with them open, and a few seconds after they are closed;
  stalled  one connection with S streams for a large file and a flow-control window that
           never opens, then C connections of S/10 such streams: RSS per stalled stream.
Prints one JSON object. 127.0.0.1 only; the number of connections is bounded by the options.
"""

import argparse
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'server'))
from h2_clients import Client, open_many, rss_kb, tls_context  # noqa: E402


async def settle(pid, seconds):
    """RSS after `seconds` (servers give memory back on their own schedule)."""
    await asyncio.sleep(seconds)
    return rss_kb(pid)


async def idle(args, ctx):
    before = rss_kb(args.pid)
    t0 = time.monotonic()
    clients = await open_many(args.connections, args.port, ctx, parallel=64)
    opened = time.monotonic() - t0
    # Each has exchanged SETTINGS: wait until every preface is answered, then let the server settle.
    for c in clients:
        await c.wait_for(lambda c: c.settings, 10)
    held = await settle(args.pid, 2)
    still_open = sum(not c.closed for c in clients)
    await asyncio.gather(*(c.close() for c in clients))
    after = await settle(args.pid, 4)
    return {'connections': args.connections, 'held_open': still_open, 'open_seconds': round(opened, 1),
            'rss_before_kb': before, 'rss_held_kb': held, 'rss_after_kb': after,
            'kb_per_connection': round((held - before) / args.connections, 2)}


async def stalled(args, ctx):
    warm = await Client.open(args.port, ctx)
    size = (await warm.get(args.path)).body
    await warm.close()
    await asyncio.sleep(1)
    before = rss_kb(args.pid)
    one = await Client.open(args.port, ctx, window=0)
    await one.wait_for(lambda c: c.settings, 10)
    for _ in range(args.streams):
        one.request(args.path)
    await one.wait_for(lambda c: sum(s.status is not None for s in c.streams.values()) >= args.streams, 60)
    one_held = sum(s.status == 200 for s in one.streams.values())
    one_rss = await settle(args.pid, 1)
    per = args.streams // 10
    many = await open_many(args.stall_connections, args.port, ctx, window=0)
    for c in many:
        for _ in range(per):
            c.request(args.path)
    for c in many:
        await c.wait_for(lambda c: sum(s.status is not None for s in c.streams.values()) >= per, 60)
    many_held = sum(sum(s.status == 200 for s in c.streams.values()) for c in many)
    many_rss = await settle(args.pid, 1)
    for c in [one, *many]:
        await c.close()
    return {'body_bytes': size, 'one_connection_streams': one_held,
            'one_connection_kb_per_stream': round((one_rss - before) / max(one_held, 1), 2),
            'one_connection_mb': round((one_rss - before) / 1024, 1),
            'connections': args.stall_connections, 'streams_held': many_held,
            'all_mb': round((many_rss - before) / 1024, 1)}


async def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--pid', type=int, required=True, help='process whose RSS is measured')
    p.add_argument('--ca', required=True)
    p.add_argument('--connections', type=int, default=5000)
    p.add_argument('--streams', type=int, default=1000)
    p.add_argument('--stall-connections', type=int, default=50)
    p.add_argument('--path', default='/big.bin')
    p.add_argument('--only', choices=['idle', 'stalled'], help='one phase (the benchmark runs each on a fresh server)')
    args = p.parse_args()
    ctx = tls_context(args.ca)
    out = {}
    if args.only in (None, 'idle'):
        out['idle'] = await idle(args, ctx)
    if args.only in (None, 'stalled'):
        out['stalled'] = await stalled(args, ctx)
    print(json.dumps(out))


if __name__ == '__main__':
    asyncio.run(main())
