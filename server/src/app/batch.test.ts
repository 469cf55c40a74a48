import { describe, expect, test } from 'vitest';
import { type BatchOutcome, createBatcher } from './batch.ts';

/** A batcher over numbers that records each batch it ran; odd numbers are refused one by one. */
function recording(options: { maxBatch?: number; maxConcurrent?: number; keyed?: boolean } = {}) {
  const batches: number[][] = [];
  let running = 0;
  let peak = 0;
  const batcher = createBatcher<number, string>({
    ...options,
    ...(options.keyed ? { keyOf: (n: number) => String(n % 10) } : {}),
    run: async (items) => {
      batches.push(items);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return items.map(
        (n): BatchOutcome<string> =>
          n % 2 === 1 ? { ok: false, error: new Error(`odd ${n}`) } : { ok: true, value: `even ${n}` },
      );
    },
  });
  return { batcher, batches, peak: () => peak };
}

describe('createBatcher', () => {
  test('items added together run as one batch, and each caller gets its own outcome', async () => {
    const { batcher, batches } = recording();
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.add(n)));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'odd 1',
      'even 2',
      'odd 3',
      'even 4',
    ]);
  });

  test('batches hold at most maxBatch items, and at most maxConcurrent run at once', async () => {
    const { batcher, batches, peak } = recording({ maxBatch: 3, maxConcurrent: 2 });
    await Promise.allSettled(Array.from({ length: 10 }, (_, i) => batcher.add(i * 2)));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flat()).toEqual(Array.from({ length: 10 }, (_, i) => i * 2));
    expect(peak()).toBe(2);
    expect(batcher.size).toEqual({ pending: 0, running: 0 });
  });

  test('items with the same key never share a batch and keep their order', async () => {
    const { batcher, batches } = recording({ keyed: true });
    await Promise.allSettled([2, 12, 4, 22, 14].map((n) => batcher.add(n)));
    expect(batches).toEqual([[2, 4], [12, 14], [22]]);
  });

  test('a batch that throws is run again item by item, so only the item that breaks fails', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher<number, number>({
      run: async (items) => {
        batches.push(items);
        if (items.includes(13)) throw new Error('constraint broken by 13');
        return items.map((n) => ({ ok: true, value: n * 10 }));
      },
    });
    const results = await Promise.allSettled([11, 12, 13, 14].map((n) => batcher.add(n)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      110,
      120,
      'constraint broken by 13',
      140,
    ]);
    expect(batches).toEqual([[11, 12, 13, 14], [11], [12], [13], [14]]);
  });

  test('items added while batches run wait and go together in the next one', async () => {
    const { batcher, batches } = recording({ maxConcurrent: 1 });
    const first = batcher.add(2);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch has started
    const later = [4, 6, 8].map((n) => batcher.add(n));
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[2], [4, 6, 8]]);
  });
});
