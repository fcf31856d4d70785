/**
 * Seasonal autoregression: ARIMA(p,0,0)(P,1,0)ₘ in Box-Jenkins terms, fitted to the transformed
 * series. The model forecasts the change from the same slot one season (m slots: a week) earlier,
 *
 *   w_t = z_t − z_{t−m} = Σᵢ φᵢ w_{t−i} + Σⱼ Φⱼ w_{t−jm} + e_t,
 *
 * by least squares (normal equations solved with ml-matrix), choosing p ≤ 6 and P ≤ 4 by AIC. It follows a
 * sudden change of level (a lockdown, a reopening, a venue closed for works) within days, where the
 * calendar regression, which fits years of history at once, only bends slowly; the back-test decides
 * per series whether that is worth more than the regression's holidays and weather.
 *
 * No intercept: a constant change per season would be a trend drifting for ever over a 90-day
 * horizon. Missing values: a difference is only formed, and a row only fitted, where every value it
 * needs was observed; the recursion into the future carries the model's own values through gaps.
 */
import { Matrix, solve } from 'ml-matrix';

export interface SeasonalArFit {
  /** Season length m. */
  readonly period: number;
  /** The chosen orders. */
  readonly p: number;
  readonly P: number;
  /** Lags 1…p, then m, 2m, …, Pm, and their coefficients. */
  readonly lags: readonly number[];
  readonly beta: Float64Array;
  /** Transformed history, gaps filled by the model (the recursion's starting values). */
  readonly history: Float64Array;
  /** Root mean squared one-step residual. */
  readonly rmse: number;
}

const MAX_ORDER = 6;
const MAX_SEASONAL_ORDER = 4;
/** Candidate orders (p, P). */
const ORDERS: readonly (readonly [number, number])[] = [1, 2, 3, 5, 6].flatMap((p) => [1, 2, 3, 4].map((P) => [p, P] as const));

/** Lags of one order: 1…p, then m, 2m, …, Pm (p < m always: the season is at least a week of days). */
const lagsOf = (p: number, P: number, period: number): number[] => [
  ...Array.from({ length: p }, (_, i) => i + 1),
  ...Array.from({ length: P }, (_, j) => (j + 1) * period),
];

/**
 * Fits the seasonal AR to `z` (NaN where missing) with season length `period`; undefined when the
 * history has too few complete rows. One pass gathers the cross-products of every lag any order
 * uses, over the rows where all of them are known; each order's least squares is then a small
 * system taken from them, and every order is scored on the same rows, so their AICs compare.
 */
export function fitSeasonalAr(z: Float64Array, period: number): SeasonalArFit | undefined {
  if (period <= MAX_ORDER) throw new RangeError(`a season of ${period} slots is too short for the seasonal AR`);
  const n = z.length;
  const w = new Float64Array(n).fill(NaN);
  for (let t = period; t < n; t++) w[t] = (z[t] as number) - (z[t - period] as number);
  const all = lagsOf(MAX_ORDER, MAX_SEASONAL_ORDER, period);
  const k = all.length;
  const gram = new Float64Array(k * k);
  const cross = new Float64Array(k);
  const x = new Float64Array(k);
  let squares = 0;
  let rows = 0;
  for (let t = period + MAX_SEASONAL_ORDER * period; t < n; t++) {
    const target = w[t] as number;
    if (Number.isNaN(target)) continue;
    let complete = true;
    for (let i = 0; i < k && complete; i++) {
      x[i] = w[t - (all[i] as number)] as number;
      complete = !Number.isNaN(x[i] as number);
    }
    if (!complete) continue;
    rows++;
    squares += target * target;
    for (let i = 0; i < k; i++) {
      cross[i] = (cross[i] as number) + (x[i] as number) * target;
      for (let j = 0; j <= i; j++) gram[i * k + j] = (gram[i * k + j] as number) + (x[i] as number) * (x[j] as number);
    }
  }
  let best: { p: number; P: number; beta: Float64Array; aic: number; sse: number } | undefined;
  for (const [p, P] of ORDERS) {
    const columns = [...Array.from({ length: p }, (_, i) => i), ...Array.from({ length: P }, (_, j) => MAX_ORDER + j)];
    const size = columns.length;
    if (rows < 4 * size) continue;
    const a = new Matrix(size, size);
    const b = new Matrix(size, 1);
    for (let r = 0; r < size; r++) {
      const i = columns[r] as number;
      b.set(r, 0, cross[i] as number);
      for (let c = 0; c < size; c++) {
        const j = columns[c] as number;
        a.set(r, c, (i >= j ? gram[i * k + j] : gram[j * k + i]) as number);
      }
      // A touch of ridge keeps a near-singular system (a constant stretch) solvable.
      a.set(r, r, a.get(r, r) * (1 + 1e-9) + 1e-12);
    }
    const beta = Float64Array.from(solve(a, b).getColumn(0));
    // Least squares: the residual sum of squares is wᵀw − βᵀXᵀw.
    const sse = Math.max(squares - beta.reduce((sum, v, r) => sum + v * (cross[columns[r] as number] as number), 0), 0);
    if (sse <= 0) continue;
    const aic = rows * Math.log(sse / rows) + 2 * size;
    if (!best || aic < best.aic) best = { p, P, beta, aic, sse };
  }
  if (!best) return undefined;
  // Gaps in the history are filled with the model's own one-step values, so the recursion can start.
  const history = Float64Array.from(z);
  const lags = lagsOf(best.p, best.P, period);
  for (let t = 0; t < n; t++) {
    if (!Number.isNaN(history[t] as number)) continue;
    if (t >= period + Math.max(...lags)) history[t] = step(history, t, period, lags, best.beta);
    else if (t >= period) history[t] = history[t - period] as number;
  }
  // Leading gaps (before one season of data) stay NaN; they are never a forecast's starting value.
  return { period, p: best.p, P: best.P, lags, beta: best.beta, history, rmse: Math.sqrt(best.sse / rows) };
}

/** The model's value of z at `t` from the values before it. */
function step(z: Float64Array, t: number, period: number, lags: readonly number[], beta: Float64Array): number {
  let change = 0;
  for (let i = 0; i < lags.length; i++) {
    const lag = lags[i] as number;
    const v = (z[t - lag] as number) - (z[t - lag - period] as number);
    if (!Number.isNaN(v)) change += (beta[i] as number) * v;
  }
  return (z[t - period] as number) + change;
}

/** Forecast of the `horizon` slots after the history, on the transformed scale. */
export function forecastSeasonalAr(fit: SeasonalArFit, horizon: number): Float64Array {
  const n = fit.history.length;
  const z = new Float64Array(n + horizon);
  z.set(fit.history);
  for (let t = n; t < n + horizon; t++) z[t] = step(z, t, fit.period, fit.lags, fit.beta);
  return z.slice(n);
}
