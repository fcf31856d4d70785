import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/calendar/civil-date.ts';
import { createRng } from '../../demo/create-rng.ts';
import { calendarFactor, describeDemandDay, WEEKDAY_PROFILE, workdayFactor } from '../../demo/demand-model.ts';
import { fitModels, METHODS, minimumHistory, type TrainingData } from './forecast-models.ts';

const MEAN = 2000;
const START = toDayNumber('2022-01-01');
const END = toDayNumber('2025-03-31');
const HORIZON = 61;

/** Daily visits of a scenic spot from the demo demand model's calendar (no weather): Poisson, 8% day noise. */
function simulateCalendarDemand(seed: number): number[] {
  const rng = createRng(seed);
  const y: number[] = [];
  for (let day = START; day <= END; day++) {
    y.push(rng.poisson(MEAN * calendarFactor('scenic_spot', describeDemandDay(day, START)) * Math.exp(0.08 * rng.normal())));
  }
  return y;
}

const LOG1P = { name: 'log1p' as const, to: Math.log1p, from: Math.expm1 };

const truthOn = (day: number): number => MEAN * calendarFactor('scenic_spot', describeDemandDay(day, START));
const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);

describe('fitModels on three years of a scenic spot with Chinese holidays', () => {
  const y = simulateCalendarDemand(1);
  const data: TrainingData = { frequency: 'daily', start: START, z: Float64Array.from(y, Math.log1p), holidays: true, transform: LOG1P };
  const models = fitModels(METHODS, data);
  const regression = models.get('regression')!.forecast(HORIZON);
  const visitsOn = (date: string): number => Math.expm1(regression.z[toDayNumber(date) - END - 1] as number);

  it('fits every method asked for', () => {
    expect([...models.keys()].sort()).toEqual([...METHODS].sort());
    expect([...fitModels(['ets'], data).keys()]).toEqual(['ets']);
  });

  it('forecasts the next two months, Qingming and Labour Day included, close to the demand model', () => {
    const errors = Array.from(regression.z, (z, h) => Math.expm1(z) / truthOn(END + 1 + h) - 1);
    expect(sum(errors.map(Math.abs)) / HORIZON).toBeLessThan(0.05);
    for (const error of errors) expect(Math.abs(error)).toBeLessThan(0.2);
  });

  it('forecasts a make-up Sunday (2025-04-27, for Labour Day) like the workdays of its week, not like a Sunday', () => {
    const workdays = ['2025-04-21', '2025-04-22', '2025-04-23', '2025-04-24', '2025-04-25'].map(visitsOn);
    const makeup = visitsOn('2025-04-27');
    expect(makeup / (sum(workdays) / 5)).toBeCloseTo(1, 1);
    // An ordinary Sunday a week earlier draws Sunday's crowd: 1.46 / 0.77 ≈ 1.9 times a workday.
    const truthRatio = (WEEKDAY_PROFILE.scenic_spot[6] as number) / workdayFactor('scenic_spot');
    expect(visitsOn('2025-04-20') / makeup / truthRatio).toBeCloseTo(1, 1);
  });

  it('exposes the fitted coefficients, holidays included', () => {
    const coefficients = models.get('regression')!.coefficients!;
    expect(coefficients.get('holiday:any')).toBeGreaterThan(0.3);
    expect(coefficients.get('holiday:labour_day:middle')).toBeDefined();
    expect(models.get('hybrid')!.coefficients).toBe(coefficients);
  });

  it('splits every model’s forecast into components that add up to it', () => {
    for (const [, model] of models) {
      const forecast = model.forecast(HORIZON);
      for (let h = 0; h < HORIZON; h++) {
        const parts = Object.values(forecast.components).reduce((s, c) => s + (c[h] as number), 0);
        expect(parts).toBeCloseTo(forecast.z[h] as number, 9);
      }
    }
  });

  it('splits the in-sample fit into components that stay close to the history', () => {
    const { steps, components } = models.get('regression')!.inSampleComponents!();
    expect(steps).toHaveLength(y.length);
    const residuals = steps.map((_, i) => (data.z[i] as number) - Object.values(components).reduce((s, c) => s + (c[i] as number), 0));
    const rms = Math.sqrt(sum(residuals.map((r) => r * r)) / residuals.length);
    // The simulated noise is 8% a day plus Poisson noise; a good fit leaves about that.
    expect(rms).toBeLessThan(0.12);
  });

  it('cannot see Labour Day with ETS or seasonal naive: they miss it by far (what the regression is for)', () => {
    const labourDay = toDayNumber('2025-05-02') - END - 1;
    for (const method of ['ets', 'seasonal_naive'] as const) {
      const visits = Math.expm1(models.get(method)!.forecast(HORIZON).z[labourDay] as number);
      expect(visits / truthOn(END + 1 + labourDay)).toBeLessThan(0.5);
    }
    expect(visitsOn('2025-05-02') / truthOn(END + 1 + labourDay)).toBeCloseTo(1, 1);
  });
});

describe('fitModels on a history with gaps', () => {
  const y = simulateCalendarDemand(2);
  // A ten-day outage and every eleventh day lost: positions after each gap must keep their weekday.
  const z = Float64Array.from(y, (v, i) => ((i >= 900 && i < 910) || i % 11 === 4 ? NaN : Math.log1p(v)));
  const data: TrainingData = { frequency: 'daily', start: START, z, holidays: true };
  const models = fitModels(['regression', 'ets', 'seasonal_naive'], data);

  it('fits the regression to the grid positions of the observed days', () => {
    const { steps } = models.get('regression')!.inSampleComponents!();
    expect(steps).toEqual(Array.from(z).flatMap((v, i) => (Number.isNaN(v) ? [] : [START + i])));
  });

  it('still forecasts every model close to the demand model on ordinary weeks', () => {
    // 2025-04-08 … 2025-04-28: after Qingming, before Labour Day’s eve.
    const from = toDayNumber('2025-04-08') - END - 1;
    for (const [method, model] of models) {
      const forecast = model.forecast(HORIZON);
      const errors = Array.from({ length: 21 }, (_, k) =>
        Math.abs(Math.expm1(forecast.z[from + k] as number) / truthOn(END + 1 + from + k) - 1),
      );
      expect(sum(errors) / errors.length, method).toBeLessThan(method === 'regression' ? 0.05 : 0.15);
    }
  });
});

describe('the seasonal naive model', () => {
  const start = toDayNumber('2024-03-04'); // a Monday

  it('repeats the last observed week on the same weekdays', () => {
    const z = Float64Array.from({ length: 24 }, (_, i) => i);
    const forecast = fitModels(['seasonal_naive'], { frequency: 'daily', start, z, holidays: false }).get('seasonal_naive')!.forecast(9);
    // 24 days: the last week is days 17–23, and day 24 is the same weekday as day 17.
    expect(Array.from(forecast.z)).toEqual([17, 18, 19, 20, 21, 22, 23, 17, 18]);
  });

  it('looks further back over a missing value, keeping the weekday', () => {
    const z = Float64Array.from({ length: 21 }, (_, i) => (i === 15 || i === 8 ? NaN : i));
    const forecast = fitModels(['seasonal_naive'], { frequency: 'daily', start, z, holidays: false }).get('seasonal_naive')!.forecast(7);
    // Day 21 is the weekday of days 14, 7 and 0; day 22 that of 15 (missing), 8 (missing) and 1.
    expect(Array.from(forecast.z)).toEqual([14, 1, 16, 17, 18, 19, 20]);
  });
});

describe('minimumHistory', () => {
  it('asks a week for seasonal naive, three for ETS and four for the regression, in slots', () => {
    const methods = ['seasonal_naive', 'ets', 'regression', 'hybrid'] as const;
    expect(methods.map((m) => minimumHistory(m, 'daily'))).toEqual([7, 21, 28, 28]);
    expect(methods.map((m) => minimumHistory(m, 'hourly'))).toEqual([168, 504, 336, 336]);
  });
});

describe('ETS chooses its scale by likelihood on the original scale', () => {
  const SHAPE = [0, -1, -0.5, 0, 0.5, 1.5, 1];
  const rng = createRng(5);
  const etsOf = (y: readonly number[]) =>
    fitModels(['ets'], { frequency: 'daily', start: START, z: Float64Array.from(y, Math.log1p), holidays: false, transform: LOG1P }).get(
      'ets',
    )!;

  it('adds: weekly swings of the same size while the level collapses (a lockdown)', () => {
    const y = Array.from({ length: 400 }, (_, t) => (t < 330 ? 5000 : 1500) + 600 * SHAPE[t % 7]! + 80 * rng.normal());
    const ets = etsOf(y);
    expect(ets.scale).toBe('original');
    // The forecast keeps swings of 600 a step around the new level, on the original scale.
    const week = Array.from(ets.forecast(7).z, Math.expm1);
    const mean = sum(week) / 7;
    expect(Math.abs(mean - 1500 - (600 * sum(SHAPE)) / 7)).toBeLessThan(200);
    expect(Math.max(...week) - Math.min(...week)).toBeGreaterThan(0.7 * 600 * 2.5);
  });

  it('multiplies: swings that grow with the level', () => {
    const y = Array.from({ length: 400 }, (_, t) => 100 * Math.exp(t / 150) * (1 + 0.25 * SHAPE[t % 7]!) * Math.exp(0.03 * rng.normal()));
    expect(etsOf(y).scale).toBe('log');
  });
});

describe('the additive regression', () => {
  // Two years of a level that triples, with a weekly pattern and a yearly wave that keep their size
  // (±300 and ±400 visits whatever the level): parts that add, as in a series already in logs.
  const rng = createRng(11);
  const n = 730;
  const days = 28;
  const truth = (t: number): number =>
    1000 + (2000 * t) / n + 300 * (SHAPE[(t + START) % 7] as number) + 400 * Math.sin((2 * Math.PI * (t + START)) / 365.25);
  const SHAPE = [0, -1, -0.5, 0, 0.5, 1.5, 1];
  const y = Array.from({ length: n + days }, (_, t) => truth(t) + 40 * rng.normal());
  const data: TrainingData = {
    frequency: 'daily',
    start: START,
    z: Float64Array.from(y.slice(0, n), Math.log1p),
    holidays: false,
    transform: LOG1P,
  };
  const models = fitModels(['regression', 'additive'], data);
  const errorOf = (method: 'regression' | 'additive'): number => {
    const forecast = Array.from(models.get(method)!.forecast(days).z, Math.expm1);
    return sum(forecast.map((v, h) => Math.abs(v - truth(n + h)))) / days;
  };

  it('forecasts swings that keep their size closer than the log-scale regression does', () => {
    // The noise is 40 a day; the forecast's mean error against the truth stays well below it.
    expect(errorOf('additive')).toBeLessThan(20);
    expect(errorOf('additive')).toBeLessThan(0.5 * errorOf('regression'));
  });

  it('splits its forecast into parts that add up in series units, as forecast-series reads them', () => {
    const forecast = models.get('additive')!.forecast(days);
    for (let h = 0; h < days; h++) {
      const base = Math.expm1(forecast.components.trend![h] as number);
      const others = (['weekly', 'yearly'] as const).map((c) => forecast.components[c]![h] as number);
      // Trend alone is the base; the others share the rest in proportion to their log parts.
      const added = Math.expm1(forecast.z[h] as number) - base;
      const inUnits = others.map((part) => (added * part) / (others[0]! + others[1]!));
      expect(base + inUnits[0]! + inUnits[1]!).toBeCloseTo(Math.expm1(forecast.z[h] as number), 6);
      // The trend in series units is the truth's level (1000 + 2000 t / n) within a few percent.
      expect(Math.abs(base / (1000 + (2000 * (n + h)) / n) - 1)).toBeLessThan(0.05);
    }
  });

  it('is only fitted to series on the log scale: elsewhere the regression is additive already', () => {
    const scaled = { ...data, transform: { name: 'none' as const, to: (v: number) => v, from: (v: number) => v } };
    expect([...fitModels(['regression', 'additive'], scaled).keys()]).toEqual(['regression']);
  });
});
