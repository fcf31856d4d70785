import { describe, expect, it } from 'vitest';
import { createRng } from '../../demo/create-rng.ts';
import { fitSeasonalAr, forecastSeasonalAr } from './seasonal-ar.ts';

const WEEK = [1.0, 0.9, 0.95, 1.0, 1.2, 1.6, 1.5];

describe('seasonal autoregression, ARIMA(p,0,0)(P,1,0)₇', () => {
  it('recovers the coefficients of a simulated process', () => {
    const rng = createRng(7);
    const n = 3000;
    const z = new Float64Array(n);
    const w = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      if (t < 7) {
        z[t] = 100 * WEEK[t % 7]!;
        continue;
      }
      w[t] = 0.5 * w[t - 1]! - 0.3 * (t >= 14 ? w[t - 7]! : 0) + rng.normal();
      z[t] = z[t - 7]! + w[t]!;
    }
    const fit = fitSeasonalAr(z, 7)!;
    expect(fit).toBeDefined();
    const coefficient = (lag: number) => fit.beta[fit.lags.indexOf(lag)] ?? 0;
    expect(coefficient(1)).toBeCloseTo(0.5, 1);
    expect(coefficient(7)).toBeCloseTo(-0.3, 1);
    expect(fit.rmse).toBeGreaterThan(0.9);
    expect(fit.rmse).toBeLessThan(1.1);
  });

  it('follows a sudden fall of the level within days, keeping the weekly shape', () => {
    const rng = createRng(11);
    const n = 400;
    // A year of a weekly pattern around 1,000, then the level falls to 300 for the last three weeks.
    const z = Float64Array.from({ length: n }, (_, t) => (t < n - 21 ? 1000 : 300) * WEEK[t % 7]! + 10 * rng.normal());
    const fit = fitSeasonalAr(z, 7)!;
    const forecast = forecastSeasonalAr(fit, 14);
    for (let h = 0; h < 14; h++) {
      const expected = 300 * WEEK[(n + h) % 7]!;
      expect(Math.abs(forecast[h]! - expected) / expected).toBeLessThan(0.1);
    }
  });

  it('fits around gaps and forecasts from a history that ends in one', () => {
    const rng = createRng(3);
    const n = 200;
    const z = Float64Array.from({ length: n }, (_, t) => 500 * WEEK[t % 7]! + 5 * rng.normal());
    for (const t of [40, 41, 42, 100, 150, n - 2, n - 1]) z[t] = NaN;
    const fit = fitSeasonalAr(z, 7)!;
    expect(Number.isFinite(fit.history[n - 1]!)).toBe(true);
    const forecast = forecastSeasonalAr(fit, 7);
    for (let h = 0; h < 7; h++) expect(Math.abs(forecast[h]! / (500 * WEEK[(n + h) % 7]!) - 1)).toBeLessThan(0.05);
  });

  it('declines a history too short to fit, and a season too short for its lags', () => {
    expect(
      fitSeasonalAr(
        Float64Array.from({ length: 40 }, (_, t) => WEEK[t % 7]!),
        7,
      ),
    ).toBeUndefined();
    expect(() => fitSeasonalAr(new Float64Array(100), 5)).toThrow(RangeError);
  });
});
