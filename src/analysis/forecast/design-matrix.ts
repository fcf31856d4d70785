/**
 * The columns of the decomposable regression, built for any slot of the grid. The model is
 * multiplicative (it is fitted to log y), so each column group is one factor of demand:
 *
 * - trend: intercept, slope, and slope changes at evenly spaced changepoints in the first 80% of
 *   the history (shrunk towards zero, so the trend only bends where the data insist);
 * - weekly: ISO weekday in effect coding (an average day is all zeros). A public holiday has no
 *   weekday of its own (it is all zeros, its behaviour comes from the holiday columns), and a make-up
 *   workday (调休上班) takes the mean of Monday–Friday: it behaves like a workday whatever its weekday;
 * - daily (hourly grids): hour of day, and its change on weekends and holidays;
 * - yearly: Fourier terms of the day of year (when the history covers a year);
 * - holiday (Chinese calendar): any holiday day, then per holiday its first, middle and last day
 *   (and Spring Festival's second), the eve and the day after other holidays, and the weeks before
 *   and after Spring Festival. The shared "any holiday" column lets a holiday the history has not
 *   seen yet borrow from the others;
 * - weather: condition indicators, heat (max ≥ 35 °C) and log precipitation; a day without a
 *   weather row gets the monthly average of the training days, so unknown weather means "usual";
 * - events: the user's events (promotions) as indicators, and numeric covariates standardised.
 *
 * Every column has a prior scale: the ridge penalty is noise variance ÷ scale², a Gaussian prior
 * on the coefficient. That is what lets 100 columns be fitted to two years of days without chasing
 * noise.
 */
import { dayOfYear, isoWeekdayOf, toDayNumber } from '../../domain/calendar/civil-date.ts';
import { dayType, holidayOn, holidayProximity, type HolidayName } from '../../domain/calendar/cn-holidays.ts';
import { slotAt, type Frequency } from './time-grid.ts';

export const COMPONENTS = ['trend', 'weekly', 'daily', 'yearly', 'holiday', 'weather', 'events'] as const;
export type Component = (typeof COMPONENTS)[number];

/** Weather of one day in the series' place. Every field may be missing. */
export interface WeatherObservation {
  readonly tempMax?: number | null | undefined;
  readonly precipitationMm?: number | null | undefined;
  readonly condition?: string | null | undefined;
}

/** A user-supplied event (a promotion, a concert) on a range of dates, inclusive. */
export interface ForecastEvent {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

/** A numeric regressor with one value per grid slot from the series start through the horizon. */
export interface Covariate {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

export interface DesignColumn {
  readonly name: string;
  readonly component: Component;
  /** Prior standard deviation of the coefficient on the log scale; Infinity = unpenalised. */
  readonly scale: number;
  /** A column beyond the usual model, there only for a fit that asked for it (DesignOptions.yearlyOrder). */
  readonly extra?: boolean | undefined;
}

/** What a design needs to know about the series: fixed when the model is fitted. */
export interface DesignSpec {
  readonly frequency: Frequency;
  readonly columns: readonly DesignColumn[];
  readonly trainStart: number;
  readonly trainDays: number;
  readonly changepoints: readonly number[];
  readonly yearlyOrder: number;
  readonly holidays: boolean;
  readonly weatherColumns: readonly string[];
  /** Mean weather features of the training days per calendar month (1–12), then overall at 0. */
  readonly weatherFill: ReadonlyMap<number, Float64Array>;
  readonly events: readonly ForecastEvent[];
  readonly covariates: readonly { readonly covariate: Covariate; readonly mean: number; readonly sd: number }[];
  readonly seriesStart: number;
}

export interface DesignOptions {
  readonly holidays: boolean;
  readonly weather?: ReadonlyMap<string, WeatherObservation> | undefined;
  readonly events?: readonly ForecastEvent[] | undefined;
  readonly covariates?: readonly Covariate[] | undefined;
  /** Prior scale of a trend change at one changepoint (log units over the whole history). */
  readonly changepointScale?: number | undefined;
  /** Yearly Fourier order wanted by some fit, when above the usual one (its columns are `extra`). */
  readonly yearlyOrder?: number | undefined;
}

/** Prior scales (log units). */
const SCALE = {
  free: Infinity,
  changepoint: 0.08,
  weekly: 1,
  daily: 1,
  yearly: 0.3,
  anyHoliday: 1,
  holiday: 0.5,
  weather: 0.5,
  event: 1,
  covariate: 1,
} as const;

const WEATHER_CONDITIONS = ['rain', 'heavy_rain', 'snow', 'fog', 'haze'] as const;
const WEATHER_FEATURES = [...WEATHER_CONDITIONS.map((c) => `weather:${c}`), 'weather:heat', 'weather:precipitation'];
const HEAT_C = 35;

/** Holiday position columns: every holiday has first/middle/last; Spring Festival also a second day. */
const HOLIDAY_COLUMNS: readonly string[] = [
  'holiday:any',
  ...(
    ['new_year', 'spring_festival', 'qingming', 'labour_day', 'dragon_boat', 'mid_autumn', 'national_day', 'victory_day'] as const
  ).flatMap((h) => [
    `holiday:${h}:first`,
    ...(h === 'spring_festival' ? [`holiday:${h}:second`] : []),
    `holiday:${h}:middle`,
    `holiday:${h}:last`,
  ]),
  'holiday:eve',
  'holiday:after',
  'holiday:spring_festival:week_before',
  'holiday:spring_festival:week_after',
];

/** Holiday columns active on a day (value 1 each), memoised: every series shares the calendar. */
const holidayCache = new Map<number, readonly string[]>();
function holidayColumnsOn(dayNumber: number, date: string): readonly string[] {
  const cached = holidayCache.get(dayNumber);
  if (cached) return cached;
  const active: string[] = [];
  const holiday = holidayOn(date);
  if (holiday) {
    const name: HolidayName = holiday.holiday;
    const position =
      holiday.day === 1
        ? 'first'
        : name === 'spring_festival' && holiday.day === 2 && holiday.length > 2
          ? 'second'
          : holiday.day === holiday.length
            ? 'last'
            : 'middle';
    active.push('holiday:any', `holiday:${name}:${position}`);
  } else {
    const near = holidayProximity(date, 7);
    if (near?.holiday === 'spring_festival')
      active.push(near.offset < 0 ? 'holiday:spring_festival:week_before' : 'holiday:spring_festival:week_after');
    else if (near?.offset === -1) active.push('holiday:eve');
    else if (near?.offset === 1) active.push('holiday:after');
  }
  holidayCache.set(dayNumber, active);
  return active;
}

/** Weekday effect codes (Monday..Saturday; Sunday is −1 on all six), by calendar day type. */
function weekdayCodes(dayNumber: number, date: string, holidays: boolean, out: Float64Array, offset: number): void {
  const type = holidays ? dayType(date) : isoWeekdayOf(dayNumber) >= 6 ? 'weekend' : 'workday';
  if (type === 'holiday') return;
  if (type === 'makeup_workday') {
    // Mean of Monday..Friday codes: 1/5 on each of the first five, 0 on Saturday.
    for (let i = 0; i < 5; i++) out[offset + i] = 0.2;
    return;
  }
  const weekday = isoWeekdayOf(dayNumber);
  if (weekday === 7) for (let i = 0; i < 6; i++) out[offset + i] = -1;
  else out[offset + weekday - 1] = 1;
}

function weatherFeatures(observation: WeatherObservation | undefined): Float64Array | undefined {
  if (!observation) return undefined;
  const features = new Float64Array(WEATHER_FEATURES.length);
  const condition = observation.condition ?? undefined;
  const at = WEATHER_CONDITIONS.indexOf(condition as (typeof WEATHER_CONDITIONS)[number]);
  if (at >= 0) features[at] = 1;
  if (observation.tempMax != null && observation.tempMax >= HEAT_C) features[WEATHER_CONDITIONS.length] = 1;
  if (observation.precipitationMm != null) features[WEATHER_CONDITIONS.length + 1] = Math.log1p(Math.max(0, observation.precipitationMm));
  return features;
}

/** Day of the series' first slot. */
function dayOfStep(step: number, frequency: Frequency): number {
  return frequency === 'daily' ? step : Math.floor(step / 24);
}

/**
 * Fixes the columns for a training window: which groups apply given how much history there is,
 * where the changepoints sit, how weather gaps and covariates are filled and scaled.
 * `trainSteps` are the grid positions of the observed (non-missing) training slots.
 */
export function planDesign(
  frequency: Frequency,
  seriesStart: number,
  trainEnd: number,
  trainSteps: readonly number[],
  options: DesignOptions,
): DesignSpec {
  const trainStart = seriesStart;
  const firstDay = dayOfStep(trainStart, frequency);
  const trainDays = dayOfStep(trainEnd, frequency) - firstDay + 1;
  const columns: DesignColumn[] = [
    { name: 'trend:intercept', component: 'trend', scale: SCALE.free },
    { name: 'trend:slope', component: 'trend', scale: SCALE.free },
  ];
  const changepointCount = Math.min(25, Math.floor(trainDays / 30));
  const changepoints = Array.from({ length: changepointCount }, (_, k) => (0.8 * (k + 1)) / (changepointCount + 1));
  const changepointScale = options.changepointScale ?? SCALE.changepoint;
  for (let k = 0; k < changepoints.length; k++) columns.push({ name: `trend:cp${k}`, component: 'trend', scale: changepointScale });
  for (const name of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'])
    columns.push({ name: `weekly:${name}`, component: 'weekly', scale: SCALE.weekly });
  if (frequency === 'hourly') {
    for (let h = 0; h < 23; h++) columns.push({ name: `daily:h${h}`, component: 'daily', scale: SCALE.daily });
    for (let h = 0; h < 23; h++) columns.push({ name: `daily:rest_h${h}`, component: 'daily', scale: SCALE.daily });
  }
  const usualYearlyOrder = trainDays >= 365 ? (frequency === 'daily' ? 8 : 6) : 0;
  const yearlyOrder = usualYearlyOrder > 0 ? Math.max(usualYearlyOrder, options.yearlyOrder ?? 0) : 0;
  for (let k = 1; k <= yearlyOrder; k++) {
    const extra = k > usualYearlyOrder ? { extra: true } : {};
    columns.push({ name: `yearly:sin${k}`, component: 'yearly', scale: SCALE.yearly, ...extra });
    columns.push({ name: `yearly:cos${k}`, component: 'yearly', scale: SCALE.yearly, ...extra });
  }

  // Holiday columns the training days actually touch (the others would be all zero).
  if (options.holidays) {
    const seen = new Set<string>();
    for (let day = firstDay; day < firstDay + trainDays; day++)
      for (const c of holidayColumnsOn(day, slotAt(day, 'daily').date)) seen.add(c);
    for (const name of HOLIDAY_COLUMNS) {
      if (seen.has(name)) columns.push({ name, component: 'holiday', scale: name === 'holiday:any' ? SCALE.anyHoliday : SCALE.holiday });
    }
  }

  // Weather: per-month means of the observed training days fill the gaps.
  const weatherColumns: string[] = [];
  const weatherFill = new Map<number, Float64Array>();
  if (options.weather && options.weather.size > 0) {
    const sums = new Map<number, { sum: Float64Array; n: number }>();
    for (let day = firstDay; day < firstDay + trainDays; day++) {
      const date = slotAt(day, 'daily').date;
      const features = weatherFeatures(options.weather.get(date));
      if (!features) continue;
      for (const month of [Number(date.slice(5, 7)), 0]) {
        const acc = sums.get(month) ?? { sum: new Float64Array(WEATHER_FEATURES.length), n: 0 };
        for (let i = 0; i < features.length; i++) acc.sum[i] = (acc.sum[i] ?? 0) + (features[i] ?? 0);
        acc.n++;
        sums.set(month, acc);
      }
    }
    const overall = sums.get(0);
    if (overall && overall.n >= 14) {
      for (const [month, acc] of sums)
        weatherFill.set(
          month,
          acc.sum.map((v) => v / acc.n),
        );
      for (let i = 0; i < WEATHER_FEATURES.length; i++) {
        const name = WEATHER_FEATURES[i] as string;
        // A feature that never varies in training cannot be estimated: leave it out.
        if ((overall.sum[i] ?? 0) > 0) {
          weatherColumns.push(name);
          columns.push({ name, component: 'weather', scale: SCALE.weather });
        }
      }
    }
  }

  const events = (options.events ?? []).filter((e) => {
    const from = toDayNumber(e.from);
    const to = toDayNumber(e.to);
    return to >= from;
  });
  for (const name of new Set(events.map((e) => e.name))) columns.push({ name: `events:${name}`, component: 'events', scale: SCALE.event });

  const covariates = (options.covariates ?? []).map((covariate) => {
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    for (const step of trainSteps) {
      const v = covariate.values[step - seriesStart];
      if (v == null || !Number.isFinite(v)) continue;
      sum += v;
      sumSq += v * v;
      n++;
    }
    const mean = n > 0 ? sum / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
    return { covariate, mean, sd: sd > 0 ? sd : 1 };
  });
  for (const { covariate } of covariates) columns.push({ name: `events:${covariate.name}`, component: 'events', scale: SCALE.covariate });

  return {
    frequency,
    columns,
    trainStart,
    trainDays,
    changepoints,
    yearlyOrder,
    holidays: options.holidays,
    weatherColumns,
    weatherFill,
    events,
    covariates,
    seriesStart,
  };
}

/** A dense row-major design matrix over the given grid positions. */
export interface Design {
  readonly spec: DesignSpec;
  readonly steps: readonly number[];
  /** rows × columns, row-major. */
  readonly values: Float64Array;
}

/** Fills the design rows for `steps` (training or future slots). */
export function buildDesign(spec: DesignSpec, steps: readonly number[], weather?: ReadonlyMap<string, WeatherObservation>): Design {
  const p = spec.columns.length;
  const values = new Float64Array(steps.length * p);
  const index = new Map(spec.columns.map((c, i) => [c.name, i]));
  const at = (name: string): number => index.get(name) ?? -1;
  const weeklyAt = at('weekly:mon');
  const hourAt = at('daily:h0');
  const restAt = at('daily:rest_h0');
  const yearlyAt = spec.yearlyOrder > 0 ? at('yearly:sin1') : -1;
  const firstCp = spec.changepoints.length > 0 ? at('trend:cp0') : -1;
  const weatherAt = spec.weatherColumns.map((name) => [WEATHER_FEATURES.indexOf(name), at(name)] as const);
  const eventAt = new Map(spec.events.map((e) => [e.name, at(`events:${e.name}`)]));
  const eventDays = spec.events.map((e) => ({ from: toDayNumber(e.from), to: toDayNumber(e.to), column: eventAt.get(e.name) ?? -1 }));
  const covariateAt = spec.covariates.map((c) => at(`events:${c.covariate.name}`));
  const span = Math.max(1, spec.trainDays - 1);
  const perDay = spec.frequency === 'daily' ? 1 : 24;

  for (let r = 0; r < steps.length; r++) {
    const step = steps[r] as number;
    const row = r * p;
    const slot = slotAt(step, spec.frequency);
    const t = (step - spec.trainStart) / perDay / span;
    values[row] = 1;
    values[row + 1] = t;
    for (let k = 0; k < spec.changepoints.length; k++) {
      const cp = spec.changepoints[k] as number;
      if (t > cp) values[row + firstCp + k] = t - cp;
    }
    weekdayCodes(slot.dayNumber, slot.date, spec.holidays, values, row + weeklyAt);
    if (hourAt >= 0) {
      if (slot.hour === 23) for (let h = 0; h < 23; h++) values[row + hourAt + h] = -1;
      else values[row + hourAt + slot.hour] = 1;
      const type = spec.holidays ? dayType(slot.date) : isoWeekdayOf(slot.dayNumber) >= 6 ? 'weekend' : 'workday';
      if (type === 'weekend' || type === 'holiday') {
        if (slot.hour === 23) for (let h = 0; h < 23; h++) values[row + restAt + h] = -1;
        else values[row + restAt + slot.hour] = 1;
      }
    }
    if (yearlyAt >= 0) {
      const angle = (2 * Math.PI * dayOfYear(slot.dayNumber)) / 365.25;
      for (let k = 1; k <= spec.yearlyOrder; k++) {
        values[row + yearlyAt + 2 * (k - 1)] = Math.sin(k * angle);
        values[row + yearlyAt + 2 * (k - 1) + 1] = Math.cos(k * angle);
      }
    }
    if (spec.holidays) {
      for (const name of holidayColumnsOn(slot.dayNumber, slot.date)) {
        const c = index.get(name);
        if (c !== undefined) values[row + c] = 1;
      }
    }
    if (weatherAt.length > 0) {
      const features =
        weatherFeatures(weather?.get(slot.date)) ?? spec.weatherFill.get(Number(slot.date.slice(5, 7))) ?? spec.weatherFill.get(0);
      if (features) for (const [feature, column] of weatherAt) values[row + column] = features[feature] ?? 0;
    }
    for (const e of eventDays) if (e.column >= 0 && slot.dayNumber >= e.from && slot.dayNumber <= e.to) values[row + e.column] = 1;
    for (let i = 0; i < spec.covariates.length; i++) {
      const { covariate, mean, sd } = spec.covariates[i]!;
      const v = covariate.values[step - spec.seriesStart];
      values[row + (covariateAt[i] as number)] = v == null || !Number.isFinite(v) ? 0 : (v - mean) / sd;
    }
  }
  return { spec, steps, values };
}

/** Names of the weather features, for reporting estimated effects. */
export const WEATHER_FEATURE_NAMES: readonly string[] = WEATHER_FEATURES;
