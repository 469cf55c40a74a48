import { describe, expect, test } from 'vitest';
import { createStreamLimits } from './announcements.fns.ts';

describe('createStreamLimits', () => {
  test('caps streams per address and in all, and gives places back when streams end', () => {
    const limits = createStreamLimits({ perAddress: 2, total: 3 });
    expect(limits.take('10.0.0.1')).toBe('ok');
    expect(limits.take('10.0.0.1')).toBe('ok');
    expect(limits.take('10.0.0.1')).toBe('address');
    expect(limits.take('10.0.0.2')).toBe('ok');
    expect(limits.take('10.0.0.3')).toBe('total');
    expect(limits.open).toEqual({ total: 3, addresses: 2 });
    limits.release('10.0.0.1');
    expect(limits.take('10.0.0.3')).toBe('ok');
    limits.release('10.0.0.3');
    limits.release('10.0.0.3'); // a second release of the same stream changes nothing
    expect(limits.open).toEqual({ total: 2, addresses: 2 });
  });
});
