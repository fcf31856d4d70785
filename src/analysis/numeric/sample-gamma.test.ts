import { describe, expect, it } from 'vitest';
import { createRng } from '../../demo/create-rng.ts';
import { sampleBeta, sampleGamma } from './sample-gamma.ts';

function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) };
}

const N = 200_000;

describe('sampleGamma', () => {
  // With 200,000 draws the sample mean's relative standard error is at most 0.5% (shape 0.243) and
  // the variance's at most 1.2%; the tolerances are over six of those.
  it.each([
    [0.243, 4.414],
    [1, 1],
    [6.25, 2],
    [30, 0.5],
  ])('draws Gamma(%s, rate %s) with the right mean and variance', (shape, rate) => {
    const rng = createRng(11, shape * 1000);
    const { mean, variance } = moments(Array.from({ length: N }, () => sampleGamma(rng, shape, rate)));
    expect(Math.abs(mean / (shape / rate) - 1)).toBeLessThan(0.03);
    expect(Math.abs(variance / (shape / rate ** 2) - 1)).toBeLessThan(0.1);
  });

  it('keeps a tiny shape’s draws positive however close to zero they crowd', () => {
    const rng = createRng(5);
    const draws = Array.from({ length: 10_000 }, () => sampleGamma(rng, 0.05));
    expect(draws.every((v) => v > 0)).toBe(true);
    expect(draws.filter((v) => v < 1e-10).length).toBeGreaterThan(1000);
  });

  it('refuses a non-positive shape or rate', () => {
    expect(() => sampleGamma(createRng(1), 0)).toThrow(RangeError);
    expect(() => sampleGamma(createRng(1), 1, -1)).toThrow(RangeError);
  });
});

describe('sampleBeta', () => {
  it('draws Beta(0.793, 2.426), the CDNOW dropout distribution, with the right mean and variance', () => {
    const [a, b] = [0.793, 2.426];
    const rng = createRng(3);
    const draws = Array.from({ length: N }, () => sampleBeta(rng, a, b));
    const { mean, variance } = moments(draws);
    expect(Math.abs(mean / (a / (a + b)) - 1)).toBeLessThan(0.02);
    expect(Math.abs(variance / ((a * b) / ((a + b) ** 2 * (a + b + 1))) - 1)).toBeLessThan(0.05);
    expect(draws.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('gives proportions, not NaN, when both shapes are tiny', () => {
    const rng = createRng(4);
    const draws = Array.from({ length: 10_000 }, () => sampleBeta(rng, 0.01, 0.01));
    expect(draws.every((p) => p >= 0 && p <= 1)).toBe(true);
    // Beta(0.01, 0.01) puts almost all its mass at the two ends, half at each.
    const low = draws.filter((p) => p < 0.5).length / draws.length;
    expect(low).toBeGreaterThan(0.45);
    expect(low).toBeLessThan(0.55);
  });
});
