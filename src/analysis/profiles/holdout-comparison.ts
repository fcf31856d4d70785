/**
 * Checking a BG/NBD fit the way Fader, Hardie & Lee (2005) do: fit on a calibration period, predict
 * each customer's purchases in the holdout period that follows with the conditional expectation
 * (their eq. 10), and compare with what the customers actually did, in total and grouped by how
 * often they bought in the calibration period (0, 1, …, 6 and 7+ repeat purchases, the paper's
 * Figure 4). A model that is right on average but wrong per group would mis-rank customers, so the
 * groups matter more than the total.
 *
 * The simulator draws a customer base from the model itself (λ ~ Gamma(r, α), p ~ Beta(a, b),
 * purchases as a Poisson process at rate λ, dropout with probability p after each repeat purchase),
 * optionally with gamma-gamma spend, so that estimation and prediction can be tested against known
 * parameters. Births are spread uniformly over the first weeks of the calibration period, as in the
 * CDNOW cohort (first purchases in the first 12 weeks of 1997).
 */
import { addDays } from '../../domain/calendar/civil-date.ts';
import { createRng } from '../../demo/create-rng.ts';
import { sampleBeta, sampleGamma } from '../numeric/sample-gamma.ts';
import { expectedPurchases, type BgNbdParams, type RecencyFrequency } from './bgnbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';
import type { Transaction } from './transaction-summary.ts';

/** Customers with one calibration frequency (or `topBucket` and more), and their holdout purchases. */
export interface FrequencyBucket {
  /** '0', '1', … or '7+'. */
  readonly label: string;
  readonly customers: number;
  /** Purchases made in the holdout period. */
  readonly actual: number;
  /** Purchases the model expects in the holdout period. */
  readonly predicted: number;
}

/** Predicted against actual holdout purchases, in total and per calibration frequency. */
export interface HoldoutComparison {
  readonly holdoutWeeks: number;
  readonly customers: number;
  readonly actual: number;
  readonly predicted: number;
  readonly buckets: FrequencyBucket[];
}

/** Compares each customer's expected holdout purchases with the actual ones, grouped by calibration x (0 … topBucket−1, topBucket+). */
export function compareHoldout(
  params: BgNbdParams,
  customers: readonly (RecencyFrequency & { readonly holdout: number })[],
  holdoutWeeks: number,
  topBucket = 7,
): HoldoutComparison {
  const buckets = Array.from({ length: topBucket + 1 }, (_, i) => ({
    label: i < topBucket ? String(i) : `${topBucket}+`,
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  let actual = 0;
  let predicted = 0;
  for (const c of customers) {
    const expected = expectedPurchases(params, holdoutWeeks, c.x, c.tx, c.T);
    const bucket = buckets[Math.min(c.x, topBucket)]!;
    bucket.customers++;
    bucket.actual += c.holdout;
    bucket.predicted += expected;
    actual += c.holdout;
    predicted += expected;
  }
  return { holdoutWeeks, customers: customers.length, actual, predicted, buckets };
}

/** What `simulateBgNbd` draws. */
export interface SimulationOptions {
  readonly customers: number;
  /** Weeks from the start of the cohort to the end of the calibration period. */
  readonly calibrationWeeks: number;
  readonly holdoutWeeks: number;
  readonly seed: number;
  /** First purchases are uniform over [0, cohortWeeks) (default 12, as for CDNOW). */
  readonly cohortWeeks?: number;
  /** With these, every purchase also gets a gamma-gamma value. */
  readonly spend?: GammaGammaParams;
}

/** One simulated customer: purchase times in weeks since the cohort start, the first being the first purchase. */
export interface SimulatedCustomer {
  readonly customerId: string;
  readonly purchases: number[];
  /** Value of each purchase, when spend was simulated. */
  readonly amounts?: number[];
}

/** Draws a customer base from the BG/NBD model (and gamma-gamma spend), purchases up to the holdout end. */
export function simulateBgNbd(params: BgNbdParams, options: SimulationOptions): SimulatedCustomer[] {
  const rng = createRng(options.seed);
  const end = options.calibrationWeeks + options.holdoutWeeks;
  const cohortWeeks = options.cohortWeeks ?? 12;
  const width = String(options.customers).length;
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < options.customers; i++) {
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const p = sampleBeta(rng, params.a, params.b);
    const spendRate = options.spend ? sampleGamma(rng, options.spend.q, options.spend.gamma) : 0;
    let t = rng.next() * cohortWeeks;
    const purchases = [t];
    // The first purchase starts the customer's life; only repeat purchases can end it.
    for (;;) {
      t += rng.exponential(1 / lambda);
      if (t > end) break;
      purchases.push(t);
      if (rng.chance(p)) break;
    }
    const customerId = `c${String(i + 1).padStart(width, '0')}`;
    if (options.spend) {
      const shape = options.spend.p;
      out.push({ customerId, purchases, amounts: purchases.map(() => sampleGamma(rng, shape, spendRate)) });
    } else out.push({ customerId, purchases });
  }
  return out;
}

/** Dated transactions of simulated customers, week 0 being `startDate`; purchases fall on the day they happen in. */
export function toSimulatedTransactions(customers: readonly SimulatedCustomer[], startDate: string): Transaction[] {
  const out: Transaction[] = [];
  for (const c of customers) {
    c.purchases.forEach((t, i) => {
      const date = addDays(startDate, Math.floor(t * 7));
      const amount = c.amounts?.[i];
      out.push(amount === undefined ? { customerId: c.customerId, date } : { customerId: c.customerId, date, amount });
    });
  }
  return out;
}
