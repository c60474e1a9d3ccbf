"""Seeded random programs for the differential tier, and their oracle: the
same program run on Debian's python3 asyncio with a virtual clock.

A program is text, one statement a line (the C++ interpreter reads the same):
  sem N               the shared semaphore's initial value
  future K AT V       future K gets result V at time AT (set from a timer)
  task I              the steps below belong to task I (tasks start in order)
  <step> ARGS         see STEPS; times are integers (microseconds)
Each event is traced as "TIME EVENT"; traces are compared per time, as a
sorted multiset (the order inside one instant depends on how many loop
iterations a hand-off takes, which asyncio itself does not promise).
"""
import asyncio
import random
import selectors

# Each task counts time in its own unit, so that two tasks rarely act at the
# same instant: inside one instant the runtime's Task-based combinators take
# more loop iterations than asyncio's (docs/RUNTIME.md), which decides races
# such as "cancel arrives before or after the sleep returned".
# Times are in microseconds; a task's own timers keep it at its phase (its
# start offset modulo 1000), futures complete at phase 500, all at distinct
# times (asyncio's timer heap does not order equal deadlines FIFO).
UNITS = (10000, 14000, 22000, 26000)
OFFSETS = (0, 1, 3, 7)
FUTURE_TIMES = (3500, 17500, 29500, 37500, 41500)


def generate(seed):
    rnd = random.Random(seed)
    lines = [f"sem {rnd.randint(1, 2)}"]
    n_futures = rnd.randint(1, 2)
    for k, at in enumerate(rnd.sample(FUTURE_TIMES, n_futures)):
        lines.append(f"future {k} {at} {100 + k}")
    n_tasks = rnd.randint(2, 4)
    for i in range(n_tasks):
        lines.append(f"task {i}")
        if i:
            lines.append(f"sleep {OFFSETS[i]}")  # staggered starts: instant 0 is task 0's alone
        unit = UNITS[i]
        d = lambda: rnd.randint(0, 3) * unit
        to = lambda: rnd.choice((1, 3, 5, 20)) * unit // 2
        for _ in range(rnd.randint(1, 4)):
            op = rnd.choice(("sleep", "sem", "limit", "future", "cancel", "gather", "wait", "as_completed",
                             "wait_for", "timeout", "raise"))
            if op == "sleep":
                lines.append(f"sleep {d()}")
            elif op == "sem":
                lines.append(f"sem {d()}")
            elif op == "limit":
                lines.append(f"limit {rnd.randint(1, 3)}")
            elif op == "future":
                lines.append(f"future {rnd.randrange(n_futures)}")
            elif op == "cancel":
                lines.append(f"cancel {rnd.randrange(n_tasks)}")
            elif op == "gather":
                lines.append(f"gather {d()} {d()}")
            elif op == "wait":
                lines.append(f"wait {d()} {d()} {to()}")
            elif op == "as_completed":
                lines.append(f"as_completed {d()} {d()} {d()} {to()}")
            elif op == "wait_for":
                lines.append(f"wait_for {d()} {to()}")
            elif op == "timeout":
                lines.append(f"timeout {d()} {to()}")
            else:
                lines.append("raise")
    return "\n".join(lines) + "\n"


class _VirtualSelector:
    """Waiting for I/O with a timeout advances the loop's virtual clock instead."""

    def __init__(self, loop):
        self._loop = loop
        self._real = selectors.DefaultSelector()

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("deadlock: nothing ready and no timers")
        self._loop.virtual_time += timeout
        return self._real.select(0)

    def __getattr__(self, name):
        return getattr(self._real, name)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self.virtual_time = 0.0
        super().__init__(_VirtualSelector(self))

    def time(self):
        return self.virtual_time


class LimitSemaphore(asyncio.Semaphore):
    """asyncio.Semaphore plus the runtime's set_limit (the concurrency slider)."""

    def __init__(self, value):
        super().__init__(value)
        self.limit = value

    def locked(self):
        return self._value <= 0 or any(not w.cancelled() for w in (self._waiters or ()))

    def release(self):
        # Stock asyncio wakes a waiter on every release; below a lowered
        # limit (value <= 0 after the increment) nobody may enter yet.
        self._value += 1
        if self._value > 0:
            self._wake_up_next()

    def set_limit(self, limit):
        self._value += limit - self.limit
        self.limit = limit
        while self._value > 0 and self._wake_up_next():
            pass


def parse(text):
    program = {"sem": 1, "futures": [], "tasks": []}
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "task":
            program["tasks"].append([])
        elif not program["tasks"] and words[0] == "sem":
            program["sem"] = int(words[1])
        elif words[0] == "future" and not program["tasks"]:
            program["futures"].append((int(words[2]), int(words[3])))
        else:
            program["tasks"][-1].append((words[0], [int(w) for w in words[1:]]))
    return program


def run_oracle(text):
    program = parse(text)
    trace = []
    loop = VirtualLoop()

    def log(event):
        trace.append(f"{round(loop.time())} {event}")

    async def child(d, v):
        await asyncio.sleep(d)
        return v

    async def body(i, steps, sem, futures, tasks):
        name = f"t{i}"
        try:
            for op, a in steps:
                if op == "sleep":
                    await asyncio.sleep(a[0])
                    log(f"{name} slept {a[0]}")
                elif op == "sem":
                    async with sem:
                        log(f"{name} acquired")
                        await asyncio.sleep(a[0])
                    log(f"{name} released")
                elif op == "limit":
                    sem.set_limit(a[0])
                    log(f"{name} limit {a[0]}")
                elif op == "future":
                    log(f"{name} future {await futures[a[0]]}")
                elif op == "cancel":
                    log(f"{name} cancel t{a[0]} {tasks[a[0]].cancel()}")
                elif op == "gather":
                    log(f"{name} gather {await asyncio.gather(child(a[0], 1), child(a[1], 2))}")
                elif op == "wait":
                    cs = [asyncio.ensure_future(child(a[0], 1)), asyncio.ensure_future(child(a[1], 2))]
                    done, pending = await asyncio.wait(cs, timeout=a[2], return_when=asyncio.FIRST_COMPLETED)
                    log(f"{name} wait done {sorted(f.result() for f in done)} pending {len(pending)}")
                    for f in pending:
                        f.cancel()
                elif op == "as_completed":
                    cs = [asyncio.ensure_future(child(a[k], k + 1)) for k in range(3)]
                    for f in asyncio.as_completed(cs, timeout=a[3]):
                        try:
                            log(f"{name} as_completed {await f}")
                        except asyncio.TimeoutError:
                            log(f"{name} as_completed timeout")
                    for f in cs:
                        f.cancel()
                elif op == "wait_for":
                    try:
                        log(f"{name} wait_for {await asyncio.wait_for(child(a[0], 7), a[1])}")
                    except asyncio.TimeoutError:
                        log(f"{name} wait_for timeout")
                elif op == "timeout":
                    try:
                        async with asyncio.timeout(a[1]):
                            await asyncio.sleep(a[0])
                        log(f"{name} timeout ok")
                    except TimeoutError:
                        log(f"{name} timeout expired")
                elif op == "raise":
                    raise ValueError(f"{name} raised")
        except asyncio.CancelledError:
            log(f"{name} cancelled")
            raise
        log(f"{name} finished")

    async def main():
        sem = LimitSemaphore(program["sem"])
        futures = [loop.create_future() for _ in program["futures"]]
        for f, (at, v) in zip(futures, program["futures"]):
            loop.call_at(at, lambda f=f, v=v: f.done() or f.set_result(v))
        tasks = []
        for i, steps in enumerate(program["tasks"]):
            tasks.append(asyncio.ensure_future(body(i, steps, sem, futures, tasks)))
        await asyncio.wait(tasks)
        for i, t in enumerate(tasks):
            if t.cancelled():
                log(f"t{i} outcome cancelled")
            elif t.exception() is not None:
                log(f"t{i} outcome error {t.exception()}")
            else:
                log(f"t{i} outcome ok")

    try:
        loop.run_until_complete(main())
        # asyncio.run's teardown: children left running are cancelled and finished.
        async def teardown():
            rest = [t for t in asyncio.all_tasks(loop) if t is not asyncio.current_task()]
            for t in rest:
                t.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        loop.run_until_complete(teardown())
    finally:
        loop.close()
    return trace


def canonical(trace):
    """Per instant, a sorted multiset: see the module comment."""
    by_time = {}
    for line in trace:
        t, event = line.split(" ", 1)
        by_time.setdefault(int(t), []).append(event)
    return [f"{t} {e}" for t in sorted(by_time) for e in sorted(by_time[t])]


if __name__ == "__main__":
    import sys
    text = generate(int(sys.argv[1]))
    print(text, end="")
    print("\n".join(run_oracle(text)))
