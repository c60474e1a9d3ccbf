// The same scenarios as runtime_bench.cpp, written as a JS developer would
// with async/await (the other baseline). Run with --expose-gc for memory.
const [scenario, nText] = process.argv.slice(2);
const n = Number(nText);

async function trivial(i) { return i; }

// JS has no separate spawn: calling an async function starts it, and
// `await` on it is both spawn-await and await.
async function spawnAwait(n) {
  let total = 0;
  for (let i = 0; i < n; i++) total += await trivial(i);
  return total;
}

// A FIFO semaphore as usually written with promises.
class Semaphore {
  constructor(value) { this.value = value; this.waiters = []; }
  acquire() {
    if (this.value > 0 && this.waiters.length === 0) { this.value--; return Promise.resolve(); }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  release() {
    const next = this.waiters.shift();
    if (next) next(); else this.value++;
  }
}

async function semaphoreHandoffs(n) {
  const sem = new Semaphore(100);
  let handoffs = 0;
  async function contend(rounds) {
    for (let i = 0; i < rounds; i++) {
      await sem.acquire();
      try {
        handoffs++;
        await null;  // yield, like asyncio.sleep(0)
      } finally {
        sem.release();
      }
    }
  }
  await Promise.all(Array.from({ length: 1000 }, () => contend(n / 1000)));
  return handoffs;
}

async function suspendedMemory(n) {
  let open;
  const gate = new Promise((resolve) => { open = resolve; });
  async function waitOn() { await gate; }
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(waitOn());
  globalThis.gc?.();
  const used = process.memoryUsage().heapUsed - before;
  open();
  await Promise.all(tasks);
  return Math.floor(used / n);
}

const fn = { 'spawn-await': spawnAwait, await: spawnAwait, semaphore: semaphoreHandoffs, memory: suspendedMemory }[scenario];
const start = performance.now();
const value = await fn(n);
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ scenario, n, seconds, value }));
