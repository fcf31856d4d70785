import { describe, expect, it } from 'vitest';
import { createAliasTable, createRng, mixSeed } from './create-rng.ts';

describe('seeded random numbers', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('mixes several parts into distinct seeds, including parts above 2^32', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(2 ** 40)).not.toBe(mixSeed(0));
    expect(mixSeed(7, 8)).toBe(mixSeed(7, 8));
  });

  it('draws uniforms in [0, 1), integers in range and Poisson counts with the right mean', () => {
    const rng = createRng(1);
    let sum = 0;
    let low = 1;
    let high = 0;
    const ints = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      const x = rng.next();
      low = Math.min(low, x);
      high = Math.max(high, x);
      ints.add(rng.int(7));
      sum += rng.poisson(3.5);
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sum / 20000).toBeCloseTo(3.5, 1);
    let big = 0;
    for (let i = 0; i < 2000; i++) big += rng.poisson(400);
    expect(big / 2000).toBeGreaterThan(395);
    expect(big / 2000).toBeLessThan(405);
  });

  it('draws from an alias table in proportion to the weights, mapped to values when given', () => {
    const rng = createRng(9);
    const table = createAliasTable([1, 0, 3], [10, 20, 30]);
    const counts = new Map<number, number>();
    for (let i = 0; i < 40000; i++) {
      const v = table.sample(rng);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.get(20)).toBeUndefined();
    expect((counts.get(30) ?? 0) / (counts.get(10) ?? 1)).toBeCloseTo(3, 0);
    expect(() => createAliasTable([0, 0])).toThrow(RangeError);
  });
});
