import { describe, expect, test } from 'vitest';
import { createSemaphore } from './semaphore.ts';

describe('createSemaphore', () => {
  test('runs at most max tasks at once, the rest in arrival order, and survives a failing task', async () => {
    const semaphore = createSemaphore(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) =>
      semaphore.run(async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(i);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        if (i === 1) throw new Error('boom');
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task));
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(semaphore.stats()).toEqual({ running: 0, waiting: 0 });
  });

  test('refuses a size that is not a whole number of at least one', () => {
    expect(() => createSemaphore(0)).toThrow(/whole number/);
    expect(() => createSemaphore(1.5)).toThrow(/whole number/);
  });
});
