import { describe, expect, it } from 'vitest';
import { standardErrors } from './standard-errors.ts';

describe('standardErrors', () => {
  it('gives σ/√n for the mean and σ/√(2n) for the standard deviation of a normal sample', () => {
    // Negative log-likelihood of n normal draws with sample mean m and sample variance s2, in (μ, σ).
    const [n, m, s2] = [400, 3, 4];
    const nll = ([mu, sigma]: readonly number[]): number =>
      n * Math.log(sigma as number) + (n * (s2 + (m - (mu as number)) ** 2)) / (2 * (sigma as number) ** 2);
    const [seMean, seSd] = standardErrors(nll, [m, Math.sqrt(s2)]);
    expect(seMean).toBeCloseTo(2 / Math.sqrt(n), 6);
    expect(seSd).toBeCloseTo(2 / Math.sqrt(2 * n), 6);
  });

  it('accounts for correlation between the parameters', () => {
    // A quadratic ½ xᵀ H x: the standard errors are the roots of diag(H⁻¹).
    const [h11, h12, h22] = [4, 3, 5];
    const f = ([x, y]: readonly number[]): number =>
      0.5 * (h11 * (x as number) ** 2 + 2 * h12 * (x as number) * (y as number) + h22 * (y as number) ** 2);
    const det = h11 * h22 - h12 * h12;
    const [sx, sy] = standardErrors(f, [0, 0]);
    expect(sx).toBeCloseTo(Math.sqrt(h22 / det), 6);
    expect(sy).toBeCloseTo(Math.sqrt(h11 / det), 6);
  });

  it('is NaN away from a minimum', () => {
    const saddle = ([x, y]: readonly number[]): number => (x as number) ** 2 - (y as number) ** 2;
    expect(standardErrors(saddle, [0, 0]).every(Number.isNaN)).toBe(true);
  });
});
