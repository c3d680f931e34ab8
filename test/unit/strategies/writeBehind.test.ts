import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteBehindQueue } from '../../../src-main/strategies/writeBehind';
import { prng } from '../../support/prng';

/** A store that records batches and fails while `failing` is set. */
function fakeStore() {
  const s = {
    batches: [] as number[][],
    failing: false,
    write: vi.fn(async (batch: readonly number[]) => {
      if (s.failing) throw new Error('store down');
      s.batches.push([...batch]);
    }),
    get rows() {
      return s.batches.flat();
    },
  };
  return s;
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** Lets queued promise callbacks run. */
const settle = () => new Promise((r) => setImmediate(r));

afterEach(() => {
  vi.useRealTimers();
});

describe('WriteBehindQueue', () => {
  it('accepts pushes at once and writes nothing until a trigger', async () => {
    const store = fakeStore();
    const q = new WriteBehindQueue<number>({ write: store.write, flushIntervalMs: 1000 });
    await q.push([1, 2]);
    await q.push([3]);
    await settle();
    expect(store.write).not.toHaveBeenCalled();
    expect(q.counters()).toMatchObject({ pending: 3, flushed: 0, waitingPushes: 0 });
    await q.flush();
    expect(store.batches).toEqual([[1, 2, 3]]);
    expect(q.counters()).toMatchObject({ pending: 0, flushed: 3, failures: 0 });
  });

  it('size trigger: flushes as soon as maxBatch items are waiting', async () => {
    const store = fakeStore();
    const q = new WriteBehindQueue<number>({
      write: store.write,
      flushIntervalMs: 60_000,
      maxBatch: 4,
    });
    await q.push([1, 2, 3]);
    await settle();
    expect(store.write).not.toHaveBeenCalled();
    await q.push([4, 5]);
    await settle();
    expect(store.batches).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('time trigger: flushes every flushIntervalMs once started', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const q = new WriteBehindQueue<number>({ write: store.write, flushIntervalMs: 200 });
    q.start();
    await q.push([1, 2]);
    await vi.advanceTimersByTimeAsync(199);
    expect(store.write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(store.batches).toEqual([[1, 2]]);
    await q.push([3]);
    await vi.advanceTimersByTimeAsync(200);
    expect(store.batches).toEqual([[1, 2], [3]]);
    await vi.advanceTimersByTimeAsync(1000); // nothing pending: no empty writes
    expect(store.write).toHaveBeenCalledTimes(2);
    await q.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close flushes everything (waiting pushes too), stops the timer and refuses more', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    store.failing = true;
    const q = new WriteBehindQueue<number>({
      write: store.write,
      flushIntervalMs: 100,
      maxPending: 2,
    });
    q.start();
    await q.push([1, 2]);
    const waiting = q.push([3, 4, 5]);
    await vi.advanceTimersByTimeAsync(0);
    expect(q.counters()).toMatchObject({ pending: 2, waitingPushes: 1, waitingItems: 3 });
    store.failing = false;
    await q.close();
    await waiting;
    expect(store.rows).toEqual([1, 2, 3, 4, 5]);
    expect(q.counters()).toMatchObject({ pending: 0, waitingPushes: 0, flushed: 5 });
    expect(vi.getTimerCount()).toBe(0);
    await expect(q.push([6])).rejects.toThrow(/closed/);
  });

  it('a failed flush keeps its items at the front, in order, and the next try writes them', async () => {
    const store = fakeStore();
    const errors: number[] = [];
    const q = new WriteBehindQueue<number>({
      write: store.write,
      flushIntervalMs: 1000,
      onFlushError: (_e, count) => errors.push(count),
    });
    await q.push([1, 2, 3]);
    store.failing = true;
    const failed = q.flush();
    await q.push([4, 5]); // arrives while the failing batch is in flight
    await failed;
    expect(q.counters()).toMatchObject({ pending: 5, failures: 1, flushed: 0 });
    expect(errors).toEqual([3]);
    await q.flush(); // still failing
    expect(q.counters()).toMatchObject({ pending: 5, failures: 2 });
    store.failing = false;
    await q.push([6]);
    await q.flush();
    expect(store.batches).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(q.counters()).toMatchObject({ pending: 0, failures: 2, flushed: 6 });
  });

  it('after a failure the size trigger waits for the timer (no retry on every push)', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const q = new WriteBehindQueue<number>({
      write: store.write,
      flushIntervalMs: 500,
      maxBatch: 2,
    });
    q.start();
    store.failing = true;
    await q.push([1, 2]);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.write).toHaveBeenCalledTimes(1);
    await q.push([3, 4]);
    await q.push([5, 6]);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.write).toHaveBeenCalledTimes(1);
    store.failing = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(store.batches).toEqual([[1, 2, 3, 4, 5, 6]]);
    await q.close();
  });

  it('back-pressure: a push beyond maxPending waits until a flush makes room', async () => {
    const store = fakeStore();
    const q = new WriteBehindQueue<number>({
      write: store.write,
      flushIntervalMs: 60_000,
      maxPending: 4,
    });
    store.failing = true; // keep everything pending until we let it through
    await q.push([1, 2, 3]);
    let admitted = false;
    const p = q.push([4, 5]).then(() => (admitted = true));
    await settle();
    expect(admitted).toBe(false);
    expect(q.counters()).toMatchObject({ pending: 3, waitingPushes: 1, waitingItems: 2 });
    store.failing = false;
    await q.flush();
    await p;
    expect(admitted).toBe(true);
    await q.flush();
    expect(store.rows).toEqual([1, 2, 3, 4, 5]);
  });

  it('back-pressure keeps order across waiting pushes, and later pushes queue behind them', async () => {
    const store = fakeStore();
    const q = new WriteBehindQueue<number>({
      write: store.write,
      flushIntervalMs: 60_000,
      maxPending: 3,
    });
    store.failing = true;
    await q.push([1, 2]);
    const resolved: string[] = [];
    const waits = [
      q.push([3, 4]).then(() => resolved.push('a')),
      q.push([5]).then(() => resolved.push('b')), // would fit alone, but must not overtake
      q.push([6, 7, 8, 9]).then(() => resolved.push('c')), // bigger than the bound
      q.push([10]).then(() => resolved.push('d')),
    ];
    await settle();
    expect(q.counters()).toMatchObject({ pending: 2, waitingPushes: 4 });
    store.failing = false;
    while (q.counters().waitingPushes > 0 || q.counters().pending > 0) await q.flush();
    await Promise.all(waits);
    expect(resolved).toEqual(['a', 'b', 'c', 'd']);
    expect(store.rows).toEqual(range(1, 10));
    // Never more than the bound accepted at once, except one oversized push alone.
    for (const batch of store.batches) expect(batch.length <= 3 || batch.length === 4).toBe(true);
  });

  it('a waiting push triggers a flush by itself once the store takes writes', async () => {
    const store = fakeStore();
    const q = new WriteBehindQueue<number>({
      write: store.write,
      flushIntervalMs: 60_000,
      maxPending: 2,
    });
    await q.push([1, 2]);
    await q.push([3, 4]); // waits; the queue flushes to make room without a timer
    await q.push([5]);
    await q.flush();
    expect(store.rows).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports lastFlushMs and the size of each stored batch', async () => {
    let clock = 0;
    const sizes: number[] = [];
    const q = new WriteBehindQueue<number>({
      write: async () => {
        clock += 25;
      },
      flushIntervalMs: 1000,
      now: () => clock,
      onFlushed: (count) => sizes.push(count),
    });
    await q.push([1, 2, 3]);
    await q.flush();
    expect(q.counters().lastFlushMs).toBe(25);
    expect(sizes).toEqual([3]);
  });

  it('rejects nonsense bounds', () => {
    const write = async () => undefined;
    expect(() => new WriteBehindQueue({ write, flushIntervalMs: 1, maxBatch: 0 })).toThrow();
    expect(() => new WriteBehindQueue({ write, flushIntervalMs: 1, maxPending: 0 })).toThrow();
  });

  it.each([1, 2, 3, 42, 1234])(
    'loses and reorders nothing under concurrent pushes with intermittent failures (seed %i)',
    async (seed) => {
      const random = prng(seed);
      let written: number[] = [];
      let inFlight = 0;
      const q = new WriteBehindQueue<number>({
        write: async (batch) => {
          inFlight++;
          expect(inFlight).toBe(1); // one write at a time
          await new Promise((r) => setTimeout(r, Math.floor(random() * 3)));
          inFlight--;
          if (random() < 0.3) throw new Error('intermittent');
          written = written.concat(batch);
        },
        flushIntervalMs: 5,
        maxBatch: 1 + Math.floor(random() * 20),
        maxPending: 5 + Math.floor(random() * 40),
      });
      q.start();
      let next = 0;
      const producers = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 40; i++) {
          const n = 1 + Math.floor(random() * 8);
          const items = range(next, n);
          next += n;
          // Pushes from several producers interleave; each one's items stay together and in
          // the order the pushes were made.
          await q.push(items);
          if (random() < 0.2) await new Promise((r) => setTimeout(r, 1));
          if (random() < 0.1) void q.flush();
        }
      });
      await Promise.all(producers);
      while (q.counters().pending > 0) await q.flush();
      await q.close();
      expect(written).toEqual(range(0, next));
      expect(q.counters()).toMatchObject({ pending: 0, waitingPushes: 0, flushed: next });
    },
  );
});
