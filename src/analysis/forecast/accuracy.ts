/**
 * Forecast accuracy measures, as in Hyndman & Koehler (2006) and the M4 competition:
 * - MASE: mean absolute error divided by the in-sample mean absolute error of the seasonal naive
 *   forecast (same slot one season earlier) on the training data. Below 1 beats seasonal naive.
 * - sMAPE: mean of 200 × |f − a| / (|f| + |a|), in percent (0 when both are 0).
 * Missing actuals (NaN) are skipped everywhere.
 */

/** In-sample mean absolute seasonal difference: the MASE denominator. */
export function naiveScale(training: ArrayLike<number>, period: number): number {
  let sum = 0;
  let n = 0;
  for (let i = period; i < training.length; i++) {
    const a = training[i] as number;
    const b = training[i - period] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    sum += Math.abs(a - b);
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

/** Mean absolute scaled error of `forecast` against `actual`, scaled by `scale` (see naiveScale). */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    if (Number.isNaN(a)) continue;
    sum += Math.abs(a - (forecast[i] as number));
    n++;
  }
  if (n === 0 || !(scale > 0)) return NaN;
  return sum / n / scale;
}

/** Symmetric mean absolute percentage error, 0–200. */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    if (Number.isNaN(a)) continue;
    const f = forecast[i] as number;
    const denominator = Math.abs(a) + Math.abs(f);
    sum += denominator === 0 ? 0 : (200 * Math.abs(f - a)) / denominator;
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

/** Share of non-missing actuals inside [lower, upper]. */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  let inside = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    if (Number.isNaN(a)) continue;
    if (a >= (lower[i] as number) && a <= (upper[i] as number)) inside++;
    n++;
  }
  return n > 0 ? inside / n : NaN;
}

/** Mean of the finite values, NaN when there are none. */
export function meanOfFinite(values: ArrayLike<number>): number {
  const finite = Array.from(values).filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}
