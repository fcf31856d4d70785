/**
 * The candidate models, each fitted to the transformed series (log(y + 1) for series that are never
 * negative) and each able to forecast any future slots with its forecast split by component:
 *
 * - `regression`: the decomposable calendar regression (see design-matrix.ts);
 * - `hybrid`: the regression plus a damped local level on its residuals, for series whose level
 *   wanders more than a smooth trend allows (the last weeks' surprise carries on, fading);
 * - `additive`: the same columns fitted to the series itself, where the parts add instead of
 *   multiply, by plain penalised least squares: Prophet's model. It wins where the seasons keep
 *   their size while the level moves (series already in logs, such as the Wikipedia page views);
 * - `ets`: damped-trend Holt-Winters, weekly season (see holt-winters.ts);
 * - `seasonal_ar`: seasonal ARIMA without moving-average terms, ARIMA(p,0,0)(P,1,0) with a weekly
 *   season (see seasonal-ar.ts), which follows a sudden change of level fastest;
 * - `seasonal_naive`: the same slot one week earlier, the benchmark every forecast must beat.
 */
import { meanOfFinite } from './accuracy.ts';
import {
  buildDesign,
  planDesign,
  type Component,
  type Covariate,
  type Design,
  type ForecastEvent,
  type WeatherObservation,
} from './design-matrix.ts';
import { fitRidge, gramOf, predictDesign } from './fit-ridge.ts';
import { fitHoltWinters, forecastHoltWinters } from './holt-winters.ts';
import { fitSeasonalAr, forecastSeasonalAr } from './seasonal-ar.ts';
import { weekOf, type Frequency } from './time-grid.ts';

export const METHODS = ['regression', 'hybrid', 'additive', 'ets', 'seasonal_ar', 'seasonal_naive'] as const;
export type Method = (typeof METHODS)[number];

/** How the series was transformed before fitting (forecast-series.ts chooses): z = to(y). */
export interface SeriesTransform {
  readonly name: 'log1p' | 'none';
  to(y: number): number;
  from(z: number): number;
}

/** What every model is fitted to: the transformed history on the grid, NaN where missing. */
export interface TrainingData {
  readonly frequency: Frequency;
  /** The transform z is on (default none); a model may prefer to work on the original scale. */
  readonly transform?: SeriesTransform | undefined;
  /** Grid position of z[0]. */
  readonly start: number;
  readonly z: Float64Array;
  readonly holidays: boolean;
  readonly weather?: ReadonlyMap<string, WeatherObservation> | undefined;
  readonly events?: readonly ForecastEvent[] | undefined;
  /** Values from `start` through the end of the horizon. */
  readonly covariates?: readonly Covariate[] | undefined;
}

/** A forecast on the transformed scale, with each component's additive part (they sum to z). */
export interface ModelForecast {
  readonly z: Float64Array;
  readonly components: Partial<Record<Component, Float64Array>>;
}

export interface FittedModel {
  readonly method: Method;
  /** Forecast for the `horizon` slots after the training data. */
  forecast(horizon: number): ModelForecast;
  /** The scale a model chose to work on, where it chooses (ETS). */
  readonly scale?: 'log' | 'original' | undefined;
  /** Estimated coefficients by column name (regression-based models only). */
  readonly coefficients?: ReadonlyMap<string, number> | undefined;
  /** In-sample fitted values per component, for regression-based models (training rows only). */
  inSampleComponents?(): { steps: readonly number[]; components: Partial<Record<Component, Float64Array>> };
}

/** The regression-based candidates share one design (their errors move together); the others stand alone. */
export function familyOf(method: Method): 'regression' | Method {
  return method === 'hybrid' || method === 'additive' ? 'regression' : method;
}

/** Least history (slots) each model needs. */
export function minimumHistory(method: Method, frequency: Frequency): number {
  const week = weekOf(frequency);
  switch (method) {
    case 'seasonal_naive':
      return week;
    case 'ets':
      return 3 * week;
    case 'seasonal_ar':
      return 8 * week;
    default:
      return frequency === 'daily' ? 28 : 14 * 24;
  }
}

const componentsOf = (columns: readonly { component: Component }[]): Component[] => [...new Set(columns.map((c) => c.component))];

type RegressionMethod = 'regression' | 'hybrid' | 'additive';

/**
 * Yearly Fourier order of the additive regression: Prophet's. Finer yearly detail than the usual
 * order 8 pays on the original scale (Peyton Manning: MASE 0.966 at order 8, 0.946 at 10) but not in
 * the log-scale regression (the R page views: 1.400 against 1.427).
 */
const ADDITIVE_YEARLY_ORDER = 10;

/**
 * The regression-based candidates asked for, on one design: `regression` and `hybrid` share one fit
 * (the hybrid only adds the damped level on its residuals), and `additive` shares the design and its
 * Gram matrix (XᵀX does not depend on the series' scale), so it costs one more solve.
 */
function fitRegressions(data: TrainingData, wanted: ReadonlySet<Method>): Map<RegressionMethod, FittedModel> {
  const steps: number[] = [];
  const observed: number[] = [];
  for (let i = 0; i < data.z.length; i++) {
    if (!Number.isNaN(data.z[i] as number)) {
      steps.push(data.start + i);
      observed.push(data.z[i] as number);
    }
  }
  const transform = data.transform;
  // On a series fitted to log(y + 1); otherwise the regression is additive already.
  const additiveWanted = wanted.has('additive') && transform?.name === 'log1p';
  const trainEnd = data.start + data.z.length - 1;
  const spec = planDesign(data.frequency, data.start, trainEnd, steps, {
    holidays: data.holidays,
    weather: data.weather,
    events: data.events,
    covariates: data.covariates,
    yearlyOrder: additiveWanted ? ADDITIVE_YEARLY_ORDER : undefined,
  });
  const design = buildDesign(spec, steps, data.weather);
  const gram = gramOf(design);
  const period = weekOf(data.frequency);
  const components = componentsOf(spec.columns);
  const futureDesign = (horizon: number): Design =>
    buildDesign(
      spec,
      Array.from({ length: horizon }, (_, h) => trainEnd + 1 + h),
      data.weather,
    );
  const splitByComponent = (values: Float64Array, rows: number, beta: Float64Array): Partial<Record<Component, Float64Array>> => {
    const p = spec.columns.length;
    const parts: Partial<Record<Component, Float64Array>> = {};
    for (const c of components) parts[c] = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < p; j++) {
        const v = values[r * p + j] as number;
        if (v === 0 || beta[j] === 0) continue;
        const part = parts[spec.columns[j]!.component] as Float64Array;
        part[r] = (part[r] as number) + v * (beta[j] as number);
      }
    }
    return parts;
  };
  const models = new Map<RegressionMethod, FittedModel>();

  if (wanted.has('regression') || wanted.has('hybrid')) {
    const z = Float64Array.from(observed);
    const usual = spec.columns.flatMap((c, j) => (c.extra ? [] : [j]));
    const fit = fitRidge(design, z, period, { gram, active: usual });

    // Damped local level on the residuals: the smoothing weight is the one with the least one-step error.
    let level = 0;
    const phi = data.frequency === 'daily' ? 0.95 : 0.995;
    {
      let bestSse = Infinity;
      for (const alpha of [0.02, 0.05, 0.1, 0.2, 0.3, 0.5]) {
        let l = 0;
        let sse = 0;
        for (let i = 0; i < z.length; i++) {
          const r = (z[i] as number) - (fit.fitted[i] as number);
          const e = r - phi * l;
          sse += e * e;
          l = phi * l + alpha * e;
        }
        if (sse < bestSse) {
          bestSse = sse;
          level = l;
        }
      }
    }

    const coefficients = new Map(usual.map((j) => [spec.columns[j]!.name, fit.beta[j] as number]));
    const model = (damped: boolean): FittedModel => ({
      method: damped ? 'hybrid' : 'regression',
      coefficients,
      forecast(horizon) {
        const future = futureDesign(horizon);
        const zf = predictDesign(future, fit.beta);
        const parts = splitByComponent(future.values, horizon, fit.beta);
        if (damped) {
          const trend = parts.trend as Float64Array;
          let carry = level;
          for (let h = 0; h < horizon; h++) {
            carry *= phi;
            zf[h] = (zf[h] as number) + carry;
            trend[h] = (trend[h] as number) + carry;
          }
        }
        return { z: zf, components: parts };
      },
      inSampleComponents() {
        return { steps, components: splitByComponent(design.values, steps.length, fit.beta) };
      },
    });
    if (wanted.has('regression')) models.set('regression', model(false));
    if (wanted.has('hybrid')) models.set('hybrid', model(true));
  }

  if (additiveWanted) {
    // On the series' own scale divided by its mean, so the priors (relative changes) mean the same;
    // plain least squares, as Prophet fits: on some series the days the Huber weights discount carry signal.
    const y = observed.map((v) => transform.from(v));
    const unit = y.reduce((sum, v) => sum + Math.abs(v), 0) / y.length || 1;
    const fit = fitRidge(
      design,
      Float64Array.from(y, (v) => v / unit),
      period,
      { gram, robust: false },
    );
    models.set('additive', {
      method: 'additive',
      forecast(horizon) {
        const future = futureDesign(horizon);
        const parts = splitByComponent(future.values, horizon, fit.beta);
        const sum = predictDesign(future, fit.beta);
        // Back on the log scale, never below zero. The trend's part is log(1 + trend); the others
        // share the rest in proportion to what they add in series units, which is how
        // forecast-series.ts turns log-scale parts back into series units (exactly these).
        const z = Float64Array.from(sum, (v) => transform.to(Math.max(0, v * unit)));
        const trend = parts.trend ?? new Float64Array(horizon);
        const others = components.filter((c) => c !== 'trend');
        const logParts: Partial<Record<Component, Float64Array>> = { trend: new Float64Array(horizon) };
        for (const c of others) logParts[c] = new Float64Array(horizon);
        for (let h = 0; h < horizon; h++) {
          const base = Math.max(0, (trend[h] as number) * unit);
          const baseZ = transform.to(base);
          logParts.trend![h] = baseZ;
          const rest = ((sum[h] as number) - (trend[h] as number)) * unit;
          for (const c of others) {
            const added = (parts[c]![h] as number) * unit;
            logParts[c]![h] = Math.abs(rest) > 1e-9 ? (((z[h] as number) - baseZ) * added) / rest : added / (1 + base);
          }
        }
        return { z, components: logParts };
      },
    });
  }
  return models;
}

/**
 * Holt-Winters on the log scale (season and trend multiply) or on the original one (they add),
 * whichever fits the history better. The two are compared as Box and Cox compare transforms: by
 * likelihood on the original scale, the log fit's carrying the Jacobian of log(1 + y), which is z
 * itself. A series whose weekly swings stay the same size while its level collapses (a lockdown)
 * fits additively; most grow and shrink together and stay on the log scale.
 */
function fitEts(data: TrainingData): FittedModel {
  const week = weekOf(data.frequency);
  const onLog = fitHoltWinters(data.z, week);
  const logModel: FittedModel = {
    method: 'ets',
    scale: 'log',
    forecast(horizon) {
      const { level, season } = forecastHoltWinters(onLog, horizon);
      return { z: Float64Array.from(level, (v, i) => v + (season[i] as number)), components: { trend: level, weekly: season } };
    },
  };
  const transform = data.transform;
  if (transform?.name !== 'log1p') return logModel;
  const original = data.z.map((v) => transform.from(v));
  const onOriginal = fitHoltWinters(original, week);
  const meanZ = meanOfFinite(data.z);
  if (!(Math.log(onOriginal.rmse) < Math.log(onLog.rmse) + meanZ)) return logModel;
  return {
    method: 'ets',
    scale: 'original',
    forecast(horizon) {
      const { level, season } = forecastHoltWinters(onOriginal, horizon);
      // Back on the log scale (never below zero): the level's part is the trend, the rest the week's.
      const trend = level.map((v) => transform.to(Math.max(0, v)));
      const z = Float64Array.from(level, (v, i) => transform.to(Math.max(0, v + (season[i] as number))));
      return { z, components: { trend, weekly: z.map((v, i) => v - (trend[i] as number)) } };
    },
  };
}

/**
 * The seasonal AR, or undefined when its history has too few complete rows (long gaps). It works on
 * the original scale: weekly changes of a level that has collapsed (a lockdown) are small there, and
 * on a log scale they are not (measured on the benchmark's real series: MASE 1.39 against 1.69 on
 * the Melbourne pedestrian counts, 1.31 against 1.41 on the R page views).
 */
function fitSeasonalArModel(data: TrainingData): FittedModel | undefined {
  const week = weekOf(data.frequency);
  const logScale = data.transform?.name === 'log1p';
  const original = logScale ? data.z.map((v) => data.transform!.from(v)) : data.z;
  const fit = fitSeasonalAr(original, week);
  if (!fit) return undefined;
  // Forecasts of a never-negative series stay at zero or above.
  const clamp = (y: number) => (logScale ? Math.max(0, y) : y);
  const back = (y: number) => (logScale ? data.transform!.to(y) : y);
  // The weekly part is the forecast's own weekday profile: over its first four weeks, the mean of
  // what each slot of the week adds to the centred weekly average (the last half week of history at
  // the start), summing to zero over a week; the trend is the rest. Taking one observed week's shape
  // instead made a single odd day (a holiday, a closure) the weekly part of every later week, and on
  // the log scale a day near zero turned that into a trend several times the level.
  const half = Math.floor(week / 2);
  const tail = Array.from(fit.history.subarray(Math.max(0, fit.history.length - half)), clamp);
  const profileWeeks = 4;
  const ahead = Array.from(forecastSeasonalAr(fit, (profileWeeks + 1) * week), clamp);
  const path = [...tail, ...ahead];
  const profile = new Float64Array(week);
  for (let h = 0; h < profileWeeks * week; h++) {
    const from = Math.max(0, tail.length + h - half);
    let sum = 0;
    let count = 0;
    for (let i = from; i < from + week; i++) {
      const v = path[i] as number;
      if (Number.isNaN(v)) continue;
      sum += v;
      count++;
    }
    if (count > 0) profile[h % week] = (profile[h % week] as number) + ((ahead[h] as number) - sum / count) / profileWeeks;
  }
  const profileMean = profile.reduce((a, b) => a + b, 0) / week;
  return {
    method: 'seasonal_ar',
    forecast(horizon) {
      const values = horizon <= ahead.length ? ahead.slice(0, horizon) : Array.from(forecastSeasonalAr(fit, horizon), clamp);
      const z = Float64Array.from(values, back);
      // The level of each slot in series units, then on the model's scale: z = trend + weekly.
      const trend = Float64Array.from(values, (v, h) => back(clamp(v - ((profile[h % week] as number) - profileMean))));
      return { z, components: { trend, weekly: z.map((v, h) => v - (trend[h] as number)) } };
    },
  };
}

function fitSeasonalNaive(data: TrainingData): FittedModel {
  const week = weekOf(data.frequency);
  const n = data.z.length;
  // Last observed value of each slot of the week (looking further back over gaps).
  const lastOfSlot = new Float64Array(week).fill(NaN);
  for (let i = n - 1; i >= 0 && lastOfSlot.some(Number.isNaN); i--) {
    const slot = i % week;
    if (Number.isNaN(lastOfSlot[slot] as number) && !Number.isNaN(data.z[i] as number)) lastOfSlot[slot] = data.z[i] as number;
  }
  const known = Array.from(lastOfSlot).filter((v) => !Number.isNaN(v));
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  for (let s = 0; s < week; s++) if (Number.isNaN(lastOfSlot[s] as number)) lastOfSlot[s] = fallback;
  const mean = Array.from(lastOfSlot).reduce((a, b) => a + b, 0) / week;
  return {
    method: 'seasonal_naive',
    forecast(horizon) {
      const z = new Float64Array(horizon);
      for (let h = 0; h < horizon; h++) z[h] = lastOfSlot[(n + h) % week] as number;
      return { z, components: { trend: new Float64Array(horizon).fill(mean), weekly: z.map((v) => v - mean) } };
    },
  };
}

/**
 * Fits the candidate models asked for. `regression` and `hybrid` share one regression fit: the hybrid
 * only adds the damped level on its residuals.
 */
export function fitModels(methods: readonly Method[], data: TrainingData): Map<Method, FittedModel> {
  const fitted = new Map<Method, FittedModel>();
  const wanted = new Set(methods);
  if (wanted.has('regression') || wanted.has('hybrid') || wanted.has('additive')) {
    for (const [method, model] of fitRegressions(data, wanted)) fitted.set(method, model);
  }
  if (wanted.has('ets')) fitted.set('ets', fitEts(data));
  if (wanted.has('seasonal_ar')) {
    const model = fitSeasonalArModel(data);
    if (model) fitted.set('seasonal_ar', model);
  }
  if (wanted.has('seasonal_naive')) fitted.set('seasonal_naive', fitSeasonalNaive(data));
  return fitted;
}
