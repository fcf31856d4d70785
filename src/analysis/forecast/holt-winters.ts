/**
 * Exponential smoothing: additive Holt-Winters with a damped trend (ETS(A,Ad,A) in Hyndman's
 * taxonomy), fitted to the log series, so on the original scale season and trend multiply. The
 * smoothing parameters minimise the one-step-ahead squared error, searched by Nelder-Mead over a
 * logistic reparametrisation that keeps them inside their admissible ranges.
 *
 * Missing values (NaN) do not update the states: the model carries its own forecast through the gap.
 */
import { minimiseNelderMead } from '../numeric/minimise-nelder-mead.ts';

// Re-exported for the callers and tests that have always imported it from here.
export { minimiseNelderMead };

export interface HoltWintersFit {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
  readonly level: number;
  readonly trend: number;
  /** Seasonal states; season[i] belongs to the slot (n + i) mod period after the last observation. */
  readonly season: Float64Array;
  readonly period: number;
  /** Root mean one-step error. */
  readonly rmse: number;
}

const logistic = (x: number, low: number, high: number): number => low + (high - low) / (1 + Math.exp(-x));

interface Initial {
  level: number;
  trend: number;
  season: Float64Array;
}

/** Classical start: the first two seasons' means give level and trend, deviations the season. */
function initialStates(z: Float64Array, period: number): Initial {
  const mean = (from: number): number => {
    let sum = 0;
    let n = 0;
    for (let i = from; i < from + period; i++) {
      const v = z[i] as number;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n > 0 ? sum / n : 0;
  };
  const first = mean(0);
  const second = z.length >= 2 * period ? mean(period) : first;
  const season = new Float64Array(period);
  for (let i = 0; i < period; i++) {
    const a = z[i] as number;
    const b = z[i + period] as number;
    const values = [a - first, b - second].filter((v) => !Number.isNaN(v));
    season[i] = values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : 0;
  }
  return { level: first, trend: (second - first) / period, season };
}

interface RunResult {
  sse: number;
  count: number;
  level: number;
  trend: number;
  season: Float64Array;
}

function run(z: Float64Array, period: number, start: Initial, alpha: number, beta: number, gamma: number, phi: number): RunResult {
  let level = start.level;
  let trend = start.trend;
  const season = Float64Array.from(start.season);
  let sse = 0;
  let count = 0;
  for (let t = 0; t < z.length; t++) {
    const s = t % period;
    const forecast = level + phi * trend + (season[s] as number);
    const actual = z[t] as number;
    const error = Number.isNaN(actual) ? 0 : actual - forecast;
    if (!Number.isNaN(actual)) {
      sse += error * error;
      count++;
    }
    const newLevel = level + phi * trend + alpha * error;
    trend = phi * trend + alpha * beta * error;
    season[s] = (season[s] as number) + gamma * (1 - alpha) * error;
    level = newLevel;
  }
  // Rotate so that season[0] belongs to the first slot after the data.
  const rotated = new Float64Array(period);
  for (let i = 0; i < period; i++) rotated[i] = season[(z.length + i) % period] as number;
  return { sse, count, level, trend, season: rotated };
}

/** Fits the model to a log series with at least two full seasons. */
export function fitHoltWinters(z: Float64Array, period: number): HoltWintersFit {
  const start = initialStates(z, period);
  const params = (x: readonly number[]): [number, number, number, number] => [
    logistic(x[0] as number, 0.0001, 0.9999),
    logistic(x[1] as number, 0.0001, 0.5),
    logistic(x[2] as number, 0.0001, 0.9999),
    logistic(x[3] as number, 0.8, 0.98),
  ];
  const objective = (x: readonly number[]): number => {
    const [alpha, beta, gamma, phi] = params(x);
    return run(z, period, start, alpha, beta, gamma, phi).sse;
  };
  const best = minimiseNelderMead(objective, [-1.5, -2.5, -2.5, 0.5], 150, 1.2);
  const [alpha, beta, gamma, phi] = params(best);
  const final = run(z, period, start, alpha, beta, gamma, phi);
  return {
    alpha,
    beta,
    gamma,
    phi,
    level: final.level,
    trend: final.trend,
    season: final.season,
    period,
    rmse: Math.sqrt(final.sse / Math.max(1, final.count)),
  };
}

/** Forecasts `horizon` steps after the data, split into level+trend and season. */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number): { level: Float64Array; season: Float64Array } {
  const level = new Float64Array(horizon);
  const season = new Float64Array(horizon);
  let damp = 0;
  for (let h = 1; h <= horizon; h++) {
    damp += Math.pow(fit.phi, h);
    level[h - 1] = fit.level + damp * fit.trend;
    season[h - 1] = fit.season[(h - 1) % fit.period] as number;
  }
  return { level, season };
}
