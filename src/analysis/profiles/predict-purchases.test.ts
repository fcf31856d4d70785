import { beforeAll, describe, expect, it } from 'vitest';
import { expectedPurchases, probabilityAlive, type BgNbdParams } from './bgnbd.ts';
import { expectedAverageSpend, populationMeanSpend, type GammaGammaParams } from './gamma-gamma.ts';
import { simulateBgNbd } from './holdout-comparison.ts';
import {
  predictPurchases,
  predictWithModel,
  storedPurchaseModel,
  type BuyerPredictions,
  type BuyerSummaries,
} from './predict-purchases.ts';
import { summarisePurchaseTimes } from './transaction-summary.ts';

/** The CDNOW estimates (Fader, Hardie & Lee), in weeks, for purchases and for spend. */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const CDNOW_SPEND: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

/**
 * Buyers drawn from the CDNOW parameters: first purchases over the first 12 weeks, 39 calibration
 * weeks. Mean spend is that of the calibration repeat purchases, the first purchase's value for
 * those without one (the spend model ignores it for them).
 */
function simulatedBuyers(seed: number, customers: number): BuyerSummaries {
  const simulated = simulateBgNbd(CDNOW, { customers, calibrationWeeks: 39, holdoutWeeks: 0, seed, spend: CDNOW_SPEND });
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const T = new Float64Array(customers);
  const meanSpend = new Float64Array(customers);
  simulated.forEach((c, i) => {
    const summary = summarisePurchaseTimes(c.purchases, 39);
    const amounts = c.amounts ?? [];
    const repeats = amounts.slice(1, summary.x + 1);
    x[i] = summary.x;
    tx[i] = summary.tx;
    T[i] = summary.T;
    meanSpend[i] = repeats.length > 0 ? repeats.reduce((s, v) => s + v, 0) / repeats.length : (amounts[0] ?? NaN);
  });
  return { x, tx, T, meanSpend };
}

/** The first `n` buyers. */
const firstOf = (buyers: BuyerSummaries, n: number): BuyerSummaries => ({
  x: buyers.x.slice(0, n),
  tx: buyers.tx.slice(0, n),
  T: buyers.T.slice(0, n),
  meanSpend: buyers.meanSpend.slice(0, n),
});

const relative = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('predictPurchases', () => {
  const n = 20_000;
  let buyers: BuyerSummaries;
  let predictions: BuyerPredictions;

  beforeAll(() => {
    buyers = simulatedBuyers(1, n);
    predictions = predictPurchases(buyers);
  });

  it('predicts for every buyer, having fitted both models on all of them', () => {
    for (const values of [predictions.pAlive, predictions.expected30, predictions.expected90, predictions.expectedSpend90]) {
      expect(values).toHaveLength(n);
      expect(values.every(Number.isFinite)).toBe(true);
    }
    expect(predictions.model.fittedOn).toBe(n);
    expect(predictions.model.bgnbd?.customers).toBe(n);
    expect(predictions.model.bgnbd?.converged).toBe(true);
    expect(predictions.model.gammaGamma?.converged).toBe(true);
    expect(predictions.model.notes).toEqual([]);
  });

  it('recovers the BG/NBD parameters the buyers were drawn from', () => {
    // The tolerances of bgnbd.test.ts for this design: at least four root-mean-square errors over 30 seeds.
    const tolerance = { r: 0.1, alpha: 0.15, a: 0.3, b: 0.4 };
    const fit = predictions.model.bgnbd!;
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(relative(fit[key], CDNOW[key]), key).toBeLessThan(tolerance[key]);
  });

  it('recovers the population mean spend the purchase values were drawn from', () => {
    // Only the buyers with a repeat purchase (about 40%) inform the spend model, but its mean, pγ/(q−1),
    // is pinned well: over seeds 1–8 of this design it was off by at most 1%.
    expect(relative(populationMeanSpend(predictions.model.gammaGamma!), populationMeanSpend(CDNOW_SPEND))).toBeLessThan(0.05);
  });

  it('gives probabilities alive between 0 and 1, and 1 to buyers who never bought again', () => {
    const indices = Array.from({ length: n }, (_, i) => i);
    expect(indices.filter((i) => !(predictions.pAlive[i]! >= 0 && predictions.pAlive[i]! <= 1))).toEqual([]);
    const neverAgain = indices.filter((i) => buyers.x[i] === 0);
    expect(neverAgain.length).toBeGreaterThan(0);
    expect(neverAgain.filter((i) => predictions.pAlive[i] !== 1)).toEqual([]);
    expect(indices.some((i) => predictions.pAlive[i]! < 0.5)).toBe(true);
  });

  it('expects at least as many purchases in 90 days as in 30, and none negative', () => {
    const indices = Array.from({ length: n }, (_, i) => i);
    expect(indices.filter((i) => !(predictions.expected30[i]! >= 0))).toEqual([]);
    expect(indices.filter((i) => !(predictions.expected90[i]! >= predictions.expected30[i]!))).toEqual([]);
    expect(indices.filter((i) => !(predictions.expectedSpend90[i]! >= 0))).toEqual([]);
  });

  it('predicts each buyer with the fitted models, horizons in weeks', () => {
    const { bgnbd, gammaGamma } = predictions.model;
    for (const i of [0, 1, 17, 4_321, n - 1]) {
      const [x, tx, T] = [buyers.x[i]!, buyers.tx[i]!, buyers.T[i]!];
      expect(predictions.pAlive[i]).toBe(probabilityAlive(bgnbd!, x, tx, T));
      expect(predictions.expected30[i]).toBe(expectedPurchases(bgnbd!, 30 / 7, x, tx, T));
      expect(predictions.expected90[i]).toBe(expectedPurchases(bgnbd!, 90 / 7, x, tx, T));
      expect(predictions.expectedSpend90[i]).toBeCloseTo(
        predictions.expected90[i]! * expectedAverageSpend(gammaGamma!, x, buyers.meanSpend[i]),
        10,
      );
    }
  });

  it('predicts a few buyers with a model fitted before exactly as the fit on everybody did, even after storage', () => {
    const stored = storedPurchaseModel(JSON.parse(JSON.stringify(predictions.model)));
    expect(stored?.bgnbd).toEqual(predictions.model.bgnbd);
    // Five buyers are far too few to fit BG/NBD on; with the stored model they get the same predictions.
    const few = firstOf(buyers, 5);
    expect(predictPurchases(few).pAlive.every(Number.isNaN)).toBe(true);
    const again = predictWithModel(few, stored!);
    expect(Array.from(again.pAlive)).toEqual(Array.from(predictions.pAlive.subarray(0, 5)));
    expect(Array.from(again.expectedSpend90)).toEqual(Array.from(predictions.expectedSpend90.subarray(0, 5)));
    expect(again.model).toBe(stored);
  });

  it('refuses a stored model without usable BG/NBD parameters, and drops a spend model without its own', () => {
    for (const value of [null, 'x', {}, { bgnbd: null }, { bgnbd: { r: 1, alpha: 2, a: null, b: 1, logLikelihood: -5 } }])
      expect(storedPurchaseModel(value), JSON.stringify(value)).toBeNull();
    const withoutSpend = storedPurchaseModel({ ...predictions.model, gammaGamma: { p: null } });
    expect(withoutSpend?.gammaGamma).toBeNull();
    expect(predictWithModel(firstOf(buyers, 3), withoutSpend!).expectedSpend90.every(Number.isNaN)).toBe(true);
  });

  it('expects more from a buyer who bought often and lately than from one gone quiet', () => {
    const busy = predictPurchases({
      x: Float64Array.from([...buyers.x, 10, 10]),
      tx: Float64Array.from([...buyers.tx, 36, 5]),
      T: Float64Array.from([...buyers.T, 37, 37]),
      meanSpend: Float64Array.from([...buyers.meanSpend, 40, 40]),
    });
    expect(busy.pAlive[n]).toBeGreaterThan(busy.pAlive[n + 1]!);
    expect(busy.expected90[n]).toBeGreaterThan(busy.expected90[n + 1]!);
  });

  it('fits on an evenly spaced sample when asked, and still predicts for everyone', () => {
    const sampled = predictPurchases(buyers, { sample: 2_000 });
    expect(sampled.model.fittedOn).toBe(2_000);
    expect(sampled.model.bgnbd?.customers).toBe(2_000);
    expect(sampled.expected90).toHaveLength(n);
    expect(sampled.expected90.every(Number.isFinite)).toBe(true);
    // A sample larger than the buyers is all of them.
    expect(predictPurchases(firstOf(buyers, 500), { sample: 5_000 }).model.fittedOn).toBe(500);
  });
});

describe('predictPurchases with too little to go on', () => {
  const buyers = simulatedBuyers(2, 500);

  it('predicts nothing for fewer than 100 buyers and says why', () => {
    const few = predictPurchases(firstOf(buyers, 99));
    for (const values of [few.pAlive, few.expected30, few.expected90, few.expectedSpend90]) {
      expect(values).toHaveLength(99);
      expect(values.every(Number.isNaN)).toBe(true);
    }
    expect(few.model).toEqual({
      bgnbd: null,
      gammaGamma: null,
      fittedOn: 0,
      notes: ['only 99 buyers: at least 100 are needed to fit BG/NBD'],
    });
  });

  it('predicts nothing for no buyers', () => {
    const none = predictPurchases(firstOf(buyers, 0));
    expect(none.pAlive).toHaveLength(0);
    expect(none.model.notes).toEqual(['only 0 buyers: at least 100 are needed to fit BG/NBD']);
  });

  it('fits from 100 buyers on', () => {
    const enough = predictPurchases(firstOf(buyers, 100));
    expect(enough.model.fittedOn).toBe(100);
    expect(enough.model.bgnbd).not.toBeNull();
  });

  it('still predicts purchases when no spend is known, and says there is no spend model', () => {
    const unpriced = predictPurchases({ ...buyers, meanSpend: new Float64Array(buyers.x.length).fill(NaN) });
    expect(unpriced.model.bgnbd?.converged).toBe(true);
    expect(unpriced.model.gammaGamma).toBeNull();
    expect(unpriced.model.notes).toHaveLength(1);
    expect(unpriced.model.notes[0]).toMatch(/^no Gamma-Gamma fit: /);
    expect(unpriced.expected90.every(Number.isFinite)).toBe(true);
    expect(unpriced.expectedSpend90.every(Number.isNaN)).toBe(true);
  });
});
