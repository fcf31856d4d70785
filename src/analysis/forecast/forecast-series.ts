/**
 * Forecasts one series, choosing the method by the evidence and showing that evidence.
 *
 * 1. Back-test: rolling origin. The last `windows` blocks of `backtestHorizon` slots are each
 *    forecast from the history before them by every candidate model (regression, hybrid, ETS,
 *    seasonal naive), and scored by MASE and sMAPE.
 * 2. Select: the candidate with the lowest mean MASE, or the average of the best two when that
 *    scores lower still (a combination often beats both of its parts).
 * 3. Forecast: the selected model(s) refitted on the whole history.
 * 4. Prediction intervals from the back-test's own errors (on the log scale): their spread is
 *    modelled as growing linearly in variance with the horizon, and the 10/90 and 2.5/97.5 quantiles
 *    of the standardised errors set the 80% and 95% bands, so the bands are as wide as this method
 *    has actually been wrong on this series, not as wide as a textbook assumption says.
 * 5. Decomposition: each forecast value split into trend, weekday, hour, season, holiday, weather and
 *    event parts in the series' own units (the parts add up to the forecast).
 *
 * A series with too little history gets an honest fallback (the last week repeated, or the mean)
 * with wide bands, and says so.
 */
import { holidayOn } from '../../domain/calendar/cn-holidays.ts';
import { coverage, mase, meanOfFinite, naiveScale, smape } from './accuracy.ts';
import {
  COMPONENTS,
  WEATHER_FEATURE_NAMES,
  type Component,
  type Covariate,
  type ForecastEvent,
  type WeatherObservation,
} from './design-matrix.ts';
import {
  fitModels,
  METHODS,
  minimumHistory,
  type FittedModel,
  type Method,
  type ModelForecast,
  type SeriesTransform,
  type TrainingData,
} from './forecast-models.ts';
import { slotAt, slotLabel, weekOf, type Frequency } from './time-grid.ts';

/** A series on the grid: y[0] is at grid position `start`, null where missing. */
export interface SeriesInput {
  readonly frequency: Frequency;
  readonly start: number;
  readonly y: readonly (number | null)[];
  readonly weather?: ReadonlyMap<string, WeatherObservation> | undefined;
  readonly events?: readonly ForecastEvent[] | undefined;
  /** Numeric regressors with values from `start` through the horizon. */
  readonly covariates?: readonly Covariate[] | undefined;
}

export interface ForecastOptions {
  readonly horizon: number;
  /** Model Chinese public holidays (default true). */
  readonly holidays?: boolean | undefined;
  /** Back-test windows (default 4). */
  readonly windows?: number | undefined;
  /** Slots each back-test window forecasts (default: the horizon, at most four weeks). */
  readonly backtestHorizon?: number | undefined;
  /** Candidate methods (default all). */
  readonly methods?: readonly Method[] | undefined;
}

export interface ForecastPoint {
  readonly ds: string;
  readonly yhat: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
  /** Parts of yhat by component, in the series' units; they sum to yhat. */
  readonly components: Partial<Record<Component, number>>;
}

export interface MethodScore {
  readonly method: Method | 'combined';
  readonly mase: number;
  readonly smape: number;
}

export interface Backtest {
  readonly horizon: number;
  readonly windows: number;
  readonly step: number;
  /** Last history slot of each window's training data. */
  readonly origins: readonly string[];
  readonly scores: readonly MethodScore[];
  /** The selected method's MASE and sMAPE, and seasonal naive's for reference. */
  readonly selected: MethodScore;
  readonly seasonalNaive: MethodScore | null;
}

export interface EstimatedEffects {
  /** Holiday factor relative to an average day, by holiday (mean over the holiday's days in history). */
  readonly holidays: Readonly<Record<string, number>>;
  /** Weather factor relative to a dry, mild day, by condition, and `heat` for days ≥ 35 °C. */
  readonly weather: Readonly<Record<string, number>>;
  /** Weekday factor relative to an average day, Monday first. */
  readonly weekdays: readonly number[];
}

export interface SeriesForecast {
  readonly frequency: Frequency;
  /** The method used: one candidate, or `combined` (average of `combines`). */
  readonly method: Method | 'combined' | 'mean';
  readonly combines: readonly Method[];
  readonly transform: 'log1p' | 'none';
  readonly history: { readonly from: string; readonly to: string; readonly slots: number; readonly observed: number };
  readonly points: readonly ForecastPoint[];
  readonly backtest: Backtest | null;
  readonly effects: EstimatedEffects | null;
  /** Set when the history was too short for the full method. */
  readonly fallback: string | null;
  readonly notes: readonly string[];
}

const Z_80 = 1.2815515655446004;
const Z_95 = 1.959963984540054;

/** Largest horizon, in slots: a year of days or five weeks of hours. */
export function maxHorizon(frequency: Frequency): number {
  return frequency === 'daily' ? 366 : 35 * 24;
}

type Transform = SeriesTransform;
const LOG1P: Transform = { name: 'log1p', to: (y) => Math.log1p(y), from: (z) => Math.expm1(z) };
/**
 * No log for series that go negative; they are divided by their mean absolute value instead, so the
 * priors (written for log units, i.e. relative changes) mean the same on any scale.
 */
function scaled(y: Float64Array): Transform {
  let sum = 0;
  let n = 0;
  for (const v of y) {
    if (Number.isNaN(v)) continue;
    sum += Math.abs(v);
    n++;
  }
  const scale = n > 0 && sum > 0 ? sum / n : 1;
  return { name: 'none', to: (v) => v / scale, from: (z) => z * scale };
}

/** Empirical quantile, linear interpolation between order statistics. */
function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (at - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** Back-test errors (log scale) by horizon step, summarised into a spread model and quantiles. */
interface ErrorModel {
  /** Variance at horizon h: a + b h. */
  readonly a: number;
  readonly b: number;
  readonly q: { readonly lo95: number; readonly lo80: number; readonly hi80: number; readonly hi95: number };
}

function buildErrorModel(errors: readonly { h: number; e: number }[], fallbackSigma: number, week: number): ErrorModel {
  if (errors.length < 8) {
    // Without evidence: the variance doubles over a week.
    const v = fallbackSigma * fallbackSigma;
    return { a: v, b: v / week, q: { lo95: -Z_95, lo80: -Z_80, hi80: Z_80, hi95: Z_95 } };
  }
  // Least squares of e² on h, kept non-negative.
  let sh = 0;
  let se = 0;
  let shh = 0;
  let she = 0;
  for (const { h, e } of errors) {
    sh += h;
    se += e * e;
    shh += h * h;
    she += h * e * e;
  }
  const n = errors.length;
  const denominator = n * shh - sh * sh;
  let b = denominator > 0 ? (n * she - sh * se) / denominator : 0;
  let a = (se - b * sh) / n;
  if (b < 0) {
    b = 0;
    a = se / n;
  }
  if (a <= 0) {
    a = Math.max(1e-8, (se / n) * 0.1);
    b = Math.max(0, (se / n - a) / (sh / n));
  }
  const standardised = Float64Array.from(errors, ({ h, e }) => e / Math.sqrt(a + b * h)).sort();
  const normal = { lo95: -Z_95, lo80: -Z_80, hi80: Z_80, hi95: Z_95 };
  // The tails of a few dozen errors are noisy: 95% quantiles need at least 100, and never fall inside
  // the normal quantiles of the same spread.
  const empirical80 = { lo80: quantile(standardised, 0.1), hi80: quantile(standardised, 0.9) };
  const q =
    standardised.length >= 100
      ? {
          lo95: Math.min(quantile(standardised, 0.025), empirical80.lo80 * (Z_95 / Z_80)),
          hi95: Math.max(quantile(standardised, 0.975), empirical80.hi80 * (Z_95 / Z_80)),
          ...empirical80,
        }
      : standardised.length >= 30
        ? { ...empirical80, lo95: empirical80.lo80 * (Z_95 / Z_80), hi95: empirical80.hi80 * (Z_95 / Z_80) }
        : normal;
  // The point forecast always lies inside its bands, even when the back-test errors lean one way.
  return { a, b, q: { lo95: Math.min(q.lo95, 0), lo80: Math.min(q.lo80, 0), hi80: Math.max(q.hi80, 0), hi95: Math.max(q.hi95, 0) } };
}

/** Turns a model forecast on the transformed scale into values and components in y units. */
function toSeriesUnits(
  forecast: ModelForecast,
  transform: Transform,
): { y: Float64Array; components: Partial<Record<Component, Float64Array>> } {
  const horizon = forecast.z.length;
  const y = Float64Array.from(forecast.z, (z) => transform.from(z));
  const components: Partial<Record<Component, Float64Array>> = {};
  const present = COMPONENTS.filter((c) => forecast.components[c] !== undefined);
  for (const c of present) components[c] = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    if (transform.name === 'none') {
      for (const c of present) (components[c] as Float64Array)[h] = forecast.components[c]![h] as number;
      continue;
    }
    // Multiplicative model: trend alone gives the base; the other factors share what they add in
    // proportion to their log contributions (the limit as that sum goes to zero is base × log part).
    const trendZ = forecast.components.trend?.[h] ?? 0;
    const base = Math.exp(trendZ);
    if (components.trend) components.trend[h] = base - 1;
    const others = present.filter((c) => c !== 'trend');
    const sum = others.reduce((s, c) => s + (forecast.components[c]![h] as number), 0);
    const added = (y[h] as number) - (base - 1);
    for (const c of others) {
      const part = forecast.components[c]![h] as number;
      (components[c] as Float64Array)[h] = Math.abs(sum) > 1e-9 ? (added * part) / sum : base * part;
    }
  }
  return { y, components };
}

function trainingData(series: SeriesInput, z: Float64Array, length: number, holidays: boolean, transform: Transform): TrainingData {
  return {
    frequency: series.frequency,
    transform,
    start: series.start,
    z: z.subarray(0, length),
    holidays,
    weather: series.weather,
    events: series.events,
    covariates: series.covariates,
  };
}

function observedCount(z: Float64Array): number {
  let n = 0;
  for (const v of z) if (!Number.isNaN(v)) n++;
  return n;
}

/** Fallback for short histories: the last week repeated (or the mean), with wide normal bands. */
function forecastShortHistory(
  series: SeriesInput,
  y: Float64Array,
  horizon: number,
  observed: number,
): Omit<SeriesForecast, 'history' | 'transform' | 'notes'> {
  const week = weekOf(series.frequency);
  const values = Array.from(y).filter((v) => !Number.isNaN(v));
  const mean = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  const sd =
    values.length > 1
      ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1))
      : Math.max(1, Math.abs(mean) * 0.5);
  const repeatWeek = observed >= week;
  const last = series.start + y.length - 1;
  const nonNegative = values.every((v) => v >= 0);
  const clamp = (v: number): number => (nonNegative ? Math.max(0, v) : v);
  const points: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h++) {
    let yhat = mean;
    if (repeatWeek) {
      for (let back = y.length + h - 1 - week * Math.ceil(h / week); back >= 0; back -= week) {
        if (!Number.isNaN(y[back] as number)) {
          yhat = y[back] as number;
          break;
        }
      }
    }
    const spread = sd * Math.sqrt(1 + h / week);
    points.push({
      ds: slotLabel(last + h, series.frequency),
      yhat,
      lower80: clamp(yhat - Z_80 * spread),
      upper80: yhat + Z_80 * spread,
      lower95: clamp(yhat - Z_95 * spread),
      upper95: yhat + Z_95 * spread,
      components: { trend: yhat },
    });
  }
  return {
    frequency: series.frequency,
    method: repeatWeek ? 'seasonal_naive' : 'mean',
    combines: [],
    points,
    backtest: null,
    effects: null,
    fallback: `only ${observed} observed ${series.frequency === 'daily' ? 'days' : 'hours'} of history (the full model needs ${minimumHistory('regression', series.frequency)}): ${
      repeatWeek ? 'the last week is repeated' : 'the mean is carried forward'
    }, with wide bands; accuracy cannot be back-tested yet`,
  };
}

/** Holiday, weather and weekday factors the regression estimated from the history. */
function estimateEffects(model: FittedModel, series: SeriesInput): EstimatedEffects | null {
  if (!model.inSampleComponents || !model.coefficients) return null;
  const { steps, components } = model.inSampleComponents();
  const holidayPart = components.holiday;
  const weatherPart = components.weather;
  const byHoliday = new Map<string, number[]>();
  const byWeather = new Map<string, number[]>();
  for (let i = 0; i < steps.length; i++) {
    const slot = slotAt(steps[i] as number, series.frequency);
    if (holidayPart) {
      const holiday = holidayOn(slot.date);
      if (holiday) {
        const list = byHoliday.get(holiday.holiday) ?? [];
        list.push(holidayPart[i] as number);
        byHoliday.set(holiday.holiday, list);
      }
    }
    if (weatherPart) {
      const observation = series.weather?.get(slot.date);
      if (observation) {
        const hot = observation.tempMax != null && observation.tempMax >= 35;
        const condition = observation.condition ?? 'unknown';
        const wet = WEATHER_FEATURE_NAMES.includes(`weather:${condition}`);
        // Heat is measured on dry hot days only, so rain on a hot day does not count twice.
        const key = hot ? (wet ? undefined : 'heat') : wet ? condition : 'dry';
        if (key === undefined) continue;
        const list = byWeather.get(key) ?? [];
        list.push(weatherPart[i] as number);
        byWeather.set(key, list);
      }
    }
  }
  const meanOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  // Weekday factors are scaled to a mean of 1 (an average day), and holidays relative to that day.
  const codes = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => model.coefficients!.get(`weekly:${d}`) ?? 0);
  const rawWeekdays = [...codes, -codes.reduce((a, b) => a + b, 0)].map(Math.exp);
  const averageDay = meanOf(rawWeekdays);
  const weekdays = rawWeekdays.map((f) => f / averageDay);
  const holidays = Object.fromEntries([...byHoliday].map(([name, values]) => [name, Math.exp(meanOf(values)) / averageDay]));
  const dry = byWeather.get('dry');
  const dryMean = dry && dry.length > 0 ? meanOf(dry) : 0;
  const weather = Object.fromEntries(
    [...byWeather].filter(([key]) => key !== 'dry').map(([key, values]) => [key, Math.exp(meanOf(values) - dryMean)]),
  );
  return { holidays, weather, weekdays };
}

/** Forecasts a series `options.horizon` slots ahead. Throws RangeError for an impossible request. */
export function forecastSeries(series: SeriesInput, options: ForecastOptions): SeriesForecast {
  const { frequency } = series;
  const horizon = options.horizon;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > maxHorizon(frequency)) {
    throw new RangeError(`horizon must be a whole number from 1 to ${maxHorizon(frequency)} for ${frequency} data`);
  }
  if (series.y.length === 0) throw new RangeError('the series has no history');
  if (options.windows !== undefined && (!Number.isInteger(options.windows) || options.windows < 1 || options.windows > 52)) {
    throw new RangeError(`windows must be a whole number from 1 to 52, got ${options.windows}`);
  }
  const holidays = options.holidays ?? true;
  const y = Float64Array.from(series.y, (v) => (v == null || !Number.isFinite(v) ? NaN : v));
  const nonNegative = y.every((v) => Number.isNaN(v) || v >= 0);
  const transform = nonNegative ? LOG1P : scaled(y);
  const z = y.map((v) => (Number.isNaN(v) ? NaN : transform.to(v)));
  const n = y.length;
  const observed = observedCount(z);
  const history = {
    from: slotLabel(series.start, frequency),
    to: slotLabel(series.start + n - 1, frequency),
    slots: n,
    observed,
  };
  const notes: string[] = [];
  if (observed < minimumHistory('regression', frequency)) {
    return { ...forecastShortHistory(series, y, horizon, observed), history, transform: transform.name, notes };
  }

  const week = weekOf(frequency);
  const candidates = (options.methods ?? METHODS).filter((m) => observed >= minimumHistory(m, frequency));
  if (candidates.length === 0) {
    const needs = (options.methods ?? METHODS).map((m) => `${m} ${minimumHistory(m, frequency)}`).join(', ');
    throw new RangeError(`none of the methods asked for can be fitted to ${observed} observed slots (they need: ${needs})`);
  }
  const minTrain = minimumHistory('regression', frequency);
  let backtestHorizon = Math.min(options.backtestHorizon ?? Math.min(horizon, 4 * week), n - minTrain);
  let windows = 0;
  const step = Math.max(1, backtestHorizon);
  if (backtestHorizon >= Math.min(week, horizon)) {
    windows = Math.max(1, Math.min(options.windows ?? 4, 1 + Math.floor((n - minTrain - backtestHorizon) / step)));
  } else {
    backtestHorizon = 0;
    notes.push('too little history to back-test: the regression is used and its bands are the textbook ones');
  }

  // 1. Back-test every candidate.
  const perMethod = new Map<Method, { mase: number[]; smape: number[]; forecasts: Float64Array[] }>();
  const actuals: Float64Array[] = [];
  const scales: number[] = [];
  const origins: string[] = [];
  for (let w = 0; w < windows; w++) {
    const end = n - backtestHorizon - (windows - 1 - w) * step;
    const data = trainingData(series, z, end, holidays, transform);
    const trainObserved = observedCount(data.z);
    const fitted = fitModels(
      candidates.filter((m) => trainObserved >= minimumHistory(m, frequency)),
      data,
    );
    const actual = y.subarray(end, end + backtestHorizon);
    const scale = naiveScale(y.subarray(0, end), week);
    actuals.push(actual);
    scales.push(scale);
    origins.push(slotLabel(series.start + end - 1, frequency));
    for (const [method, model] of fitted) {
      const forecast = Float64Array.from(model.forecast(backtestHorizon).z, (v) => transform.from(v));
      const entry = perMethod.get(method) ?? { mase: [], smape: [], forecasts: [] };
      entry.mase.push(mase(actual, forecast, scale));
      entry.smape.push(smape(actual, forecast));
      entry.forecasts[w] = forecast;
      perMethod.set(method, entry);
    }
  }

  // 2. Select by mean MASE over the windows every candidate completed.
  const complete = [...perMethod].filter(([, e]) => e.forecasts.filter(Boolean).length === windows && windows > 0);
  const scores: MethodScore[] = complete.map(([method, e]) => ({ method, mase: meanOfFinite(e.mase), smape: meanOfFinite(e.smape) }));
  // MASE decides; a series that never changes week over week has none (its scale is 0), so sMAPE does.
  const rank = (score: MethodScore): number => (Number.isFinite(score.mase) ? score.mase : Infinity);
  const better = (a: MethodScore, b: MethodScore): number => rank(a) - rank(b) || (a.smape || 0) - (b.smape || 0);
  scores.sort((a, b) => better(a, b) || 0);
  let chosen: Method[] =
    scores.length > 0 ? [scores[0]!.method as Method] : [candidates.includes('regression') ? 'regression' : candidates[0]!];
  let selectedScore = scores[0];
  let selectedForecasts: Float64Array[] = scores.length > 0 ? perMethod.get(chosen[0]!)!.forecasts : [];
  if (scores.length >= 2) {
    const [first, second] = [scores[0]!.method as Method, scores[1]!.method as Method];
    const combinedForecasts = actuals.map((_, w) => {
      const a = perMethod.get(first)!.forecasts[w]!;
      const b = perMethod.get(second)!.forecasts[w]!;
      return a.map((v, i) => (v + (b[i] as number)) / 2);
    });
    const combined: MethodScore = {
      method: 'combined',
      mase: meanOfFinite(combinedForecasts.map((f, w) => mase(actuals[w]!, f, scales[w]!))),
      smape: meanOfFinite(combinedForecasts.map((f, w) => smape(actuals[w]!, f))),
    };
    scores.push(combined);
    if (better(combined, scores[0]!) < 0) {
      chosen = [first, second];
      selectedScore = combined;
      selectedForecasts = combinedForecasts;
    }
  }

  // 3. Refit on everything and forecast.
  const full = trainingData(series, z, n, holidays, transform);
  const effectsModelWanted = holidays || (series.weather?.size ?? 0) > 0;
  const needed = new Set<Method>(chosen);
  if (effectsModelWanted && candidates.includes('regression')) needed.add('regression');
  const finalModels = fitModels([...needed], full);
  const parts = chosen.map((m) => toSeriesUnits(finalModels.get(m)!.forecast(horizon), transform));
  const yhat = new Float64Array(horizon);
  const components: Partial<Record<Component, Float64Array>> = {};
  for (const part of parts) {
    for (let h = 0; h < horizon; h++) yhat[h] = (yhat[h] as number) + (part.y[h] as number) / parts.length;
    for (const c of COMPONENTS) {
      const values = part.components[c];
      if (!values) continue;
      const target = (components[c] ??= new Float64Array(horizon));
      for (let h = 0; h < horizon; h++) target[h] = (target[h] as number) + (values[h] as number) / parts.length;
    }
  }

  // 4. Bands from the back-test errors of what was selected.
  const errors: { h: number; e: number }[] = [];
  selectedForecasts.forEach((forecast, w) => {
    const actual = actuals[w]!;
    for (let i = 0; i < forecast.length; i++) {
      const a = actual[i] as number;
      if (Number.isNaN(a)) continue;
      errors.push({ h: i + 1, e: transform.to(a) - transform.to(Math.max(nonNegative ? 0 : -Infinity, forecast[i] as number)) });
    }
  });
  const errorModel = buildErrorModel(errors, 0.15, week);
  const last = series.start + n - 1;
  const points: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h++) {
    const centre = transform.to(Math.max(nonNegative ? 0 : -Infinity, yhat[h - 1] as number));
    const sd = Math.sqrt(errorModel.a + errorModel.b * h);
    const at = (q: number): number => (nonNegative ? Math.max(0, transform.from(centre + q * sd)) : transform.from(centre + q * sd));
    const pointComponents: Partial<Record<Component, number>> = {};
    for (const c of COMPONENTS) if (components[c]) pointComponents[c] = components[c][h - 1] as number;
    const raw = yhat[h - 1] as number;
    const value = nonNegative ? Math.max(0, raw) : raw;
    // A forecast clamped at zero keeps its parts adding up: the trend absorbs the difference.
    if (value !== raw && pointComponents.trend !== undefined) pointComponents.trend += value - raw;
    points.push({
      ds: slotLabel(last + h, frequency),
      yhat: value,
      lower80: at(errorModel.q.lo80),
      upper80: at(errorModel.q.hi80),
      lower95: at(errorModel.q.lo95),
      upper95: at(errorModel.q.hi95),
      components: pointComponents,
    });
  }
  if (backtestHorizon > 0 && horizon > backtestHorizon) {
    notes.push(`bands beyond ${backtestHorizon} ${frequency === 'daily' ? 'days' : 'hours'} extrapolate the back-test's error growth`);
  }
  const effectsModel = finalModels.get('regression') ?? finalModels.get('hybrid');
  const naive = scores.find((s) => s.method === 'seasonal_naive') ?? null;
  return {
    frequency,
    method: chosen.length > 1 ? 'combined' : chosen[0]!,
    combines: chosen.length > 1 ? chosen : [],
    transform: transform.name,
    history,
    points,
    backtest:
      windows > 0 && selectedScore
        ? { horizon: backtestHorizon, windows, step, origins, scores, selected: selectedScore, seasonalNaive: naive }
        : null,
    effects: effectsModel ? estimateEffects(effectsModel, series) : null,
    fallback: null,
    notes,
  };
}

/** Coverage of the bands against actuals that came later: how calibrated a past forecast was. */
export function bandCoverage(points: readonly ForecastPoint[], actual: readonly number[]): { coverage80: number; coverage95: number } {
  const a = Float64Array.from(actual);
  return {
    coverage80: coverage(
      a,
      points.map((p) => p.lower80),
      points.map((p) => p.upper80),
    ),
    coverage95: coverage(
      a,
      points.map((p) => p.lower95),
      points.map((p) => p.upper95),
    ),
  };
}
