/**
 * Forecasts one series, choosing the method by the evidence and showing that evidence.
 *
 * 1. Back-test: rolling origin. The last `windows` blocks of `backtestHorizon` slots are each
 *    forecast from the history before them by every candidate model (regression, hybrid, additive,
 *    ETS, seasonal AR, seasonal naive), and scored by MASE and sMAPE.
 * 2. Select: the candidate with the lowest mean MASE, or its average with the best candidate of
 *    another family when that scores lower still (a combination often beats both of its parts, when
 *    their errors differ: the three regressions share their columns, and averaging two of them
 *    mostly averages the back-test's noise).
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
import { dayType, HOLIDAY_CALENDAR_COVERAGE, holidayOn } from '../../domain/calendar/cn-holidays.ts';
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
  familyOf,
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

/**
 * Makes the weekly part (and, for hours, the hour-of-day part) average zero over each cycle around
 * a slot, moving that average into the trend, so the trend is the level of an ordinary day and the
 * weekly part what the weekday adds to it. On the log scale a model's weekday factors multiply, and
 * their parts in series units do not average zero by themselves (factors 0.84 and 1.57 average 1.05).
 * A holiday or a make-up workday has no weekday of its own (the regression gives it a holiday's or
 * a workday's), so the average takes such a slot's value from the nearest ordinary day in the same
 * place of the cycle: otherwise the trend would dip and jump around every holiday. The parts still add up to the forecast.
 */
function centreCycles(components: Partial<Record<Component, Float64Array>>, frequency: Frequency, ordinary: readonly boolean[]): void {
  const trend = components.trend;
  if (!trend) return;
  const cycles: [Component, number][] = [['weekly', weekOf(frequency)]];
  if (frequency === 'hourly') cycles.push(['daily', 24]);
  for (const [component, length] of cycles) {
    const values = components[component];
    if (!values || values.length < length) continue;
    const typical = Float64Array.from(values, (v, h) => {
      if (ordinary[h] !== false) return v;
      for (let k = length; k < values.length; k += length) {
        if (ordinary[h - k] === true) return values[h - k] as number;
        if (ordinary[h + k] === true) return values[h + k] as number;
      }
      return v;
    });
    const centred = new Float64Array(values.length);
    for (let h = 0; h < values.length; h++) {
      const from = Math.min(Math.max(0, h - Math.floor(length / 2)), values.length - length);
      let sum = 0;
      for (let i = from; i < from + length; i++) sum += typical[i] as number;
      const mean = sum / length;
      centred[h] = (values[h] as number) - mean;
      trend[h] = (trend[h] as number) + mean;
    }
    components[component] = centred;
  }
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
    const fallback = forecastShortHistory(series, y, horizon, observed);
    return { ...fallback, history, transform: transform.name, notes: horizonNotes(fallback, holidays) };
  }

  const week = weekOf(frequency);
  const candidates = (options.methods ?? METHODS).filter((m) => observed >= minimumHistory(m, frequency));
  if (candidates.length === 0) {
    const needs = (options.methods ?? METHODS).map((m) => `${m} ${minimumHistory(m, frequency)}`).join(', ');
    throw new RangeError(`none of the methods asked for can be fitted to ${observed} observed slots (they need: ${needs})`);
  }
  const minTrain = minimumHistory('regression', frequency);
  const unit = frequency === 'daily' ? 'days' : 'hours';
  let backtestHorizon = Math.min(options.backtestHorizon ?? Math.min(horizon, 4 * week), n - minTrain);
  let windows = 0;
  const step = Math.max(1, backtestHorizon);
  const asked = options.windows ?? 4;
  if (backtestHorizon >= Math.min(week, horizon)) {
    // As many windows as asked for, while the first still trains on the history the model needs.
    const endOf = (w: number, count: number): number => n - backtestHorizon - (count - 1 - w) * step;
    windows = Math.max(1, Math.min(asked, 1 + Math.floor((n - minTrain - backtestHorizon) / step)));
    while (windows > 1 && observedCount(z.subarray(0, endOf(0, windows))) < minTrain) windows--;
    if (windows < asked) {
      notes.push(
        `${windows} of the ${asked} back-test windows asked for were run: each needs ${backtestHorizon} ${unit} to score and at least ${minTrain} observed ${unit} before it, and the history holds ${observed} observed of ${n}`,
      );
    }
  } else {
    backtestHorizon = 0;
    notes.push('too little history to back-test: the regression is used and its bands are the textbook ones');
  }

  // 1. Back-test every candidate, on the windows with enough actuals to score: a window scored on
  //    one or two observed values says nothing about accuracy.
  const minActuals = Math.ceil(backtestHorizon / 2);
  const ends: number[] = [];
  const thin: string[] = [];
  for (let w = 0; w < windows; w++) {
    const end = n - backtestHorizon - (windows - 1 - w) * step;
    const actualCount = observedCount(z.subarray(end, end + backtestHorizon));
    if (actualCount >= minActuals) ends.push(end);
    else thin.push(`${slotLabel(series.start + end, frequency)}: ${actualCount}`);
  }
  if (thin.length > 0) {
    const which = `window${thin.length > 1 ? 's' : ''} starting ${thin.join(', ')} observed`;
    notes.push(
      ends.length === 0
        ? `no back-test: every window has fewer than ${minActuals} observed values among its ${backtestHorizon} ${unit} (${which}), too few to measure accuracy; the regression is used and its bands are the textbook ones`
        : `${thin.length} of ${windows} back-test windows left out: fewer than ${minActuals} observed values among their ${backtestHorizon} ${unit} (${which}); the scores rest on the other ${ends.length}`,
    );
  }
  windows = ends.length;
  const perMethod = new Map<Method, { mase: number[]; smape: number[]; forecasts: Float64Array[] }>();
  const actuals: Float64Array[] = [];
  const scales: number[] = [];
  const origins: string[] = [];
  const trainedOn: number[] = [];
  ends.forEach((end, w) => {
    const data = trainingData(series, z, end, holidays, transform);
    const trainObserved = observedCount(data.z);
    trainedOn.push(trainObserved);
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
  });
  // Say why a method asked for is missing from the scores.
  for (const method of options.methods ?? METHODS) {
    const needs = minimumHistory(method, frequency);
    const scored = perMethod.get(method)?.forecasts.filter(Boolean).length ?? 0;
    if (windows === 0 || scored === windows) continue;
    if (!candidates.includes(method)) {
      notes.push(`${method} is not a candidate: it needs ${needs} observed ${unit} of history and there are ${observed}`);
    } else {
      const short = trainedOn.filter((count) => count < needs).length;
      notes.push(
        short > 0
          ? `${method} is left out of the back-test: it needs ${needs} observed ${unit} of history, and ${short} of the ${windows} windows ${short === 1 ? 'trains' : 'train'} on fewer`
          : `${method} is left out of the back-test: it found no fit in ${windows - scored} of the ${windows} windows (too few complete weeks between gaps, or a history that repeats exactly)`,
      );
    }
  }

  // 2. Select by mean MASE over the windows every candidate completed.
  const complete = [...perMethod].filter(([, e]) => windows > 0 && e.forecasts.filter(Boolean).length === windows);
  const scores: MethodScore[] = complete.map(([method, e]) => ({ method, mase: meanOfFinite(e.mase), smape: meanOfFinite(e.smape) }));
  // MASE decides; a series that never changes week over week has none (its scale is 0), so sMAPE does.
  const rank = (score: MethodScore): number => (Number.isFinite(score.mase) ? score.mase : Infinity);
  const better = (a: MethodScore, b: MethodScore): number => rank(a) - rank(b) || (a.smape || 0) - (b.smape || 0);
  scores.sort((a, b) => better(a, b) || 0);
  let chosen: Method[] =
    scores.length > 0 ? [scores[0]!.method as Method] : [candidates.includes('regression') ? 'regression' : candidates[0]!];
  let selectedScore = scores[0];
  let selectedForecasts: Float64Array[] = scores.length > 0 ? perMethod.get(chosen[0]!)!.forecasts : [];
  const partner = scores.slice(1).find((score) => familyOf(score.method as Method) !== familyOf(scores[0]!.method as Method));
  if (partner) {
    const [first, second] = [scores[0]!.method as Method, partner.method as Method];
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
  // A week more than asked, so that every forecast slot has a whole week around it to centre on.
  const span = horizon + week;
  const parts = chosen.map((m) => toSeriesUnits(finalModels.get(m)!.forecast(span), transform));
  const yhat = new Float64Array(span);
  const components: Partial<Record<Component, Float64Array>> = {};
  for (const part of parts) {
    for (let h = 0; h < span; h++) yhat[h] = (yhat[h] as number) + (part.y[h] as number) / parts.length;
    for (const c of COMPONENTS) {
      const values = part.components[c];
      if (!values) continue;
      const target = (components[c] ??= new Float64Array(span));
      for (let h = 0; h < span; h++) target[h] = (target[h] as number) + (values[h] as number) / parts.length;
    }
  }
  const last = series.start + n - 1;
  // Days off and make-up workdays (which behave like workdays) have no weekday of their own.
  const ordinary = Array.from({ length: span }, (_, h) => {
    const type = holidays ? dayType(slotAt(last + 1 + h, frequency).date) : 'workday';
    return type === 'workday' || type === 'weekend';
  });
  centreCycles(components, frequency, ordinary);

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
  const effectsModel = finalModels.get('regression') ?? finalModels.get('hybrid');
  const naive = scores.find((s) => s.method === 'seasonal_naive') ?? null;
  if (selectedScore && !Number.isFinite(selectedScore.mase)) {
    notes.push(
      "MASE is not defined here: the history never changes week over week, so seasonal naive's in-sample error, its scale, is 0; sMAPE ranks the methods",
    );
  }
  const backtest: Backtest | null =
    windows > 0 && selectedScore
      ? { horizon: backtestHorizon, windows, step, origins, scores, selected: selectedScore, seasonalNaive: naive }
      : null;
  return {
    frequency,
    method: chosen.length > 1 ? 'combined' : chosen[0]!,
    combines: chosen.length > 1 ? chosen : [],
    transform: transform.name,
    history,
    points,
    backtest,
    effects: effectsModel ? estimateEffects(effectsModel, series) : null,
    fallback: null,
    notes: [...notes, ...horizonNotes({ frequency, points, backtest }, holidays)],
  };
}

/**
 * Notes that depend on how far the forecast reaches: bands beyond the back-tested horizon, and
 * forecast days whose holidays are provisional or beyond the holiday calendar.
 */
export function horizonNotes(forecast: Pick<SeriesForecast, 'frequency' | 'points' | 'backtest'>, holidays: boolean): string[] {
  const notes: string[] = [];
  const unit = forecast.frequency === 'daily' ? 'days' : 'hours';
  const { backtest, points } = forecast;
  if (backtest && backtest.horizon > 0 && points.length > backtest.horizon) {
    notes.push(`bands beyond ${backtest.horizon} ${unit} extrapolate the back-test's error growth`);
  }
  if (!holidays || points.length === 0) return notes;
  const { lastYear, provisionalYears } = HOLIDAY_CALENDAR_COVERAGE;
  const years = [...new Set(points.map((p) => Number(p.ds.slice(0, 4))))];
  const provisional = years.filter((year) => provisionalYears.includes(year));
  if (provisional.length > 0) {
    notes.push(
      `the ${provisional.join(' and ')} holidays are provisional: the statutory days off only, the State Council's notice is not out yet, so holidays, bridge days and make-up workdays on those forecast days may change`,
    );
  }
  const beyond = points.find((p) => Number(p.ds.slice(0, 4)) > lastYear);
  if (beyond) {
    notes.push(
      `the holiday calendar ends with ${lastYear}: forecast days from ${beyond.ds.slice(0, 10)} on have no holidays or make-up workdays, and are forecast as ordinary days`,
    );
  }
  return notes;
}

/** The forecast cut to its first `horizon` points, with the notes that depend on the horizon redone. */
export function sliceForecast(forecast: SeriesForecast, horizon: number, holidays = true): SeriesForecast {
  const stale = new Set(horizonNotes(forecast, holidays));
  const points = forecast.points.slice(0, horizon);
  return {
    ...forecast,
    points,
    notes: [...forecast.notes.filter((note) => !stale.has(note)), ...horizonNotes({ ...forecast, points }, holidays)],
  };
}

/** A covariate without a value on some forecast slots, and the value the model assumes there. */
export interface CovariateGap {
  readonly name: string;
  /** The covariate's mean over the observed history: what the regression uses for a missing value. */
  readonly assumed: number;
  /** Grid positions of the forecast slots without a value, in order. */
  readonly steps: readonly number[];
}

/**
 * The covariates that have no value (an empty cell, or no row at all) on some of the `horizon` slots
 * after the history. The regression reads a missing value as the covariate's historical mean, i.e.
 * as no effect either way; callers say so, since a blank promotion day is then forecast as a tenth of
 * a promotion rather than as one.
 */
export function futureCovariateGaps(series: SeriesInput, horizon: number): CovariateGap[] {
  const n = series.y.length;
  const gaps: CovariateGap[] = [];
  for (const covariate of series.covariates ?? []) {
    const known = (v: number | null | undefined): v is number => v != null && Number.isFinite(v);
    const steps: number[] = [];
    for (let i = n; i < n + horizon; i++) if (!known(covariate.values[i])) steps.push(series.start + i);
    if (steps.length === 0) continue;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const y = series.y[i];
      const v = covariate.values[i];
      if (y == null || !Number.isFinite(y) || !known(v)) continue;
      sum += v;
      count++;
    }
    gaps.push({ name: covariate.name, assumed: count > 0 ? sum / count : 0, steps });
  }
  return gaps;
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
