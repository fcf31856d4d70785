import { describe, expect, it } from 'vitest';
import { createRng } from '../../demo/create-rng.ts';
import { fitHoltWinters, forecastHoltWinters, minimiseNelderMead } from './holt-winters.ts';

const PATTERN = [-0.2, -0.25, -0.2, -0.1, 0.05, 0.45, 0.25];

describe('minimiseNelderMead', () => {
  it('finds the minimum of a shifted, stretched quadratic', () => {
    const f = (x: readonly number[]): number => ((x[0] as number) - 3) ** 2 + 10 * ((x[1] as number) + 1) ** 2 + 1;
    const [a, b] = minimiseNelderMead(f, [0, 0], 300);
    expect(a).toBeCloseTo(3, 4);
    expect(b).toBeCloseTo(-1, 4);
  });

  it('finds the minimum in four dimensions, as the Holt-Winters fit uses it', () => {
    const target = [0.5, -1.5, 2, -0.25];
    const f = (x: readonly number[]): number => x.reduce((s, v, i) => s + (i + 1) * (v - (target[i] as number)) ** 2, 0);
    const best = minimiseNelderMead(f, [0, 0, 0, 0], 1000);
    best.forEach((v, i) => expect(v).toBeCloseTo(target[i] as number, 3));
  });

  it('returns the start when it is already the minimum', () => {
    const best = minimiseNelderMead((x) => (x[0] as number) ** 2, [0]);
    expect(best[0]).toBeCloseTo(0, 8);
  });
});

describe('fitHoltWinters and forecastHoltWinters', () => {
  it('reproduce a noiseless level plus weekly pattern', () => {
    const z = Float64Array.from({ length: 10 * 7 }, (_, t) => 5 + (PATTERN[t % 7] as number));
    const fit = fitHoltWinters(z, 7);
    expect(fit.rmse).toBeLessThan(1e-3);
    const { level, season } = forecastHoltWinters(fit, 21);
    for (let h = 0; h < 21; h++) {
      // 70 observations: the first forecast slot is t = 70, whose weekday is 70 mod 7 = 0.
      expect((level[h] as number) + (season[h] as number)).toBeCloseTo(5 + (PATTERN[h % 7] as number), 3);
    }
  });

  it('split the forecast into a flat level and the weekly pattern around it', () => {
    const z = Float64Array.from({ length: 12 * 7 + 3 }, (_, t) => 3 + (PATTERN[t % 7] as number));
    const { level, season } = forecastHoltWinters(fitHoltWinters(z, 7), 14);
    for (let h = 0; h < 14; h++) {
      expect(level[h]).toBeCloseTo(3, 2);
      // The history ends three slots into a week, so the forecast starts on pattern slot 3.
      expect(season[h]).toBeCloseTo(PATTERN[(h + 3) % 7] as number, 2);
    }
  });

  it('carry the pattern through missing values without shifting it', () => {
    // Nine days lost near the end (not a whole week), with only four days after them.
    const z = Float64Array.from({ length: 10 * 7 }, (_, t) => (t >= 57 && t < 66 ? NaN : 5 + (PATTERN[t % 7] as number)));
    const fit = fitHoltWinters(z, 7);
    const { level, season } = forecastHoltWinters(fit, 7);
    for (let h = 0; h < 7; h++) expect((level[h] as number) + (season[h] as number)).toBeCloseTo(5 + (PATTERN[h % 7] as number), 3);
  });

  it('track a noisy weekly series to within its noise and keep smoothing parameters in range', () => {
    const rng = createRng(17);
    const z = Float64Array.from({ length: 20 * 7 }, (_, t) => 4 + (PATTERN[t % 7] as number) + 0.05 * rng.normal());
    const fit = fitHoltWinters(z, 7);
    expect(fit.rmse).toBeGreaterThan(0.03);
    expect(fit.rmse).toBeLessThan(0.07);
    for (const p of [fit.alpha, fit.gamma]) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
    expect(fit.beta).toBeLessThanOrEqual(0.5);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
    const { level, season } = forecastHoltWinters(fit, 7);
    for (let h = 0; h < 7; h++)
      expect(Math.abs((level[h] as number) + (season[h] as number) - 4 - (PATTERN[h % 7] as number))).toBeLessThan(0.06);
  });
});
