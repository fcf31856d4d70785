import { describe, expect, it } from 'vitest';
import { fromDayNumber, isoWeekdayOf, toDayNumber } from '../../domain/calendar/civil-date.ts';
import { createRng } from '../../demo/create-rng.ts';
import { WEATHER_EFFECT, WEEKDAY_PROFILE, type DemandKind } from '../../demo/demand-model.ts';
import { mase, naiveScale } from './accuracy.ts';
import { forecastSeries, maxHorizon, sliceForecast, type ForecastPoint, type SeriesForecast } from './forecast-series.ts';
import { familyOf, METHODS, type Method } from './forecast-models.ts';
import { parseSlotLabel } from './time-grid.ts';
import { simulateVenueVisits, trueHolidayFactors } from '../../demo/simulate-venue-visits.ts';

/** The seasonal naive forecast of `horizon` slots after y[0 … end − 1]: the same slot one week earlier. */
function seasonalNaive(y: readonly number[], end: number, horizon: number, week: number): number[] {
  return Array.from({ length: horizon }, (_, h) => y[end - week + (h % week)] as number);
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const componentSum = (p: ForecastPoint): number => sum(Object.values(p.components));

/** Every band encloses yhat and the 95% band encloses the 80% one. */
function expectOrderedBands(points: readonly ForecastPoint[]): void {
  for (const p of points) {
    expect(p.lower95).toBeLessThanOrEqual(p.lower80);
    expect(p.lower80).toBeLessThanOrEqual(p.yhat);
    expect(p.yhat).toBeLessThanOrEqual(p.upper80);
    expect(p.upper80).toBeLessThanOrEqual(p.upper95);
  }
}

describe('forecastSeries on three years of a simulated scenic spot with weather', () => {
  const HORIZON = 28;
  const venue = simulateVenueVisits('scenic_spot', 3000, '杭州', 41, '2022-01-01', '2024-12-31');
  const history = venue.y.length - HORIZON;
  const result = forecastSeries(
    { frequency: 'daily', start: venue.start, y: venue.y.slice(0, history), weather: venue.weather },
    { horizon: HORIZON, windows: 3 },
  );

  it('forecasts the days right after the history, with the history described', () => {
    expect(result.history).toEqual({ from: '2022-01-01', to: '2024-12-03', slots: history, observed: history });
    expect(result.points.map((p) => p.ds)).toEqual(Array.from({ length: HORIZON }, (_, h) => fromDayNumber(toDayNumber('2024-12-04') + h)));
    expect(result.transform).toBe('log1p');
    expect(result.fallback).toBeNull();
  });

  it('estimates every holiday’s factor within 10% of the demand model’s truth', () => {
    const truth = trueHolidayFactors('scenic_spot', venue.start, history);
    const estimated = result.effects?.holidays ?? {};
    expect(Object.keys(estimated).sort()).toEqual(Object.keys(truth).sort());
    for (const [name, factor] of Object.entries(truth)) {
      expect(Math.abs((estimated[name] as number) / factor - 1), name).toBeLessThan(0.1);
    }
  });

  it('estimates holiday factors without a systematic lean up or down', () => {
    // Relative to an average day, not to the geometric mean of the weekdays (which sits 4% lower here).
    const truth = trueHolidayFactors('scenic_spot', venue.start, history);
    const logRatios = Object.entries(truth).map(([name, factor]) => Math.log((result.effects?.holidays[name] as number) / factor));
    expect(Math.abs(Math.exp(sum(logRatios) / logRatios.length) - 1)).toBeLessThan(0.03);
  });

  it('estimates the rain and heat factors within 10% of the demand model’s', () => {
    const weather = result.effects?.weather ?? {};
    expect(Math.abs((weather.rain as number) / WEATHER_EFFECT.scenic_spot.rain - 1)).toBeLessThan(0.1);
    expect(Math.abs((weather.heat as number) / WEATHER_EFFECT.scenic_spot.heat - 1)).toBeLessThan(0.1);
  });

  it('scales weekday factors to an average of 1, each within 5% of the demand model’s', () => {
    const weekdays = result.effects?.weekdays ?? [];
    expect(weekdays).toHaveLength(7);
    expect(sum(weekdays) / 7).toBeCloseTo(1, 12);
    weekdays.forEach((factor, i) => expect(Math.abs(factor / (WEEKDAY_PROFILE.scenic_spot[i] as number) - 1)).toBeLessThan(0.05));
  });

  it('beats seasonal naive by at least 30% on the 28 held-out days', () => {
    const actual = venue.y.slice(history);
    const scale = naiveScale(venue.y.slice(0, history), 7);
    const ours = mase(
      actual,
      result.points.map((p) => p.yhat),
      scale,
    );
    const naive = mase(actual, seasonalNaive(venue.y, history, HORIZON, 7), scale);
    expect(ours).toBeLessThan(0.7 * naive);
  });

  it('reports a back-test MASE for every candidate and their combination, and selects the lowest', () => {
    const backtest = result.backtest!;
    expect(backtest).toMatchObject({ horizon: 28, windows: 3, step: 28 });
    expect(backtest.origins).toEqual(['2024-09-10', '2024-10-08', '2024-11-05']);
    expect(backtest.scores.map((s) => s.method).sort()).toEqual([
      'additive',
      'combined',
      'ets',
      'hybrid',
      'regression',
      'seasonal_ar',
      'seasonal_naive',
    ]);
    for (const score of backtest.scores) expect(Number.isFinite(score.mase)).toBe(true);
    expect(backtest.selected.mase).toBe(Math.min(...backtest.scores.map((s) => s.mase)));
    expect(backtest.seasonalNaive).toEqual(backtest.scores.find((s) => s.method === 'seasonal_naive'));
    // Seasonal naive copies last week's holidays into this week: in a back-test over National Day it does badly.
    expect(backtest.selected.mase).toBeLessThan(0.5 * backtest.seasonalNaive!.mase);
    const selected = result.method === 'combined' ? 'combined' : result.method;
    expect(backtest.selected.method).toBe(selected);
    if (result.method === 'combined') expect(result.combines).toHaveLength(2);
  });

  it('splits every forecast into components that add up to yhat', () => {
    expect(['regression', 'hybrid', 'combined']).toContain(result.method);
    for (const p of result.points) {
      expect(Object.keys(p.components).sort()).toEqual(['holiday', 'trend', 'weather', 'weekly', 'yearly']);
      expect(Math.abs(componentSum(p) - p.yhat)).toBeLessThanOrEqual(1e-6 * p.yhat);
    }
  });

  it('orders its bands around yhat and never lets them go below zero', () => {
    expectOrderedBands(result.points);
    for (const p of result.points) expect(p.lower95).toBeGreaterThanOrEqual(0);
  });
});

describe('combining candidates', () => {
  // Venues whose two best back-test scores are both regressions (regression and hybrid, additive and
  // regression): averaging them would mostly average the back-test's noise.
  const venues = [
    simulateVenueVisits('scenic_spot', 170, '杭州', 1020, '2022-01-01', '2024-12-31'),
    simulateVenueVisits('store', 530, '杭州', 1063, '2022-01-01', '2024-12-31'),
  ];

  it('pairs the best candidate only with the best of another family', () => {
    for (const venue of venues) {
      const result = forecastSeries(
        { frequency: 'daily', start: venue.start, y: venue.y, weather: venue.weather },
        { horizon: 90, windows: 3 },
      );
      const ranked = result.backtest!.scores.filter((s) => s.method !== 'combined');
      expect(familyOf(ranked[0]!.method as Method)).toBe(familyOf(ranked[1]!.method as Method));
      if (result.combines.length > 0) {
        expect(result.combines[0]).toBe(ranked[0]!.method);
        const partner = ranked.find((s) => familyOf(s.method as Method) !== familyOf(ranked[0]!.method as Method))!;
        expect(result.combines[1]).toBe(partner.method);
      }
      expect(result.backtest!.scores.some((s) => s.method === 'combined')).toBe(true);
    }
  });
});

describe('forecastSeries prediction bands', () => {
  // 8 venues of four kinds, each forecast from four origins in its last year: 32 forecasts, 896 days.
  const HORIZON = 28;
  const KINDS: readonly DemandKind[] = ['scenic_spot', 'store', 'museum', 'theme_park'];
  const runs: { forecast: SeriesForecast; actual: number[] }[] = [];
  for (let seed = 1; seed <= 8; seed++) {
    const venue = simulateVenueVisits(KINDS[(seed - 1) % KINDS.length]!, 1500, '杭州', seed, '2022-01-01', '2024-12-31');
    for (const back of [0, 60, 120, 200]) {
      const end = venue.y.length - HORIZON - back;
      const forecast = forecastSeries(
        { frequency: 'daily', start: venue.start, y: venue.y.slice(0, end), weather: venue.weather },
        { horizon: HORIZON, windows: 3 },
      );
      runs.push({ forecast, actual: venue.y.slice(end, end + HORIZON) });
    }
  }
  const share = (lower: (p: ForecastPoint) => number, upper: (p: ForecastPoint) => number): number => {
    let inside = 0;
    let n = 0;
    for (const { forecast, actual } of runs) {
      forecast.points.forEach((p, h) => {
        const a = actual[h] as number;
        if (a >= lower(p) && a <= upper(p)) inside++;
        n++;
      });
    }
    return inside / n;
  };

  it('cover about 80% and 95% of the days that followed, across 32 forecasts of four kinds of venue', () => {
    const coverage80 = share(
      (p) => p.lower80,
      (p) => p.upper80,
    );
    const coverage95 = share(
      (p) => p.lower95,
      (p) => p.upper95,
    );
    expect(coverage80).toBeGreaterThanOrEqual(0.7);
    expect(coverage80).toBeLessThanOrEqual(0.9);
    expect(coverage95).toBeGreaterThanOrEqual(0.88);
    expect(coverage95).toBeLessThanOrEqual(0.99);
  });

  it('always enclose yhat, nest the 80% band in the 95% band, and stay non-negative (museums close on Mondays)', () => {
    for (const { forecast } of runs) {
      expectOrderedBands(forecast.points);
      for (const p of forecast.points) expect(p.lower95).toBeGreaterThanOrEqual(0);
    }
  });

  it('never show a later day as more certain than an earlier one', () => {
    for (const { forecast } of runs) {
      const spread = forecast.points.map((p) => Math.log1p(p.upper80) - Math.log1p(p.yhat));
      for (let h = 1; h < spread.length; h++) expect(spread[h]).toBeGreaterThanOrEqual((spread[h - 1] as number) - 1e-9);
    }
  });
});

describe('forecastSeries with a short history', () => {
  const start = toDayNumber('2024-03-04'); // a Monday, far from holidays

  it('repeats the last week when it has 10 days, and says why', () => {
    const y = [100, 110, 120, 130, 140, 300, 250, 105, 115, 125];
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 14 });
    expect(result.method).toBe('seasonal_naive');
    expect(result.fallback).toBe(
      'only 10 observed days of history (the full model needs 28): the last week is repeated, with wide bands; accuracy cannot be back-tested yet',
    );
    expect(result.backtest).toBeNull();
    expect(result.points).toHaveLength(14);
    expect(result.points[0]?.ds).toBe('2024-03-14');
    // Day 10 is a Thursday like day 3; day 17 too, and day 10 itself has not been seen.
    expect(result.points.map((p) => p.yhat)).toEqual([130, 140, 300, 250, 105, 115, 125, 130, 140, 300, 250, 105, 115, 125]);
    expectOrderedBands(result.points);
    for (const p of result.points) expect(p.lower95).toBeGreaterThanOrEqual(0);
    // Bands widen with the horizon.
    const width = (p: ForecastPoint): number => p.upper80 - p.lower80;
    expect(width(result.points[13]!)).toBeGreaterThan(width(result.points[0]!));
  });

  it('carries the mean forward when it has less than a week', () => {
    const result = forecastSeries({ frequency: 'daily', start, y: [10, 20, 30, 40, 50] }, { horizon: 9 });
    expect(result.method).toBe('mean');
    expect(result.fallback).toMatch(/^only 5 observed days .* the mean is carried forward/);
    expect(result.points.map((p) => p.yhat)).toEqual(Array(9).fill(30));
  });

  it('counts observed days, not slots, when deciding', () => {
    const result = forecastSeries({ frequency: 'daily', start, y: [10, null, 30, null, 50, null, 70, null, 90, 100] }, { horizon: 7 });
    expect(result.method).toBe('mean');
    expect(result.history).toMatchObject({ slots: 10, observed: 6 });
  });

  it('falls back on hourly data under two weeks of hours, labelling hours', () => {
    const y = Array.from({ length: 200 }, (_, t) => 10 + (t % 24));
    const result = forecastSeries({ frequency: 'hourly', start: start * 24, y }, { horizon: 30 });
    expect(result.method).toBe('seasonal_naive');
    expect(result.fallback).toMatch(/^only 200 observed hours of history \(the full model needs 336\)/);
    expect(result.points).toHaveLength(30);
    expect(result.points[0]?.ds).toBe('2024-03-12 08:00');
    expect(result.points[0]?.yhat).toBe(10 + 8);
  });
});

describe('forecastSeries with missing values', () => {
  const start = toDayNumber('2023-01-02');
  const WEEKLY = [0.8, 0.8, 0.85, 0.9, 1.0, 1.6, 1.3];
  const n = 180;
  const expectedOn = (day: number): number => 1000 * (WEEKLY[isoWeekdayOf(day) - 1] as number);
  const rng = createRng(11);
  const y = Array.from({ length: n }, (_, i) => Math.round(expectedOn(start + i) * Math.exp(0.03 * rng.normal())));
  // A ten-day outage (not a whole number of weeks) and a scattering of lost days.
  const gappy = y.map((v, i) => ((i >= 100 && i < 110) || i % 13 === 5 ? null : v));

  it('tolerates them and keeps every weekday where it belongs', () => {
    const result = forecastSeries({ frequency: 'daily', start, y: gappy }, { horizon: 14, windows: 3, holidays: false });
    expect(result.history).toMatchObject({ slots: n, observed: 157 });
    result.points.forEach((p, h) => expect(Math.abs(p.yhat / expectedOn(start + n + h) - 1)).toBeLessThan(0.03));
  });

  it('forecasts about what it would have without the gaps', () => {
    const full = forecastSeries({ frequency: 'daily', start, y }, { horizon: 14, windows: 3, holidays: false });
    const holed = forecastSeries({ frequency: 'daily', start, y: gappy }, { horizon: 14, windows: 3, holidays: false });
    holed.points.forEach((p, h) => expect(Math.abs(p.yhat / full.points[h]!.yhat - 1)).toBeLessThan(0.02));
  });

  it('forecasts from the end of the grid when the last days are missing', () => {
    const trailing = [...gappy.slice(0, n - 3), null, null, null];
    const result = forecastSeries({ frequency: 'daily', start, y: trailing }, { horizon: 14, windows: 3, holidays: false });
    expect(result.points[0]?.ds).toBe(fromDayNumber(start + n));
    result.points.forEach((p, h) => expect(Math.abs(p.yhat / expectedOn(start + n + h) - 1)).toBeLessThan(0.03));
  });
});

describe('forecastSeries on hourly data', () => {
  const startDay = toDayNumber('2023-03-06'); // a Monday
  const HORIZON = 168;
  const rng = createRng(5);
  // Nine weeks of hourly visits: closed at night, a midday peak on workdays, a broader and busier day on weekends.
  const meanAt = (t: number): number => {
    const hour = t % 24;
    const weekend = isoWeekdayOf(startDay + Math.floor(t / 24)) >= 6;
    const shape = hour < 8 || hour > 21 ? 0.05 : Math.sin((Math.PI * (hour - 8)) / 14) ** (weekend ? 1 : 2);
    return 200 * (weekend ? 1.6 : 1) * shape + 1;
  };
  const y = Array.from({ length: 9 * 168 }, (_, t) => rng.poisson(meanAt(t)));
  const history = y.length - HORIZON;
  const result = forecastSeries(
    { frequency: 'hourly', start: startDay * 24, y: y.slice(0, history) },
    { horizon: HORIZON, windows: 3, holidays: false },
  );

  it('labels the forecast hour by hour after the history', () => {
    expect(result.frequency).toBe('hourly');
    expect(result.history.to).toBe('2023-04-30 23:00');
    expect(result.points[0]?.ds).toBe('2023-05-01 00:00');
    expect(result.points[HORIZON - 1]?.ds).toBe('2023-05-07 23:00');
    result.points.forEach((p, h) =>
      expect(parseSlotLabel(p.ds)).toEqual({ ok: true, frequency: 'hourly', step: startDay * 24 + history + h }),
    );
  });

  it('beats seasonal naive on the held-out week by at least 20%', () => {
    const actual = y.slice(history);
    const scale = naiveScale(y.slice(0, history), 168);
    const ours = mase(
      actual,
      result.points.map((p) => p.yhat),
      scale,
    );
    const naive = mase(actual, seasonalNaive(y, history, HORIZON, 168), scale);
    expect(ours).toBeLessThan(0.8 * naive);
    expect(result.backtest!.selected.mase).toBeLessThan(result.backtest!.seasonalNaive!.mase);
  });

  it('forecasts the weekend busier than the workdays at the same hour', () => {
    // Wednesday 2023-05-03 and Saturday 2023-05-06 at 13:00.
    const wednesday = result.points[2 * 24 + 13]!.yhat;
    const saturday = result.points[5 * 24 + 13]!.yhat;
    expect(saturday / wednesday).toBeGreaterThan(1.3);
    expectOrderedBands(result.points);
    for (const p of result.points) expect(p.lower95).toBeGreaterThanOrEqual(0);
  });
});

describe('forecastSeries with a numeric covariate', () => {
  const start = toDayNumber('2023-01-02');
  const n = 400;
  const HORIZON = 28;
  const WEEKLY = [0.8, 0.8, 0.85, 0.9, 1.0, 1.5, 1.35];
  const LIFT = 1.5;
  const rng = createRng(9);
  const promo = Array.from({ length: n + HORIZON }, () => (rng.chance(0.12) ? 1 : 0));
  const y = Array.from({ length: n }, (_, i) =>
    rng.poisson(1000 * (WEEKLY[isoWeekdayOf(start + i) - 1] as number) * (promo[i] ? LIFT : 1) * Math.exp(0.05 * rng.normal())),
  );
  const run = (future: readonly number[]): SeriesForecast =>
    forecastSeries(
      { frequency: 'daily', start, y, covariates: [{ name: 'promo', values: [...promo.slice(0, n), ...future] }] },
      { horizon: HORIZON, windows: 3, holidays: false },
    );

  it('raises the forecast on future promotion days by about the promotion’s lift', () => {
    const on = run(Array(HORIZON).fill(1));
    const off = run(Array(HORIZON).fill(0));
    on.points.forEach((p, h) => expect(Math.abs(p.yhat / off.points[h]!.yhat / LIFT - 1)).toBeLessThan(0.05));
  });

  it('lifts exactly the promotion days of a mixed future', () => {
    const result = run(promo.slice(n));
    result.points.forEach((p, h) => {
      const base = 1000 * (WEEKLY[isoWeekdayOf(start + n + h) - 1] as number);
      expect(Math.abs(p.yhat / (base * (promo[n + h] ? LIFT : 1)) - 1)).toBeLessThan(0.05);
    });
  });
});

describe('forecastSeries input handling', () => {
  const start = toDayNumber('2023-01-02');

  it('models a series with negative values on its own scale, not in logs', () => {
    const rng = createRng(3);
    const truth = (i: number): number => 10 * Math.sin((2 * Math.PI * i) / 7) - 2;
    const y = Array.from({ length: 200 }, (_, i) => truth(i) + rng.normal());
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 14, holidays: false });
    expect(result.transform).toBe('none');
    result.points.forEach((p, h) => expect(Math.abs(p.yhat - truth(200 + h))).toBeLessThan(1));
    expectOrderedBands(result.points);
    expect(Math.min(...result.points.map((p) => p.lower95))).toBeLessThan(0);
  });

  it('throws a RangeError for a horizon outside 1 … the maximum', () => {
    const y = Array.from({ length: 60 }, (_, i) => 100 + (i % 7));
    expect(maxHorizon('daily')).toBe(366);
    expect(maxHorizon('hourly')).toBe(840);
    for (const horizon of [0, -1, 1.5, NaN, 367])
      expect(() => forecastSeries({ frequency: 'daily', start, y }, { horizon })).toThrow(RangeError);
    expect(() => forecastSeries({ frequency: 'hourly', start: start * 24, y }, { horizon: 841 })).toThrow(RangeError);
    expect(() => forecastSeries({ frequency: 'daily', start, y }, { horizon: 367 })).toThrow(
      'horizon must be a whole number from 1 to 366 for daily data',
    );
    expect(forecastSeries({ frequency: 'daily', start, y: y.slice(0, 10) }, { horizon: 366 }).points).toHaveLength(366);
    expect(forecastSeries({ frequency: 'hourly', start: start * 24, y }, { horizon: 840 }).points).toHaveLength(840);
  });

  it('throws a RangeError for a series with no history', () => {
    expect(() => forecastSeries({ frequency: 'daily', start, y: [] }, { horizon: 7 })).toThrow(RangeError);
  });

  it('notes when the bands reach beyond what was back-tested', () => {
    const y = Array.from({ length: 120 }, (_, i) => 100 + 10 * (i % 7));
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 60, windows: 2, holidays: false });
    expect(result.backtest?.horizon).toBe(28);
    expect(result.notes).toContain("bands beyond 28 days extrapolate the back-test's error growth");
  });

  it('refuses methods that cannot be fitted to the history given, saying what they need', () => {
    const y = Array.from({ length: 400 }, (_, t) => 50 + 30 * Math.sin((2 * Math.PI * t) / 24));
    expect(() =>
      forecastSeries({ frequency: 'hourly', start: toDayNumber('2023-03-06') * 24, y }, { horizon: 24, methods: ['ets'] }),
    ).toThrow('none of the methods asked for can be fitted to 400 observed slots (they need: ets 504)');
  });

  it('refuses a number of back-test windows that is not a whole number from 1 to 52', () => {
    const y = Array.from({ length: 120 }, (_, i) => 100 + 10 * (i % 7));
    for (const windows of [0, -1, 1.5, 53])
      expect(() => forecastSeries({ frequency: 'daily', start, y }, { horizon: 7, windows })).toThrow(RangeError);
  });

  it('still chooses a method for a series that repeats exactly every week (MASE is undefined there)', () => {
    const y = Array.from({ length: 120 }, (_, i) => 100 + 10 * (i % 7));
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 7, holidays: false });
    expect(result.backtest?.selected.smape).toBe(Math.min(...result.backtest!.scores.map((s) => s.smape)));
    result.points.forEach((p, h) => expect(p.yhat).toBeCloseTo(y[(120 + h) % 7]!, 0));
  });

  it('keeps the parts of a forecast clamped at zero adding up to zero (a museum closed on Mondays)', () => {
    const museum = simulateVenueVisits('museum', 1500, '西安', 1, '2022-01-01', '2024-12-31');
    const result = forecastSeries(
      { frequency: 'daily', start: museum.start, y: museum.y.slice(0, -28), weather: museum.weather },
      { horizon: 28 },
    );
    const closed = result.points.filter((p) => p.yhat === 0);
    expect(closed.length).toBeGreaterThan(0);
    for (const p of result.points) expect(componentSum(p)).toBeCloseTo(p.yhat, 6);
  });

  it('uses only the methods asked for', () => {
    const rng = createRng(4);
    const y = Array.from({ length: 120 }, (_, i) => Math.round((100 + 10 * (i % 7)) * Math.exp(0.05 * rng.normal())));
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 14, methods: ['ets', 'seasonal_naive'], holidays: false });
    expect(result.backtest?.scores.map((s) => s.method).sort()).toEqual(['combined', 'ets', 'seasonal_naive']);
    expect(result.effects).toBeNull();
  });
});

describe('the decomposition of a noisy series whose last week has a day that nearly stopped', () => {
  // Revenue-like: a weekly pattern around 800 with large day-to-day noise, and a closure three days
  // before the end (3 instead of hundreds), as province revenue has.
  const start = toDayNumber('2025-01-06');
  const WEEKLY = [0.7, 0.75, 0.8, 0.9, 1.1, 1.6, 1.5];
  const rng = createRng(4);
  const y = Array.from({ length: 330 }, (_, i) => Math.round(800 * WEEKLY[isoWeekdayOf(start + i) - 1]! * Math.exp(0.5 * rng.normal())));
  y[y.length - 3] = 3;
  const recent = y.slice(-28);
  const level = sum(recent) / recent.length;
  const cases: [string, readonly Method[]][] = [...METHODS.map((m): [string, Method[]] => [m, [m]]), ['combined', ['seasonal_ar', 'ets']]];

  it.each(cases)('%s: the weekly part of each week sums to about zero, the trend stays near the level', (name, methods) => {
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 14, methods });
    expect(result.method).toBe(name);
    for (let week = 0; week < 2; week++) {
      const weekly = result.points.slice(7 * week, 7 * week + 7).map((p) => p.components.weekly ?? 0);
      // What the weekdays add and take away cancels out over a week, to within a tenth of the swing.
      expect(Math.abs(sum(weekly))).toBeLessThanOrEqual(0.1 * sum(weekly.map(Math.abs)));
    }
    for (const p of result.points) {
      expect(componentSum(p)).toBeCloseTo(p.yhat, 6);
      const trend = p.components.trend!;
      expect(trend).toBeGreaterThanOrEqual(Math.min(...y));
      expect(trend).toBeLessThanOrEqual(Math.max(...y));
      expect(trend / level, p.ds).toBeGreaterThan(0.6);
      expect(trend / level, p.ds).toBeLessThan(1.6);
    }
  });
});

describe('the decomposition through National Day', () => {
  it('keeps the trend level over the days off and the make-up workdays, which have no weekday of their own', () => {
    const venue = simulateVenueVisits('scenic_spot', 3000, '杭州', 41, '2022-01-01', '2024-12-31');
    const end = toDayNumber('2024-09-24') - venue.start + 1;
    const result = forecastSeries(
      { frequency: 'daily', start: venue.start, y: venue.y.slice(0, end), weather: venue.weather },
      { horizon: 28, methods: ['regression'] },
    );
    // 1–7 October off, Sunday 29 September and Saturday 12 October worked.
    const trend = result.points.map((p) => p.components.trend!);
    expect(Math.max(...trend) / Math.min(...trend)).toBeLessThan(1.05);
    for (const p of result.points) expect(componentSum(p)).toBeCloseTo(p.yhat, 6);
  });
});

describe('back-test windows', () => {
  const start = toDayNumber('2025-01-06');
  const rng = createRng(12);
  const full = Array.from({ length: 400 }, (_, i) => rng.poisson(500 * (isoWeekdayOf(start + i) >= 6 ? 1.5 : 1)));

  it('does not score windows with too few observed actuals, and says so', () => {
    // The last 150 days are empty except the very last one.
    const y: (number | null)[] = full.map((v, i) => (i >= 250 && i < 399 ? null : v));
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 28, holidays: false });
    expect(result.backtest).toBeNull();
    expect(result.notes.join('\n')).toMatch(/^no back-test: every window has fewer than 14 observed values among its 28 days/m);
  });

  it('scores only the windows with enough actuals when some have them', () => {
    const y: (number | null)[] = full.map((v, i) => (i >= 372 && i < 399 ? null : v));
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 28, windows: 4, holidays: false });
    expect(result.backtest!.windows).toBe(3);
    expect(result.backtest!.origins.at(-1)).toBe(fromDayNumber(start + 399 - 28 - 28));
    expect(result.notes).toContainEqual(expect.stringMatching(/^1 of 4 back-test windows left out: fewer than 14 observed values/));
  });

  it('says how many of the windows asked for ran, and why a method is missing from the scores', () => {
    // 392 days leave room for 26 windows of 14 after 28 days, but day 0 is missing: the first would train on 27.
    const y: (number | null)[] = [null, ...full.slice(1, 392)];
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 14, windows: 50, backtestHorizon: 14, holidays: false });
    const backtest = result.backtest!;
    // The first window still trains on the 28 observed days the regression needs (day 0 is missing).
    expect(toDayNumber(backtest.origins[0]!) - start).toBeGreaterThanOrEqual(28);
    expect(backtest.scores.map((s) => s.method)).toContain('regression');
    expect(backtest.scores.map((s) => s.method)).not.toContain('seasonal_ar');
    expect(result.notes).toContain(
      `${backtest.windows} of the 50 back-test windows asked for were run: each needs 14 days to score and at least 28 observed days before it, and the history holds 391 observed of 392`,
    );
    expect(result.notes).toContainEqual(
      expect.stringMatching(
        /^seasonal_ar is left out of the back-test: it needs 56 observed days of history, and \d+ of the \d+ windows trains? on fewer$/,
      ),
    );
  });

  it('explains an undefined MASE for a series that never changes', () => {
    const result = forecastSeries({ frequency: 'daily', start, y: Array(120).fill(50) }, { horizon: 7, holidays: false });
    expect(result.backtest!.selected.mase).toBeNaN();
    expect(result.notes).toContainEqual(expect.stringMatching(/^MASE is not defined here: the history never changes week over week/));
  });
});

describe('notes on how far a forecast reaches', () => {
  const rng = createRng(5);
  const daily = (from: string, days: number): { start: number; y: number[] } => {
    const start = toDayNumber(from);
    return { start, y: Array.from({ length: days }, (_, i) => rng.poisson(400 * (isoWeekdayOf(start + i) >= 6 ? 1.4 : 1))) };
  };

  it('says when forecast days fall in a year whose holidays are provisional', () => {
    const { start, y } = daily('2025-12-01', 365);
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 60 });
    expect(result.points.at(-1)!.ds.startsWith('2027')).toBe(true);
    expect(result.notes).toContainEqual(expect.stringMatching(/^the 2027 holidays are provisional/));
    const early = forecastSeries({ frequency: 'daily', start, y }, { horizon: 30 });
    expect(early.points.at(-1)!.ds < '2027').toBe(true);
    expect(early.notes.join('\n')).not.toMatch(/provisional/);
    expect(forecastSeries({ frequency: 'daily', start, y }, { horizon: 60, holidays: false }).notes.join('\n')).not.toMatch(/provisional/);
  });

  it('says when forecast days fall beyond the holiday calendar', () => {
    const { start, y } = daily('2027-01-01', 350);
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 30 });
    expect(result.notes).toContain(
      'the holiday calendar ends with 2027: forecast days from 2028-01-01 on have no holidays or make-up workdays, and are forecast as ordinary days',
    );
  });

  it('redoes those notes when a forecast is cut shorter', () => {
    const { start, y } = daily('2025-12-01', 365);
    const result = forecastSeries({ frequency: 'daily', start, y }, { horizon: 90, windows: 2 });
    expect(result.notes).toContain("bands beyond 28 days extrapolate the back-test's error growth");
    const cut = sliceForecast(result, 5);
    expect(cut.points).toEqual(result.points.slice(0, 5));
    expect(cut.notes.join('\n')).not.toMatch(/bands beyond|provisional/);
    expect(sliceForecast(result, 30).notes).toEqual(result.notes.filter((n) => !n.includes('provisional')));
  });
});
