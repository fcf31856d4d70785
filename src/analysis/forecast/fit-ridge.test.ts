import { describe, expect, it } from 'vitest';
import { createRng } from '../../demo/create-rng.ts';
import type { Design, DesignSpec } from './design-matrix.ts';
import { fitRidge, gramOf, predictDesign, robustScale } from './fit-ridge.ts';

/** A design over hand-made columns: only the column scales matter to the fit. */
function designOf(rows: readonly (readonly number[])[], scales: readonly number[]): Design {
  const spec = { columns: scales.map((scale, i) => ({ name: `c${i}`, component: 'trend' as const, scale })) } as unknown as DesignSpec;
  return { spec, steps: rows.map((_, i) => i), values: Float64Array.from(rows.flat()) };
}

describe('robustScale', () => {
  it('is 1.4826 × the median absolute deviation, so about the standard deviation of normal data', () => {
    // Median 3, absolute deviations 2, 1, 0, 1, 97 → median 1.
    expect(robustScale([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 10);
    const rng = createRng(3);
    expect(robustScale(Array.from({ length: 20_000 }, () => 2 * rng.normal()))).toBeCloseTo(2, 1);
  });
});

describe('fitRidge', () => {
  const rng = createRng(8);
  const n = 400;
  const rows = Array.from({ length: n }, (_, i) => [1, i / n, rng.chance(0.3) ? 1 : 0]);
  const truth = [2, 0.5, 0.4];
  const z = Float64Array.from(rows, (r) => r.reduce((s, v, j) => s + v * (truth[j] as number), 0) + 0.05 * rng.normal());

  it('recovers known coefficients and the noise level', () => {
    const fit = fitRidge(designOf(rows, [Infinity, Infinity, 1]), z, 7);
    fit.beta.forEach((b, j) => expect(b).toBeCloseTo(truth[j] as number, 1));
    expect(fit.sigma).toBeGreaterThan(0.04);
    expect(fit.sigma).toBeLessThan(0.06);
    expect(Array.from(fit.fitted)).toEqual(Array.from(predictDesign(designOf(rows, [Infinity, Infinity, 1]), fit.beta)));
  });

  it('is barely moved by a handful of wild outliers', () => {
    const spoiled = Float64Array.from(z, (v, i) => (i % 50 === 7 ? v + 3 : v));
    const fit = fitRidge(designOf(rows, [Infinity, Infinity, 1]), spoiled, 7);
    expect(fit.beta[0]).toBeCloseTo(2, 1);
    expect(fit.beta[2]).toBeCloseTo(0.4, 1);
  });

  it('shrinks a coefficient with a tight prior towards zero', () => {
    const loose = fitRidge(designOf(rows, [Infinity, Infinity, 1]), z, 7).beta[2] as number;
    const tight = fitRidge(designOf(rows, [Infinity, Infinity, 0.001]), z, 7).beta[2] as number;
    expect(Math.abs(tight)).toBeLessThan(0.05 * Math.abs(loose));
  });

  it('gives the same fit from a shared Gram matrix, and leaves out the columns not asked for', () => {
    const design = designOf(rows, [Infinity, Infinity, 1]);
    const spoiled = Float64Array.from(z, (v, i) => (i % 50 === 7 ? v + 3 : v));
    const fresh = fitRidge(design, spoiled, 7);
    const shared = fitRidge(design, spoiled, 7, { gram: gramOf(design) });
    shared.beta.forEach((b, j) => expect(b).toBeCloseTo(fresh.beta[j] as number, 12));
    // Two columns only: the same as a design without the third.
    const narrow = fitRidge(
      designOf(
        rows.map((r) => r.slice(0, 2)),
        [Infinity, Infinity],
      ),
      z,
      7,
    );
    const subset = fitRidge(design, z, 7, { active: [0, 1] });
    expect(subset.beta[2]).toBe(0);
    expect(subset.beta[0]).toBeCloseTo(narrow.beta[0] as number, 10);
    expect(subset.beta[1]).toBeCloseTo(narrow.beta[1] as number, 10);
  });

  it('is plain least squares when not robust: the outliers pull it', () => {
    const spoiled = Float64Array.from(z, (v, i) => (i % 50 === 7 ? v + 3 : v));
    const plain = fitRidge(designOf(rows, [Infinity, Infinity, 1]), spoiled, 7, { robust: false });
    // Eight rows of 400 lifted by 3 lift an unpenalised intercept by about 3 × 8 / 400 = 0.06.
    expect(plain.beta[0] as number).toBeGreaterThan(2.04);
    expect(fitRidge(designOf(rows, [Infinity, Infinity, 1]), spoiled, 7).beta[0] as number).toBeLessThan(2.03);
  });
});
