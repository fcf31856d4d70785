/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way: an alternative to the Pareto/NBD model", Marketing Science 24(2)). While a customer is alive
 * they buy as a Poisson process with rate λ; after each repeat purchase they drop out for good with
 * probability p. Across customers λ ~ Gamma(r, α) (shape r, rate α) and p ~ Beta(a, b). Nobody sees
 * the dropout: it is inferred from a long silence after a busy spell.
 *
 * All the model needs of a customer is (x, t_x, T): x repeat purchases (the first purchase is the
 * birth, not a repeat), the last of them at t_x after the first, and T, the time from the first
 * purchase to the end of the calibration period (t_x = 0 when x = 0). Time is in weeks throughout
 * (the unit of the paper's CDNOW estimates r = 0.243, α = 4.414, a = 0.793, b = 2.426); only α
 * carries the unit, so fits in weeks and in days differ by a factor 7 in α and in nothing else.
 *
 * The likelihood (the paper's eq. 6) is evaluated as a log-sum,
 *   ln L = ln[Γ(r + x) α^r / Γ(r)] + ln[B(a, b + x) / B(a, b)]
 *          + ln[(α + T)^−(r+x) + [x > 0] · a / (b + x − 1) · (α + t_x)^−(r+x)],
 * so that customers with dozens of purchases neither overflow Γ nor underflow the powers. The
 * maximum-likelihood estimates come from Nelder-Mead on ln(r, α, a, b), which keeps all four
 * positive, restarted from the best point until it stops improving. Standard errors come from the
 * observed information on that log scale, carried back by the delta method (se(θ) = θ · se(ln θ)).
 *
 * The predictions are the paper's eq. 7 (expected repeat purchases of a new customer), eq. 10
 * (expected purchases in the next t weeks given x, t_x, T) and eq. 11 (P(alive | x, t_x, T)).
 */
import { hypergeometric2F1 } from '../numeric/hypergeometric-2f1.ts';
import { logGamma } from '../numeric/log-gamma.ts';
import { minimiseNelderMeadRestarted } from '../numeric/minimise-nelder-mead.ts';
import { standardErrors } from '../numeric/standard-errors.ts';

/** BG/NBD parameters: λ ~ Gamma(r, α) per week, p ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** One customer's calibration summary: x repeat purchases, the last at t_x weeks after the first, observed for T weeks. */
export interface RecencyFrequency {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
}

/** Maximum-likelihood estimates with the fit's log-likelihood. */
export interface BgNbdFit extends BgNbdParams {
  /** Asymptotic standard error of each estimate (observed information, delta method from the log scale); NaN when undefined. */
  readonly standardErrors: BgNbdParams;
  readonly logLikelihood: number;
  readonly customers: number;
  /**
   * True only for a proper interior maximum: the optimiser settled, no estimate ran off toward 0 or
   * infinity, and the observed information is positive definite (finite standard errors). Otherwise
   * the estimates are not to be trusted, and `problems` says why.
   */
  readonly converged: boolean;
  /** Why the fit is not a proper maximum, in words; empty when it converged. */
  readonly problems: readonly string[];
}

/**
 * The least data a fit is attempted on. Four parameters need dozens of customers, and the dropout
 * parameters a and b are learnt only from repeat buyers (a silence after a busy spell), so a file
 * whose calibration period leaves too few of them cannot tell a slow buyer from one who has left.
 */
export const BGNBD_MINIMUM = { customers: 30, repeatBuyers: 10 } as const;

/**
 * Estimates beyond 10^±6 are a boundary, not a population: λ's mean r/α per week, or a dropout
 * probability's Beta shape, that far out means the likelihood kept rising toward the edge.
 */
const BOUNDARY = Math.log(1e6);

/** Why the customers cannot support a fit (too few of them, or too few repeat buyers), or undefined. */
export function bgNbdDataProblem(customers: readonly RecencyFrequency[]): string | undefined {
  const repeatBuyers = customers.filter((c) => c.x > 0).length;
  if (customers.length >= BGNBD_MINIMUM.customers && repeatBuyers >= BGNBD_MINIMUM.repeatBuyers) return undefined;
  return (
    `${customers.length} customers, ${repeatBuyers} of them with a repeat purchase in the calibration period; ` +
    `BG/NBD needs at least ${BGNBD_MINIMUM.customers} customers and ${BGNBD_MINIMUM.repeatBuyers} repeat buyers (to tell slow buyers from those who left)`
  );
}

/** Why an optimum is not a proper interior maximum, in words. */
function fitProblems(params: BgNbdParams, theta: readonly number[], se: readonly number[], settled: boolean): string[] {
  const problems: string[] = [];
  if (!settled) problems.push('the optimiser ran out of iterations before it settled');
  const names = ['r', 'alpha', 'a', 'b'] as const;
  const edge = names.filter((_, i) => Math.abs(theta[i] as number) > BOUNDARY);
  if (edge.length > 0)
    problems.push(
      `${edge.map((name) => `${name} = ${params[name].toPrecision(2)}`).join(', ')} ran off toward ${edge.length > 1 ? 'the edges' : 'an edge'} of the parameter space (a boundary optimum, not an estimate)`,
    );
  if (se.some((v) => !Number.isFinite(v)))
    problems.push('the likelihood has no proper maximum there (standard errors undefined): the data do not determine all four parameters');
  return problems;
}

/** The customers' data laid out once, for the many likelihood evaluations of a fit. */
interface Prepared {
  /** Distinct x values; counts are few (0, 1, 2, … a few dozen), so Γ terms are computed per value. */
  readonly xs: number[];
  readonly xIndex: Int32Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
}

function prepare(customers: readonly RecencyFrequency[]): Prepared {
  const position = new Map<number, number>();
  const xs: number[] = [];
  const xIndex = new Int32Array(customers.length);
  const tx = new Float64Array(customers.length);
  const T = new Float64Array(customers.length);
  customers.forEach((c, i) => {
    let k = position.get(c.x);
    if (k === undefined) {
      k = xs.length;
      position.set(c.x, k);
      xs.push(c.x);
    }
    xIndex[i] = k;
    tx[i] = c.x > 0 ? c.tx : 0;
    T[i] = c.T;
  });
  return { xs, xIndex, tx, T };
}

function logLikelihoodOf(data: Prepared, { r, alpha, a, b }: BgNbdParams): number {
  const { xs, xIndex, tx, T } = data;
  // Per distinct x: the terms that do not depend on t_x or T.
  const shared = new Float64Array(xs.length);
  const logRepeatWeight = new Float64Array(xs.length);
  const base = r * Math.log(alpha) - logGamma(r) + logGamma(a + b) - logGamma(b);
  xs.forEach((x, k) => {
    shared[k] = base + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
    logRepeatWeight[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
  });
  let sum = 0;
  for (let i = 0; i < T.length; i++) {
    const k = xIndex[i] as number;
    const x = xs[k] as number;
    const power = -(r + x);
    const stillAlive = power * Math.log(alpha + (T[i] as number));
    if (x === 0) {
      sum += (shared[k] as number) + stillAlive;
      continue;
    }
    const droppedOut = (logRepeatWeight[k] as number) + power * Math.log(alpha + (tx[i] as number));
    const high = Math.max(stillAlive, droppedOut);
    sum += (shared[k] as number) + high + Math.log1p(Math.exp(-Math.abs(stillAlive - droppedOut)));
  }
  return sum;
}

/** The BG/NBD log-likelihood of the customers' (x, t_x, T) at `params` (the paper's eq. 6, summed). */
export function bgNbdLogLikelihood(params: BgNbdParams, customers: readonly RecencyFrequency[]): number {
  return logLikelihoodOf(prepare(customers), params);
}

/** Log-parameters beyond this are refused: e^25 ≈ 7e10 is no real population, only a runaway search. */
const LOG_BOUND = 25;

const toParams = (theta: readonly number[]): BgNbdParams => ({
  r: Math.exp(theta[0] as number),
  alpha: Math.exp(theta[1] as number),
  a: Math.exp(theta[2] as number),
  b: Math.exp(theta[3] as number),
});

/** Maximum-likelihood BG/NBD parameters for the customers' calibration summaries. */
export function fitBgNbd(customers: readonly RecencyFrequency[], options: { start?: BgNbdParams } = {}): BgNbdFit {
  if (customers.length === 0) throw new RangeError('fitBgNbd needs at least one customer');
  const data = prepare(customers);
  const n = customers.length;
  let start = options.start;
  if (!start) {
    // r = 1 and α matching the mean purchase rate r / α to the observed one: a start in the right units.
    const totalT = data.T.reduce((s, v) => s + v, 0);
    const totalX = customers.reduce((s, c) => s + c.x, 0);
    start = { r: 1, alpha: Math.max(totalT, 1e-9) / Math.max(totalX, 0.01 * n), a: 1, b: 1 };
  }
  // The mean negative log-likelihood per customer keeps the optimiser's tolerance independent of n.
  const objective = (theta: readonly number[]): number => {
    if (theta.some((v) => Math.abs(v) > LOG_BOUND)) return Infinity;
    return -logLikelihoodOf(data, toParams(theta)) / n;
  };
  const result = minimiseNelderMeadRestarted(objective, [start.r, start.alpha, start.a, start.b].map(Math.log), {
    iterations: 2000,
    tolerance: 1e-11,
    restarts: 12,
  });
  const params = toParams(result.point);
  const se = standardErrors((theta) => objective(theta) * n, result.point) as [number, number, number, number];
  const [seR, seAlpha, seA, seB] = se;
  const problems = fitProblems(params, result.point, se, result.converged);
  return {
    ...params,
    standardErrors: { r: params.r * seR, alpha: params.alpha * seAlpha, a: params.a * seA, b: params.b * seB },
    logLikelihood: -result.value * n,
    customers: n,
    converged: problems.length === 0,
    problems,
  };
}

/** eq. 10 and eq. 7 have a removable singularity at a = 1; step off it by less than any fit can resolve. */
const offOne = (a: number): number => (Math.abs(a - 1) < 1e-8 ? 1 + 1e-8 : a);

/**
 * Expected purchases in the next t weeks of a customer with (x, t_x, T) (the paper's eq. 10).
 * The 2F1 term is used in Euler's transformed form,
 *   ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; z) = (1−z)^(a−1) 2F1(a+b−1−r, a−1; a+b+x−1; z),
 * z = t / (α+T+t): equal, but its parameters no longer grow with x, so a customer with hundreds of
 * purchases neither overflows the series nor slows it down.
 */
export function expectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, b } = params;
  const a = offOne(params.a);
  const z = t / (alpha + T + t);
  const notYetBought = Math.pow(1 - z, a - 1) * hypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const ifAlive = ((a + b + x - 1) / (a - 1)) * (1 - notYetBought);
  return ifAlive * probabilityAlive(params, x, tx, T);
}

/** Probability that a customer with (x, t_x, T) has not dropped out (the paper's eq. 11); 1 when x = 0. */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  // The odds of having dropped out after the last purchase, from logs so that large x cannot overflow.
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** Expected repeat purchases of a new customer in the t weeks after the first purchase (the paper's eq. 7). */
export function expectedPurchasesNew(params: BgNbdParams, t: number): number {
  // eq. 7 is eq. 10 for a customer seen for no time at all.
  return expectedPurchases(params, t, 0, 0, 0);
}
