import { afterEach, describe, expect, it } from 'vitest';
import { BoundedPool, type BoundedPoolOptions } from './bounded-pool.ts';
import type { FixtureJob } from './bounded-pool.fixture-worker.ts';
import { longestStall } from './event-loop-stall.ts';

type Result = { value: number; threadId: number };
const WORKER = new URL('./bounded-pool.fixture-worker.ts', import.meta.url);
const pools: BoundedPool<FixtureJob, Result>[] = [];
const pool = (options: Partial<BoundedPoolOptions> = {}) => {
  const p = new BoundedPool<FixtureJob, Result>(WORKER, { name: 'fixture', size: 1, maxWaitMs: 20_000, hardTimeoutMs: 20_000, maxQueue: 4, maxHeapMb: 64, ...options });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('BoundedPool', () => {
  it('runs jobs in a worker thread, reuses it, and keeps the event loop free meanwhile', async () => {
    const p = pool();
    const first = await p.run({ kind: 'square', n: 12 });
    expect(first).toMatchObject({ ok: true, value: { value: 144 } });
    const { result, stallMs } = await longestStall(p.run({ kind: 'spin', ms: 1500 }));
    expect(result.ok).toBe(true);
    expect(stallMs).toBeLessThan(500);
    const again = await p.run({ kind: 'square', n: 3 });
    expect(again.ok && first.ok && again.value.threadId === first.value.threadId).toBe(true);
    expect(p.stats()).toEqual({ waiting: 0, running: 0, workers: 1 });
  });

  it('ends a worker past the hard deadline, answers timeout, and serves the next job from a new worker', async () => {
    const p = pool({ hardTimeoutMs: 1000 });
    const started = performance.now();
    const spun = await p.run({ kind: 'spin', ms: 600_000 });
    expect(spun).toMatchObject({ ok: false, reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await p.run({ kind: 'square', n: 5 })).toMatchObject({ ok: true, value: { value: 25 } });
  });

  it('refuses jobs beyond the queue bound at once, and those that find no free worker in time', async () => {
    const p = pool({ maxQueue: 1, maxWaitMs: 1500 });
    const running = p.run({ kind: 'spin', ms: 3000 });
    const waiting = p.run({ kind: 'square', n: 2 });
    expect(await p.run({ kind: 'square', n: 3 })).toMatchObject({ ok: false, reason: 'busy' });
    expect(await waiting).toMatchObject({ ok: false, reason: 'busy' });
    expect(await running).toMatchObject({ ok: true });
    expect(await p.run({ kind: 'square', n: 4 })).toMatchObject({ ok: true, value: { value: 16 } });
  });

  it('counts a job\'s deadline from when a started worker takes it: waiting behind a slow job is no timeout', async () => {
    const p = pool({ hardTimeoutMs: 2000 });
    const slow = p.run({ kind: 'spin', ms: 1500 });
    const next = p.run({ kind: 'spin', ms: 1000 });
    expect(await slow).toMatchObject({ ok: true });
    expect(await next).toMatchObject({ ok: true });
  });

  it('reports what a job threw, and the worker keeps serving', async () => {
    const p = pool();
    expect(await p.run({ kind: 'throw', message: 'kaputt' })).toEqual({ ok: false, reason: 'error', detail: 'RangeError: kaputt' });
    expect(await p.run({ kind: 'square', n: 6 })).toMatchObject({ ok: true, value: { value: 36 } });
  });

  it('a job that outgrows the heap limit or exits ends only its worker', async () => {
    const p = pool();
    expect(await p.run({ kind: 'grow' })).toMatchObject({ ok: false, reason: 'crashed' });
    expect(await p.run({ kind: 'exit' })).toMatchObject({ ok: false, reason: 'crashed' });
    expect(await p.run({ kind: 'square', n: 7 })).toMatchObject({ ok: true, value: { value: 49 } });
  });

  it('a worker module that cannot load fails the waiting jobs instead of restarting forever', async () => {
    const p = new BoundedPool<FixtureJob, Result>(new URL('./no-such-worker.ts', import.meta.url), {
      name: 'broken',
      size: 1,
      maxWaitMs: 20_000,
      hardTimeoutMs: 20_000,
      maxQueue: 4,
      maxHeapMb: 64,
    });
    pools.push(p);
    const outcomes = await Promise.all([p.run({ kind: 'square', n: 1 }), p.run({ kind: 'square', n: 2 })]);
    expect(outcomes.map((o) => !o.ok && o.reason)).toEqual(['crashed', 'crashed']);
    expect(p.stats().workers).toBe(0);
  });

  it('runs jobs side by side up to its size; closing answers the waiting ones', async () => {
    const p = pool({ size: 2 });
    const a = p.run({ kind: 'spin', ms: 300 });
    const b = p.run({ kind: 'spin', ms: 300 });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.ok && rb.ok && ra.value.threadId !== rb.value.threadId).toBe(true);

    const long = p.run({ kind: 'spin', ms: 600_000 });
    await p.close();
    expect(await long).toMatchObject({ ok: false, reason: 'closed' });
    expect(await p.run({ kind: 'square', n: 1 })).toMatchObject({ ok: false, reason: 'closed' });
  });
});
