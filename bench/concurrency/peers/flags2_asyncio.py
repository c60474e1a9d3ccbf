#!/usr/bin/env python3
"""The book's flags2_asyncio_executor.py, as a peer for the concurrency suite.

One coroutine per code bounded by an asyncio.Semaphore, results taken with
asyncio.as_completed, each image saved with loop.run_in_executor, 404s
counted apart from errors. Codes come from a local country_codes.txt, as in
the book. Prints the book's summary and an "Elapsed time" line.

usage: flags2_asyncio.py BASE_URL DEST -m N (--codes FILE | --every | --pop20) [--meta] [--timeout S]
"""
import argparse
import asyncio
import collections
import json
import os
import string
import sys
import time

import aiohttp

POP20 = 'CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR'.split()


class FetchError(Exception):
    def __init__(self, country_code):
        self.country_code = country_code


class NotFound(Exception):
    pass


async def get_bytes(session, url, timeout):
    async with session.get(url, timeout=timeout) as resp:
        if resp.status == 404:
            raise NotFound(url)
        resp.raise_for_status()
        return await resp.read()


def save(dest, name, data):
    with open(os.path.join(dest, name), 'wb') as fp:
        fp.write(data)


async def download_one(session, cc, base, dest, semaphore, args):
    try:
        async with semaphore:
            image = await get_bytes(session, f'{base}/{cc.lower()}/{cc.lower()}.gif', args.timeout)
        name = f'{cc}.gif'
        if args.meta:
            async with semaphore:
                meta = json.loads(await get_bytes(session, f'{base}/{cc.lower()}/metadata.json', args.timeout))
            name = f"{meta['country'].replace(' ', '_')}-{cc}.gif"
    except NotFound:
        return 'not_found'
    except Exception as exc:
        raise FetchError(cc) from exc
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, save, dest, name, image)
    return 'ok'


async def downloader(codes, base, dest, args):
    counter = collections.Counter()
    semaphore = asyncio.Semaphore(args.m)
    # The semaphore bounds the requests; the connector must not add a lower cap (aiohttp's default is 100).
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        to_do = [download_one(session, cc, base, dest, semaphore, args) for cc in sorted(codes)]
        for future in asyncio.as_completed(to_do):
            try:
                counter[await future] += 1
            except FetchError:
                counter['error'] += 1
    return counter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('base')
    parser.add_argument('dest')
    parser.add_argument('-m', type=int, required=True)
    parser.add_argument('--codes')
    parser.add_argument('--every', action='store_true')
    parser.add_argument('--pop20', action='store_true')
    parser.add_argument('--meta', action='store_true')
    parser.add_argument('--timeout', type=float, default=240)
    args = parser.parse_args()
    if args.every:
        codes = [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase]
    elif args.pop20:
        codes = POP20
    elif args.codes:
        with open(args.codes) as fp:
            codes = fp.read().split()
    else:
        parser.error('one of --codes, --every, --pop20')
    t0 = time.perf_counter()
    counter = asyncio.run(downloader(codes, args.base.rstrip('/'), args.dest, args))
    elapsed = time.perf_counter() - t0
    print(f"{counter['ok']} flags downloaded.\n{counter['not_found']} not found.\n{counter['error']} errors.")
    print(f'Elapsed time: {elapsed:.2f}s')
    return 0


if __name__ == '__main__':
    sys.exit(main())
