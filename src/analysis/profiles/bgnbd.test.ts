import { describe, expect, it } from 'vitest';
import {
  bgNbdDataProblem,
  bgNbdLogLikelihood,
  expectedPurchases,
  expectedPurchasesNew,
  fitBgNbd,
  probabilityAlive,
  type BgNbdParams,
} from './bgnbd.ts';
import { simulateBgNbd } from './holdout-comparison.ts';
import { summarisePurchaseTimes, type PurchaseSummary } from './transaction-summary.ts';

/** The paper's CDNOW estimates, in weeks. */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** The paper's design: first purchases over the first 12 weeks, 39 calibration weeks, 39 holdout weeks; continuous time. */
function simulatedCohort(seed: number, customers = 20_000): PurchaseSummary[] {
  return simulateBgNbd(CDNOW, { customers, calibrationWeeks: 39, holdoutWeeks: 39, seed }).map((c) =>
    summarisePurchaseTimes(c.purchases, 39, 78),
  );
}

const relative = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('bgNbdLogLikelihood', () => {
  it('matches eq. 6 evaluated directly in 50-digit arithmetic', () => {
    // Reference values: mpmath, L = B(a, b+x)/B(a, b) Γ(r+x) α^r / (Γ(r) (α+T)^(r+x)) + [x>0] B(a+1, b+x−1)/B(a, b) Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
    const cases: [number, number, number, number][] = [
      [0, 0, 38.86, -0.5547132764381585],
      [1, 1.71, 38.86, -4.469093275032589],
      [2, 30.43, 38.86, -9.45860630706627],
      [26, 30.86, 31, -37.726579473394445],
      [100, 30, 38, -3.262021737239215],
    ];
    for (const [x, tx, T, expected] of cases) expect(relative(bgNbdLogLikelihood(CDNOW, [{ x, tx, T }]), expected)).toBeLessThan(1e-13);
  });

  it('is the sum over customers', () => {
    const customers = [
      { x: 0, tx: 0, T: 30 },
      { x: 3, tx: 12.5, T: 35 },
      { x: 3, tx: 20, T: 38 },
    ];
    const sum = customers.reduce((s, c) => s + bgNbdLogLikelihood(CDNOW, [c]), 0);
    expect(bgNbdLogLikelihood(CDNOW, customers)).toBeCloseTo(sum, 10);
  });

  it('is higher at the generating parameters than with any one of them 30% off', () => {
    // 30%, not 10%: with 20,000 customers the standard errors of a and b are 7–10%, so a 10% step
    // can land closer to the sample's own optimum than the truth is.
    const data = simulatedCohort(1);
    const atTruth = bgNbdLogLikelihood(CDNOW, data);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.7, 1.3]) expect(bgNbdLogLikelihood({ ...CDNOW, [key]: CDNOW[key] * factor }, data)).toBeLessThan(atTruth);
    }
  });
});

describe('fitBgNbd', () => {
  // Tolerances, from 30 seeds of this design (20,000 customers): the relative errors' root mean
  // squares were r 1.9%, α 3.4%, a 7.0%, b 9.1% and a/(a+b) 3.5%; each bound is at least four of
  // those. The standard errors the fit reports are calibrated too: over seeds 1–300 the z-scores
  // (estimate − truth) / se had standard deviations of 0.96–1.01 and normal tails; the largest
  // |z| was 4.2 (r at seed 1), hence "within 5 se".
  const tolerance = { r: 0.1, alpha: 0.15, a: 0.3, b: 0.4 };

  it.each([1, 2, 3])('recovers the CDNOW parameters from 20,000 simulated customers (seed %i)', (seed) => {
    const data = simulatedCohort(seed);
    const fit = fitBgNbd(data);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(20_000);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(relative(fit[key], CDNOW[key])).toBeLessThan(tolerance[key]);
      expect(Math.abs(fit[key] - CDNOW[key])).toBeLessThan(5 * fit.standardErrors[key]);
    }
    // The mean dropout probability is much better determined than a and b apart.
    expect(relative(fit.a / (fit.a + fit.b), CDNOW.a / (CDNOW.a + CDNOW.b))).toBeLessThan(0.15);
    // A maximum: no worse than the truth.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(CDNOW, data));
    expect(fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(fit, data), 6);
  });

  it('lands on the same maximum from a poor start', () => {
    const data = simulatedCohort(4, 5_000);
    const usual = fitBgNbd(data);
    const far = fitBgNbd(data, { start: { r: 20, alpha: 0.01, a: 50, b: 0.05 } });
    expect(far.logLikelihood).toBeCloseTo(usual.logLikelihood, 4);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(relative(far[key], usual[key])).toBeLessThan(1e-3);
  });

  it('refuses an empty customer list', () => {
    expect(() => fitBgNbd([])).toThrow(RangeError);
  });
});

describe('expectedPurchases', () => {
  it('matches eq. 10 evaluated directly in 50-digit arithmetic', () => {
    // Reference values: mpmath with the untransformed 2F1(r+x, b+x; a+b+x−1; t/(α+T+t)).
    const cases: [number, number, number, number, number][] = [
      // The paper's customer with 2 repeat purchases, the last at 30.43 weeks, seen for 38.86 weeks.
      [39, 2, 30.43, 38.86, 1.2260281747671444],
      [39, 0, 0, 38.86, 0.19509805201126265],
      [1, 7, 29.43, 38.86, 0.10662921297153033],
      [200, 26, 30.86, 31, 60.91792676640893],
      [39, 100, 30, 38, 7.148159475618176e-6],
    ];
    for (const [t, x, tx, T, expected] of cases) expect(relative(expectedPurchases(CDNOW, t, x, tx, T), expected)).toBeLessThan(1e-12);
  });

  it('stays finite and sensible for a customer with hundreds of purchases', () => {
    // 500 purchases in 38 weeks, the last just now: about 13 a week while alive.
    const e = expectedPurchases(CDNOW, 1, 500, 37.9, 38);
    expect(e).toBeGreaterThan(10);
    expect(e).toBeLessThan(14);
  });

  it('is 0 for no time and grows with the horizon', () => {
    expect(expectedPurchases(CDNOW, 0, 3, 20, 38)).toBe(0);
    const values = [1, 10, 39, 100, 500].map((t) => expectedPurchases(CDNOW, t, 3, 20, 38));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
  });

  it('is continuous across a = 1, where the formula has a removable singularity', () => {
    const at = (a: number) => expectedPurchases({ ...CDNOW, a }, 39, 2, 30.43, 38.86);
    expect(relative(at(1), at(1 - 1e-5))).toBeLessThan(1e-4);
    expect(relative(at(1), at(1 + 1e-5))).toBeLessThan(1e-4);
  });
});

describe('expectedPurchasesNew', () => {
  it('matches eq. 7 evaluated directly in 50-digit arithmetic', () => {
    expect(relative(expectedPurchasesNew(CDNOW, 39), 1.196723193320817)).toBeLessThan(1e-13);
    expect(relative(expectedPurchasesNew(CDNOW, 78), 1.8605190579427686)).toBeLessThan(1e-13);
    expect(expectedPurchasesNew(CDNOW, 0)).toBe(0);
  });

  it('agrees with the mean repeat purchases of simulated new customers', () => {
    const customers = simulateBgNbd(CDNOW, { customers: 20_000, calibrationWeeks: 66, holdoutWeeks: 0, seed: 9 });
    // Every customer is seen for at least 54 weeks after the first purchase (births before week 12).
    for (const weeks of [13, 52]) {
      const counts = customers.map((c) => c.purchases.filter((t) => t > c.purchases[0]! && t <= c.purchases[0]! + weeks).length);
      const mean = counts.reduce((s, v) => s + v, 0) / counts.length;
      const se = Math.sqrt(counts.reduce((s, v) => s + (v - mean) ** 2, 0) / (counts.length - 1) / counts.length);
      expect(Math.abs(mean - expectedPurchasesNew(CDNOW, weeks))).toBeLessThan(4 * se);
    }
  });
});

describe('probabilityAlive', () => {
  it('is 1 for a customer who never bought again, however long ago the first purchase was', () => {
    for (const T of [0, 1, 39, 500]) expect(probabilityAlive(CDNOW, 0, 0, T)).toBe(1);
  });

  it('falls as the silence since the last purchase grows (eq. 11)', () => {
    const T = 39;
    for (const x of [1, 2, 5, 10]) {
      const values = [39, 35, 30, 20, 10, 1].map((tx) => probabilityAlive(CDNOW, x, tx, T));
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]!);
    }
  });

  it('falls faster for a frequent buyer: their silence says more', () => {
    expect(probabilityAlive(CDNOW, 10, 20, 39)).toBeLessThan(probabilityAlive(CDNOW, 1, 20, 39));
  });

  it('stays below 1 just after a purchase, since the customer may drop out right after it', () => {
    const [x, a, b] = [2, CDNOW.a, CDNOW.b];
    expect(probabilityAlive(CDNOW, x, 39, 39)).toBeCloseTo((b + x - 1) / (a + b + x - 1), 14);
    expect(relative(probabilityAlive(CDNOW, 2, 30.43, 38.86), 0.726578570080673)).toBeLessThan(1e-14);
  });
});

describe('fits that are no estimate', () => {
  it('are not converged when every customer was seen for no time at all, and say why', () => {
    const fit = fitBgNbd(Array.from({ length: 12 }, () => ({ x: 0, tx: 0, T: 0 })));
    expect(fit.converged).toBe(false);
    expect(fit.problems.join('; ')).toContain('standard errors undefined');
  });

  it('are not converged when the estimates run off to the edge of the parameter space', () => {
    // Two customers: the optimiser settles, but on a boundary.
    const two = fitBgNbd([
      { x: 3, tx: 20, T: 30 },
      { x: 0, tx: 0, T: 25 },
    ]);
    // Everyone buys every week to the end: no spread of rates and no dropout to estimate.
    const steady = fitBgNbd(Array.from({ length: 40 }, (_, i) => ({ x: 20 + (i % 5), tx: 40, T: 40 })));
    for (const fit of [two, steady]) {
      expect(fit.converged).toBe(false);
      expect(fit.problems.some((p) => /ran off toward (an edge|the edges) of the parameter space/.test(p))).toBe(true);
    }
  });

  it('are refused before fitting with too few customers or repeat buyers', () => {
    const buyers = (n: number, repeaters: number) =>
      Array.from({ length: n }, (_, i) => ({ x: i < repeaters ? 2 : 0, tx: i < repeaters ? 5 : 0, T: 10 }));
    expect(bgNbdDataProblem(buyers(30, 10))).toBeUndefined();
    expect(bgNbdDataProblem(buyers(29, 10))).toMatch(/^29 customers, 10 of them with a repeat purchase/);
    expect(bgNbdDataProblem(buyers(300, 9))).toMatch(/^300 customers, 9 of them with a repeat purchase/);
  });
});
