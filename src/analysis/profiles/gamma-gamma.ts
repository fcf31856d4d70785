/**
 * The gamma-gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using
 * iso-value curves for customer base analysis", Journal of Marketing Research 42(4); after Colombo &
 * Jiang 1999). Each transaction of a customer is worth z ~ Gamma(p, ν) (shape p, rate ν), so the
 * customer's mean spend is p / ν; across customers ν ~ Gamma(q, γ). The customer's mean of x
 * transactions, z̄, then has the density
 *   f(z̄ | x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · x^(px) z̄^(px−1) / (γ + x z̄)^(px+q),
 * maximised here over ln(p, q, γ) by Nelder-Mead, as for the BG/NBD model (standard errors too).
 *
 * Only customers with at least one repeat purchase and a positive mean value inform the fit (x ≥ 1
 * and monetary > 0): the first purchase is left out of the mean, as in the paper. The model assumes
 * that spend is independent of purchase frequency; the fit reports the correlation between x and
 * z̄ so that a user can see when that fails (the paper checks it on CDNOW and finds it weak).
 *
 * The expected mean spend of a customer (`expectedAverageSpend`) is a weighted average of the
 * population mean pγ / (q − 1) and the customer's own mean, weighted px / (px + q − 1) towards the
 * customer's: the more transactions, the more their own mean counts. It needs q > 1.
 */
import { logGamma } from '../numeric/log-gamma.ts';
import { minimiseNelderMeadRestarted } from '../numeric/minimise-nelder-mead.ts';
import { standardErrors } from '../numeric/standard-errors.ts';

/** Gamma-gamma parameters: z ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** A customer's repeat purchases x and their mean value (undefined when unknown). */
export interface FrequencySpend {
  readonly x: number;
  readonly monetary: number | undefined;
}

/** Maximum-likelihood estimates with what they were fitted on. */
export interface GammaGammaFit extends GammaGammaParams {
  /** Asymptotic standard error of each estimate (observed information, delta method from the log scale); NaN when undefined. */
  readonly standardErrors: GammaGammaParams;
  readonly logLikelihood: number;
  /** Customers with x ≥ 1 and a positive mean value: the ones fitted. */
  readonly customers: number;
  /** Pearson correlation of x and mean value over the fitted customers; the model assumes it is near 0. */
  readonly frequencySpendCorrelation: number;
  readonly converged: boolean;
}

/** The customers that inform the spend model: at least one repeat purchase and a positive mean value. */
function usable(customers: readonly FrequencySpend[]): { x: number; z: number }[] {
  const out: { x: number; z: number }[] = [];
  for (const c of customers) {
    const z = c.monetary;
    if (c.x >= 1 && z !== undefined && Number.isFinite(z) && z > 0) out.push({ x: c.x, z });
  }
  return out;
}

interface Prepared {
  readonly xs: number[];
  readonly xIndex: Int32Array;
  readonly x: Float64Array;
  readonly logX: Float64Array;
  readonly z: Float64Array;
  readonly logZ: Float64Array;
}

function prepare(rows: readonly { x: number; z: number }[]): Prepared {
  const position = new Map<number, number>();
  const xs: number[] = [];
  const xIndex = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    let k = position.get(row.x);
    if (k === undefined) {
      k = xs.length;
      position.set(row.x, k);
      xs.push(row.x);
    }
    xIndex[i] = k;
  });
  return {
    xs,
    xIndex,
    x: Float64Array.from(rows, (r) => r.x),
    logX: Float64Array.from(rows, (r) => Math.log(r.x)),
    z: Float64Array.from(rows, (r) => r.z),
    logZ: Float64Array.from(rows, (r) => Math.log(r.z)),
  };
}

function logLikelihoodOf(data: Prepared, { p, q, gamma }: GammaGammaParams): number {
  const { xs, xIndex, x, logX, z, logZ } = data;
  // Γ terms depend on x only: once per distinct x.
  const shared = new Float64Array(xs.length);
  const base = q * Math.log(gamma) - logGamma(q);
  xs.forEach((value, k) => {
    shared[k] = base + logGamma(p * value + q) - logGamma(p * value);
  });
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const px = p * (x[i] as number);
    sum +=
      (shared[xIndex[i] as number] as number) +
      px * (logX[i] as number) +
      (px - 1) * (logZ[i] as number) -
      (px + q) * Math.log(gamma + (x[i] as number) * (z[i] as number));
  }
  return sum;
}

/** The gamma-gamma log-likelihood of the usable customers' (x, mean value) at `params`. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly FrequencySpend[]): number {
  return logLikelihoodOf(prepare(usable(customers)), params);
}

function correlation(rows: readonly { x: number; z: number }[]): number {
  const n = rows.length;
  const mx = rows.reduce((s, r) => s + r.x, 0) / n;
  const mz = rows.reduce((s, r) => s + r.z, 0) / n;
  let sxz = 0;
  let sxx = 0;
  let szz = 0;
  for (const r of rows) {
    sxz += (r.x - mx) * (r.z - mz);
    sxx += (r.x - mx) ** 2;
    szz += (r.z - mz) ** 2;
  }
  return sxx > 0 && szz > 0 ? sxz / Math.sqrt(sxx * szz) : NaN;
}

/** Log-parameters beyond this are refused: a runaway search, not a population. */
const LOG_BOUND = 25;

const toParams = (theta: readonly number[]): GammaGammaParams => ({
  p: Math.exp(theta[0] as number),
  q: Math.exp(theta[1] as number),
  gamma: Math.exp(theta[2] as number),
});

/** Maximum-likelihood gamma-gamma parameters from customers' repeat purchase counts and mean values. */
export function fitGammaGamma(customers: readonly FrequencySpend[]): GammaGammaFit {
  const rows = usable(customers);
  if (rows.length === 0) throw new RangeError('fitGammaGamma needs a customer with a repeat purchase and a positive value');
  const data = prepare(rows);
  const n = rows.length;
  // Start at p = 1, q = 2 and γ matching the population mean pγ / (q − 1) to the observed mean.
  const meanSpend = rows.reduce((s, r) => s + r.z, 0) / n;
  const objective = (theta: readonly number[]): number => {
    if (theta.some((v) => Math.abs(v) > LOG_BOUND)) return Infinity;
    return -logLikelihoodOf(data, toParams(theta)) / n;
  };
  const result = minimiseNelderMeadRestarted(objective, [0, Math.log(2), Math.log(meanSpend)], {
    iterations: 2000,
    tolerance: 1e-11,
    restarts: 12,
  });
  const params = toParams(result.point);
  const [seP, seQ, seGamma] = standardErrors((theta) => objective(theta) * n, result.point) as [number, number, number];
  return {
    ...params,
    standardErrors: { p: params.p * seP, q: params.q * seQ, gamma: params.gamma * seGamma },
    logLikelihood: -result.value * n,
    customers: n,
    frequencySpendCorrelation: correlation(rows),
    converged: result.converged,
  };
}

/** Mean spend per transaction across the population, pγ / (q − 1); Infinity when q ≤ 1. */
export function populationMeanSpend({ p, q, gamma }: GammaGammaParams): number {
  return q > 1 ? (p * gamma) / (q - 1) : Infinity;
}

/** Expected mean spend per transaction of a customer with x repeat purchases of mean value `monetary`. */
export function expectedAverageSpend(params: GammaGammaParams, x: number, monetary: number | undefined): number {
  const { p, q, gamma } = params;
  if (x === 0 || monetary === undefined) return populationMeanSpend(params);
  // E[M | x, z̄] = p(γ + x z̄) / (px + q − 1): the posterior mean of p / ν.
  return (p * (gamma + x * monetary)) / (p * x + q - 1);
}
