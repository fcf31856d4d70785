import { describe, expect, it } from 'vitest';
import { createRng } from '../../demo/create-rng.ts';
import { sampleGamma } from '../numeric/sample-gamma.ts';
import {
  expectedAverageSpend,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  populationMeanSpend,
  type FrequencySpend,
  type GammaGammaParams,
} from './gamma-gamma.ts';

/** The paper's CDNOW spend estimates. */
const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

/** Customers with 1 + Poisson(2) repeat purchases whose values follow the model; spend is independent of frequency. */
function simulatedSpend(seed: number, customers: number): FrequencySpend[] {
  const rng = createRng(seed);
  return Array.from({ length: customers }, () => {
    const rate = sampleGamma(rng, CDNOW.q, CDNOW.gamma);
    const x = 1 + rng.poisson(2);
    let total = 0;
    for (let i = 0; i < x; i++) total += sampleGamma(rng, CDNOW.p, rate);
    return { x, monetary: total / x };
  });
}

const relative = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('gammaGammaLogLikelihood', () => {
  it('matches the density of the mean evaluated directly in 50-digit arithmetic', () => {
    // Reference values: mpmath, ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
    const cases: [number, number, number][] = [
      [1, 20, -3.594196492949196],
      [3, 35.5, -4.090552209678846],
      [10, 100, -7.147752691601824],
    ];
    for (const [x, monetary, expected] of cases)
      expect(relative(gammaGammaLogLikelihood(CDNOW, [{ x, monetary }]), expected)).toBeLessThan(1e-13);
  });

  it('leaves out customers without a repeat purchase or a positive mean value', () => {
    const kept = [{ x: 2, monetary: 30 }];
    const dropped = [
      { x: 0, monetary: 25 },
      { x: 3, monetary: undefined },
      { x: 1, monetary: 0 },
    ];
    expect(gammaGammaLogLikelihood(CDNOW, [...kept, ...dropped])).toBe(gammaGammaLogLikelihood(CDNOW, kept));
  });
});

describe('fitGammaGamma', () => {
  // Tolerances, from 30 seeds of this design (20,000 customers): the relative errors' root mean
  // squares were p 5.0%, q 1.4% and γ 6.2% (p and γ trade off against each other; their product,
  // the mean spend, is pinned far better); each bound is four of those. The reported standard errors
  // matched the spread (largest |z| over the 30 seeds: 2.7).
  it('recovers the CDNOW spend parameters from 20,000 simulated customers', () => {
    const fit = fitGammaGamma(simulatedSpend(1, 20_000));
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(20_000);
    expect(relative(fit.p, CDNOW.p)).toBeLessThan(0.2);
    expect(relative(fit.q, CDNOW.q)).toBeLessThan(0.06);
    expect(relative(fit.gamma, CDNOW.gamma)).toBeLessThan(0.25);
    for (const key of ['p', 'q', 'gamma'] as const) expect(Math.abs(fit[key] - CDNOW[key])).toBeLessThan(4 * fit.standardErrors[key]);
    expect(relative(populationMeanSpend(fit), populationMeanSpend(CDNOW))).toBeLessThan(0.03);
    expect(Math.abs(fit.frequencySpendCorrelation)).toBeLessThan(0.05);
  });

  it('reports a correlation between frequency and spend when there is one', () => {
    const correlated = simulatedSpend(2, 2_000).map((c) => ({ x: c.x, monetary: (c.monetary as number) * (1 + c.x) }));
    expect(fitGammaGamma(correlated).frequencySpendCorrelation).toBeGreaterThan(0.2);
  });

  it('refuses a customer base with no usable spend', () => {
    expect(() => fitGammaGamma([{ x: 0, monetary: 10 }])).toThrow(RangeError);
  });
});

describe('expectedAverageSpend', () => {
  it('is the population mean for a customer with no repeat purchase', () => {
    expect(expectedAverageSpend(CDNOW, 0, undefined)).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
  });

  it('moves from the population mean towards the customer’s own mean as purchases accumulate', () => {
    const population = populationMeanSpend(CDNOW);
    const own = 80;
    const estimates = [1, 2, 5, 20, 200].map((x) => expectedAverageSpend(CDNOW, x, own));
    for (let i = 1; i < estimates.length; i++) expect(estimates[i]).toBeGreaterThan(estimates[i - 1]!);
    for (const e of estimates) {
      expect(e).toBeGreaterThan(population);
      expect(e).toBeLessThan(own);
    }
    // The weight on the customer's own mean is px / (px + q − 1).
    const x = 5;
    const weight = (CDNOW.p * x) / (CDNOW.p * x + CDNOW.q - 1);
    expect(expectedAverageSpend(CDNOW, x, own)).toBeCloseTo(weight * own + (1 - weight) * population, 10);
  });
});
