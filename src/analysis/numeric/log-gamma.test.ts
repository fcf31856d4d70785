import { describe, expect, it } from 'vitest';
import { logGamma } from './log-gamma.ts';

describe('logGamma', () => {
  it('matches 30-digit reference values to about 1e-15 relative', () => {
    // Reference values: mpmath.loggamma at 30 digits.
    const cases: [number, number][] = [
      [0.001, 6.907178885383853],
      [0.243, 1.3180435846996699],
      [0.5, 0.5723649429247001],
      [0.793, 0.1588713302863652],
      [2.426, 0.23400811688731613],
      [4.414, 2.335220052201891],
      [10, 12.80182748008147],
      [100, 359.1342053695754],
      [171.5, 709.1431630309282],
      [1e6, 12815504.569147613],
    ];
    for (const [x, expected] of cases) expect(Math.abs(logGamma(x) - expected)).toBeLessThan(3e-15 * Math.max(1, Math.abs(expected)));
  });

  it('is exactly 0 at 1 and 2 and ln((n − 1)!) at the integers', () => {
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    let factorial = 1;
    for (let n = 2; n <= 20; n++) {
      factorial *= n - 1;
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
    }
  });

  it('satisfies Γ(x + 1) = x Γ(x) far beyond where Γ itself overflows', () => {
    for (const x of [0.01, 0.3, 3.7, 55.5, 250, 1e4]) expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 10);
  });

  it('reflects negative arguments and has poles at 0 and the negative integers', () => {
    // Γ(−1/2) = −2√π.
    expect(logGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
  });
});
