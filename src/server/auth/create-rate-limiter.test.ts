import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './create-rate-limiter.ts';

function setUp(options: { ratePerSecond: number; burst: number; maxBuckets?: number }) {
  let clock = 1_000_000;
  const limiter = createRateLimiter({ ...options, now: () => clock });
  return { limiter, advance: (ms: number) => (clock += ms) };
}

describe('createRateLimiter', () => {
  it('lets a burst through at once, then refuses with the seconds until a token is back', () => {
    const { limiter } = setUp({ ratePerSecond: 0.5, burst: 3 });
    expect([1, 2, 3].map(() => limiter.take('k').ok)).toEqual([true, true, true]);
    expect(limiter.take('k')).toEqual({ ok: false, retryAfterSeconds: 2 });
  });

  it('refills at the rate and never beyond the burst', () => {
    const { limiter, advance } = setUp({ ratePerSecond: 2, burst: 4 });
    for (let i = 0; i < 4; i++) expect(limiter.take('k').ok).toBe(true);
    expect(limiter.take('k').ok).toBe(false);
    advance(500);
    expect(limiter.take('k').ok).toBe(true);
    expect(limiter.take('k').ok).toBe(false);
    advance(60_000);
    for (let i = 0; i < 4; i++) expect(limiter.take('k').ok).toBe(true);
    expect(limiter.take('k').ok).toBe(false);
  });

  it('asks to wait at least one whole second, however fast the refill', () => {
    const { limiter, advance } = setUp({ ratePerSecond: 1000, burst: 1 });
    expect(limiter.take('k').ok).toBe(true);
    expect(limiter.take('k')).toEqual({ ok: false, retryAfterSeconds: 1 });
    advance(1);
    expect(limiter.take('k').ok).toBe(true);
  });

  it('rounds a partly refilled wait up to whole seconds', () => {
    const { limiter, advance } = setUp({ ratePerSecond: 0.1, burst: 1 });
    expect(limiter.take('k').ok).toBe(true);
    advance(2_500);
    expect(limiter.take('k')).toEqual({ ok: false, retryAfterSeconds: 8 });
  });

  it('keeps one bucket per id', () => {
    const { limiter } = setUp({ ratePerSecond: 1, burst: 1 });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('lets a cost above the burst through from a full bucket and makes the key wait off the debt', () => {
    const { limiter, advance } = setUp({ ratePerSecond: 1, burst: 5 });
    expect(limiter.take('k', 8).ok).toBe(true);
    expect(limiter.take('k')).toEqual({ ok: false, retryAfterSeconds: 4 });
    advance(4_000);
    expect(limiter.take('k').ok).toBe(true);
  });

  it('drops buckets that have refilled, and the least recently used beyond the cap', () => {
    const { limiter, advance } = setUp({ ratePerSecond: 1, burst: 2, maxBuckets: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) limiter.take(id);
    expect(limiter.size).toBe(3);
    advance(2_000);
    limiter.take('f');
    expect(limiter.size).toBe(1);
  });

  it('refuses a limiter that could never let anything through', () => {
    expect(() => createRateLimiter({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
