import { describe, expect, it } from 'vitest';
import { hypergeometric2F1 } from './hypergeometric-2f1.ts';

const relative = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('hypergeometric2F1', () => {
  it('matches closed forms inside the unit interval', () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      // 2F1(1, 1; 2; z) = −ln(1 − z) / z.
      expect(relative(hypergeometric2F1(1, 1, 2, z), -Math.log(1 - z) / z)).toBeLessThan(1e-13);
      // 2F1(a, b; b; z) = (1 − z)^(−a).
      expect(relative(hypergeometric2F1(0.7, 2.5, 2.5, z), Math.pow(1 - z, -0.7))).toBeLessThan(1e-13);
    }
    // 2F1(1/2, 1/2; 3/2; z²) = arcsin(z) / z.
    expect(relative(hypergeometric2F1(0.5, 0.5, 1.5, 0.25), Math.asin(0.5) / 0.5)).toBeLessThan(1e-14);
  });

  it('reaches any negative z through Pfaff’s transformation', () => {
    // 2F1(1, 1; 2; −x) = ln(1 + x) / x.
    for (const x of [0.3, 1, 20]) expect(relative(hypergeometric2F1(1, 1, 2, -x), Math.log(1 + x) / x)).toBeLessThan(1e-13);
    // x = 10⁴ maps to 0.9999: hundreds of thousands of terms, each carrying the rounding of those before.
    expect(relative(hypergeometric2F1(1, 1, 2, -1e4), Math.log(1 + 1e4) / 1e4)).toBeLessThan(1e-11);
  });

  it('matches 30-digit reference values, including large and negative parameters', () => {
    // Reference values: mpmath.hyp2f1 at 30 digits.
    const cases: [number, number, number, number, number][] = [
      [0.243, 2.426, 2.219, 0.9, 1.9476311698186013],
      [26.243, 28.426, 28.219, 0.5, 90995035.99766049],
      [-0.5, 0.3, -0.7, 0.6, 1.3100864592126142],
      [1.5, 2.5, 3.25, -3, 0.1824635557076226],
    ];
    for (const [a, b, c, z, expected] of cases) expect(relative(hypergeometric2F1(a, b, c, z), expected)).toBeLessThan(1e-13);
  });

  it('ends the series by itself when a parameter is a non-positive integer', () => {
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b + 1)z²/(c(c + 1)).
    const [b, c, z] = [3, 1.5, 0.7];
    expect(hypergeometric2F1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
  });

  it('refuses z ≥ 1, c at a pole, and a series too slow to finish', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hypergeometric2F1(1, 1, -2, 0.5)).toThrow(RangeError);
    expect(() => hypergeometric2F1(1, 1, 2, 1 - 1e-9)).toThrow(/did not converge/);
  });
});
