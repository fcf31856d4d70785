import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, type BgNbdParams } from './bgnbd.ts';
import { compareHoldout, simulateBgNbd, toSimulatedTransactions } from './holdout-comparison.ts';
import { summariseTransactions } from './transaction-summary.ts';

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('compareHoldout', () => {
  it('adds up each customer’s expectation by calibration frequency, 7 and more together', () => {
    const customers = [
      { x: 0, tx: 0, T: 30, holdout: 1 },
      { x: 0, tx: 0, T: 35, holdout: 0 },
      { x: 2, tx: 20, T: 35, holdout: 3 },
      { x: 7, tx: 30, T: 38, holdout: 4 },
      { x: 12, tx: 37, T: 38, holdout: 9 },
    ];
    const comparison = compareHoldout(CDNOW, customers, 39);
    expect(comparison.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(comparison.buckets.map((b) => b.customers)).toEqual([2, 0, 1, 0, 0, 0, 0, 2]);
    expect(comparison.buckets.map((b) => b.actual)).toEqual([1, 0, 3, 0, 0, 0, 0, 13]);
    const expected = customers.map((c) => expectedPurchases(CDNOW, 39, c.x, c.tx, c.T));
    expect(comparison.buckets[7]?.predicted).toBeCloseTo(expected[3]! + expected[4]!, 12);
    expect(comparison.predicted).toBeCloseTo(
      expected.reduce((s, v) => s + v, 0),
      12,
    );
    expect(comparison).toMatchObject({ holdoutWeeks: 39, customers: 5, actual: 17 });
  });

  // The paper's check (its Figure 4), end to end on dated transactions: 40,000 customers drawn from
  // the CDNOW estimates, first purchases over the first 12 weeks of 1997, calibration to week 39,
  // holdout to week 78; fit on the calibration period, predict the holdout.
  it('predicts the holdout purchases of a simulated customer base in total and by calibration frequency', () => {
    const simulated = simulateBgNbd(CDNOW, { customers: 40_000, calibrationWeeks: 39, holdoutWeeks: 39, seed: 1 });
    const summary = summariseTransactions(toSimulatedTransactions(simulated, '1997-01-01'), {
      calibrationEnd: '1997-09-30',
      holdoutEnd: '1998-06-30',
    });
    expect(summary.customers).toHaveLength(40_000);
    expect(summary.holdoutWeeks).toBe(39);
    const fit = fitBgNbd(summary.customers);
    const comparison = compareHoldout(fit, summary.customers, summary.holdoutWeeks);

    // Over 12 seeds of this design the total was off by at most 2.9%.
    expect(Math.abs(comparison.predicted / comparison.actual - 1)).toBeLessThan(0.05);
    // Per bucket: within four standard errors of the actual total (from the spread of the bucket's
    // own holdout counts: over 20 seeds at 20,000 customers the largest |z| was 3.3), and within
    // 25% wherever a bucket holds 200 or more customers (its relative error has a standard
    // deviation of about 1.2 / √customers, 6% at 400, the smallest bucket here).
    for (const [index, bucket] of comparison.buckets.entries()) {
      const counts = summary.customers.filter((c) => Math.min(c.x, 7) === index).map((c) => c.holdout);
      const mean = counts.reduce((s, v) => s + v, 0) / counts.length;
      const variance = counts.reduce((s, v) => s + (v - mean) ** 2, 0) / (counts.length - 1);
      expect(Math.abs(bucket.predicted - bucket.actual)).toBeLessThan(4 * Math.sqrt(variance * counts.length));
      if (bucket.customers >= 200) expect(Math.abs(bucket.predicted / bucket.actual - 1)).toBeLessThan(0.25);
    }
  });
});

describe('simulateBgNbd', () => {
  it('draws the same customers from the same seed and different ones from another', () => {
    const options = { customers: 200, calibrationWeeks: 39, holdoutWeeks: 39, seed: 5 };
    expect(simulateBgNbd(CDNOW, options)).toEqual(simulateBgNbd(CDNOW, options));
    expect(simulateBgNbd(CDNOW, { ...options, seed: 6 })).not.toEqual(simulateBgNbd(CDNOW, options));
  });

  it('starts every customer within the cohort weeks and ends every purchase history by the holdout end', () => {
    const customers = simulateBgNbd(CDNOW, { customers: 2_000, calibrationWeeks: 39, holdoutWeeks: 13, seed: 2, cohortWeeks: 4 });
    for (const c of customers) {
      expect(c.purchases[0]).toBeLessThan(4);
      expect(c.purchases.at(-1)).toBeLessThanOrEqual(52);
      for (let i = 1; i < c.purchases.length; i++) expect(c.purchases[i]).toBeGreaterThan(c.purchases[i - 1]!);
    }
  });

  it('prices every purchase when spend is simulated, and dates them from the start date', () => {
    const customers = simulateBgNbd(CDNOW, {
      customers: 50,
      calibrationWeeks: 39,
      holdoutWeeks: 39,
      seed: 3,
      spend: { p: 6.25, q: 3.74, gamma: 15.44 },
    });
    for (const c of customers) expect(c.amounts).toHaveLength(c.purchases.length);
    const transactions = toSimulatedTransactions(customers, '1997-01-01');
    expect(transactions).toHaveLength(customers.reduce((s, c) => s + c.purchases.length, 0));
    expect(transactions.every((t) => t.date >= '1997-01-01' && t.date <= '1998-06-30' && (t.amount as number) > 0)).toBe(true);
  });
});
