"""The same scenarios as runtime_bench.cpp, in CPython asyncio (the baseline)."""
import asyncio
import json
import sys
import time
import tracemalloc


async def trivial(i):
    return i


async def spawn_await(n):
    total = 0
    for i in range(n):
        total += await asyncio.create_task(trivial(i))
    return total


async def await_inline(n):
    total = 0
    for i in range(n):
        total += await trivial(i)
    return total


async def semaphore_handoffs(n):
    sem = asyncio.Semaphore(100)
    handoffs = 0

    async def contend(rounds):
        nonlocal handoffs
        for _ in range(rounds):
            async with sem:
                handoffs += 1
                await asyncio.sleep(0)

    await asyncio.gather(*(contend(n // 1000) for _ in range(1000)))
    return handoffs


async def suspended_memory(n):
    gate = asyncio.get_running_loop().create_future()

    async def wait_on():
        await gate

    await asyncio.sleep(0)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(wait_on()) for _ in range(n)]
    await asyncio.sleep(0)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    gate.set_result(None)
    await asyncio.gather(*tasks)
    return used // n


async def main(scenario, n):
    fn = {"spawn-await": spawn_await, "await": await_inline, "semaphore": semaphore_handoffs, "memory": suspended_memory}[scenario]
    start = time.perf_counter()
    value = await fn(n)
    seconds = time.perf_counter() - start
    print(json.dumps({"scenario": scenario, "n": n, "seconds": seconds, "value": value}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
