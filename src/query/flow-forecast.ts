/**
 * Customer-flow forecasts from the store: the daily series of a metric (visitors, orders, revenue)
 * for the whole business, a province, a city or a venue, with the weather of that place, forecast by
 * analysis/forecast. Forecasts are computed ahead for every venue, city and province (after imports
 * and on a schedule, see refreshFlowForecasts), stored, and served from the store when their history
 * is still the current one; anything else is computed on demand and stored too.
 */
import { addDays, toDayNumber } from '../domain/calendar/civil-date.ts';
import {
  forecastSeries,
  sliceForecast,
  type ForecastOptions,
  type SeriesForecast,
  type SeriesInput,
} from '../analysis/forecast/forecast-series.ts';
import type { WeatherObservation } from '../analysis/forecast/design-matrix.ts';
import { parseWholeNumber, QueryError, type Filter, type QueryScope } from '../analysis/metrics/metric-query.ts';
import type { DimensionName } from '../analysis/metrics/dimensions.ts';
import type { Cell } from '../analysis/result-table.ts';
import type { Store, StoredForecast } from '../store/store.ts';
import { queryMetrics, type MetricsOptions } from './query-metrics.ts';

export const FLOW_METRICS = ['visitors', 'orders', 'revenue'] as const;
export type FlowMetric = (typeof FLOW_METRICS)[number];
export const FLOW_LEVELS = ['all', 'province', 'city', 'venue'] as const;
export type FlowLevel = (typeof FLOW_LEVELS)[number];

/** What to forecast: everything, or one province, city or venue. */
export interface FlowTarget {
  readonly level: FlowLevel;
  /** Province or city name, or venue id; absent for `all`. */
  readonly value?: string | undefined;
  /** In answers, a venue's name from the catalog (a province or city is named by its value). */
  readonly name?: string | undefined;
}

/** Days forecast ahead and kept; a request for fewer days is a slice of the stored forecast. */
export const STORED_HORIZON = 90;
/** Days of history a forecast looks at (three years). */
const HISTORY_DAYS = 3 * 365 + 1;
/** Recent actuals returned next to a forecast, for charts. */
const RECENT_DAYS = 56;

export interface FlowForecast {
  readonly metric: FlowMetric;
  readonly target: FlowTarget;
  readonly horizon: number;
  readonly computedAt: string;
  readonly historyEnd: string;
  /** True when served from the stored forecasts. */
  readonly stored: boolean;
  readonly recent: readonly { readonly date: string; readonly value: number }[];
  readonly forecast: SeriesForecast;
}

export interface FlowOptions extends MetricsOptions {
  readonly now?: Date | undefined;
  /** Where forecasts are computed (default: in this thread). */
  readonly forecaster?: Forecaster | undefined;
}

/** The stored-forecast key of a metric and target. */
export function flowForecastKey(metric: FlowMetric, target: FlowTarget): string {
  return `flow:${metric}:${target.level}:${target.value ?? '*'}`;
}

const localDate = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** Status times are UTC without a zone suffix: read them as UTC, not as the host's zone. */
const utcInstant = (text: string): Date => new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);

/**
 * The local days of the first order or event, and of the last complete day of data: the latest order
 * or event day, but never today (still running) or later. Null for an empty store.
 */
export async function dataDays(store: Store, options: FlowOptions): Promise<{ first: string; lastComplete: string } | null> {
  const status = await store.status({ lastImports: 0 });
  const held = status.entities.filter((e) => (e.kind === 'orders' || e.kind === 'events') && e.from !== null && e.to !== null);
  if (held.length === 0) return null;
  const first = held.map((e) => localDate(utcInstant(e.from!), options.timeZone)).sort()[0]!;
  const latest = held
    .map((e) => localDate(utcInstant(e.to!), options.timeZone))
    .sort()
    .at(-1)!;
  const yesterday = addDays(localDate(options.now ?? new Date(), options.timeZone), -1);
  return { first, lastComplete: latest < yesterday ? latest : yesterday };
}

/** The last complete day of data (see dataDays), or null for an empty store. */
export async function lastCompleteDay(store: Store, options: FlowOptions): Promise<string | null> {
  return (await dataDays(store, options))?.lastComplete ?? null;
}

const num = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : cell == null ? 0 : Number(cell));

/** Daily values by key (`*` when not split) between two days, zero-filled, from the first non-zero day. */
async function loadDailyValues(
  store: Store,
  metric: FlowMetric,
  splitBy: DimensionName | null,
  where: readonly Filter[],
  period: { from: string; to: string },
  scope: QueryScope,
  options: FlowOptions,
): Promise<Map<string, { start: string; values: number[] }>> {
  const result = await queryMetrics(
    store,
    { metrics: [metric], by: splitBy ? ['day', splitBy] : ['day'], where, from: period.from, to: period.to },
    scope,
    options,
  );
  const first = toDayNumber(period.from);
  const days = toDayNumber(period.to) - first + 1;
  const dense = new Map<string, Float64Array>();
  for (const row of result.rows) {
    const key = splitBy ? String(row[splitBy] ?? '') : '*';
    if (key === '') continue;
    const day = toDayNumber(String(row.day).slice(0, 10)) - first;
    if (day < 0 || day >= days) continue;
    let values = dense.get(key);
    if (!values) dense.set(key, (values = new Float64Array(days)));
    values[day] = num(row[metric]);
  }
  const series = new Map<string, { start: string; values: number[] }>();
  for (const [key, values] of dense) {
    const firstNonZero = values.findIndex((v) => v !== 0);
    if (firstNonZero < 0) continue;
    series.set(key, { start: addDays(period.from, firstNonZero), values: Array.from(values.subarray(firstNonZero)) });
  }
  return series;
}

/** Daily weather rows (not hourly ones) from a day on, for one province or city or everywhere. */
async function loadWeatherRows(
  store: Store,
  from: string,
  place?: { province?: string | undefined; city?: string | undefined },
): Promise<Record<string, Cell>[]> {
  const params: string[] = [from];
  const where = ['hour IS NULL', 'date >= $1::DATE'];
  for (const [column, value] of [
    ['province', place?.province],
    ['city', place?.city],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  return store.runQuery({
    sql: `SELECT strftime(date, '%Y-%m-%d') AS date, province, city, temp_max, precipitation_mm, condition FROM weather WHERE ${where.join(' AND ')}`,
    params,
  });
}

/** A venue's place and capacity from the catalog. */
export interface VenueInfo {
  readonly venueId: string;
  readonly name: string | null;
  readonly type: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly capacityPerDay: number | null;
  readonly capacityPerHour: number | null;
}

/** Every venue in the catalog (optionally one), with place and capacity. */
export async function loadVenues(store: Store, venueId?: string): Promise<VenueInfo[]> {
  const rows = await store.runQuery({
    sql: `SELECT venue_id, venue_name, venue_type, province, city, capacity_per_day, capacity_per_hour FROM venues${venueId === undefined ? '' : ' WHERE venue_id = $1'} ORDER BY venue_id`,
    params: venueId === undefined ? [] : [venueId],
  });
  const text = (c: Cell | undefined): string | null => (c == null ? null : String(c));
  const count = (c: Cell | undefined): number | null => (c == null ? null : num(c));
  return rows.map((r) => ({
    venueId: String(r.venue_id),
    name: text(r.venue_name),
    type: text(r.venue_type),
    province: text(r.province),
    city: text(r.city),
    capacityPerDay: count(r.capacity_per_day),
    capacityPerHour: count(r.capacity_per_hour),
  }));
}

/** Where the weather of a target comes from: the venue's city, the city, the province; none for all. */
async function placeOf(store: Store, target: FlowTarget): Promise<{ province?: string; city?: string } | null> {
  if (target.level === 'province') return { province: target.value! };
  if (target.level === 'city') return { city: target.value! };
  if (target.level === 'venue') {
    const [venue] = await loadVenues(store, target.value);
    if (!venue) throw new QueryError('venue', `no venue ${target.value} in the catalog`);
    return venue.city ? { city: venue.city } : venue.province ? { province: venue.province } : null;
  }
  return null;
}

/** Daily values of a metric for a target over a period, zero-filled: date → value. */
export async function loadTargetDaily(
  store: Store,
  metric: FlowMetric,
  target: FlowTarget,
  period: { from: string; to: string },
  scope: QueryScope,
  options: FlowOptions,
): Promise<Map<string, number>> {
  const result = await queryMetrics(
    store,
    { metrics: [metric], by: ['day'], where: filterOf(target), from: period.from, to: period.to },
    scope,
    options,
  );
  const values = new Map<string, number>();
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) values.set(day, 0);
  for (const row of result.rows) values.set(String(row.day).slice(0, 10), num(row[metric]));
  return values;
}

function filterOf(target: FlowTarget): Filter[] {
  if (target.level === 'all') return [];
  return [{ dimension: target.level, op: 'eq', values: [target.value!] }];
}

function recentOf(series: { start: string; values: readonly number[] }): { date: string; value: number }[] {
  const from = Math.max(0, series.values.length - RECENT_DAYS);
  return series.values.slice(from).map((value, i) => ({ date: addDays(series.start, from + i), value }));
}

/** Computes one forecast: in this thread, or on worker threads (see forecast-workers/). */
export type Forecaster = (series: SeriesInput, options: ForecastOptions) => Promise<SeriesForecast>;
const inThisThread: Forecaster = (series, options) => Promise.resolve(forecastSeries(series, options));

async function forecastOne(
  forecaster: Forecaster,
  metric: FlowMetric,
  target: FlowTarget,
  series: { start: string; values: readonly number[] },
  weather: ReadonlyMap<string, WeatherObservation> | undefined,
  historyEnd: string,
  now: Date,
): Promise<FlowForecast> {
  const forecast = await forecaster(
    { frequency: 'daily', start: toDayNumber(series.start), y: series.values, weather },
    { horizon: STORED_HORIZON, windows: 3 },
  );
  return {
    metric,
    target,
    horizon: STORED_HORIZON,
    computedAt: now.toISOString(),
    historyEnd,
    stored: false,
    recent: recentOf(series),
    forecast,
  };
}

/** The forecast cut to `horizon` days, its notes those of the days kept (see sliceForecast). */
function sliced(forecast: FlowForecast, horizon: number, stored: boolean): FlowForecast {
  return { ...forecast, horizon, stored, forecast: sliceForecast(forecast.forecast, horizon) };
}

function checkTarget(target: FlowTarget): void {
  if (target.level !== 'all' && !target.value) throw new QueryError(target.level, `give the ${target.level} to forecast`);
}

/**
 * The forecast of one metric for one target, `horizon` days (1–90) ahead: served from the stored
 * forecasts when they rest on the current history and the caller may see everything, else computed
 * (and stored when unrestricted).
 */
export async function forecastFlow(
  store: Store,
  request: { metric: FlowMetric; target: FlowTarget; horizon: number },
  scope: QueryScope,
  options: FlowOptions,
): Promise<FlowForecast> {
  const { metric, target, horizon } = request;
  checkTarget(target);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > STORED_HORIZON) {
    throw new QueryError('horizon', `horizon must be a whole number of days from 1 to ${STORED_HORIZON}`);
  }
  const historyEnd = await lastCompleteDay(store, options);
  if (!historyEnd) throw new QueryError('data', 'there is no order or event data to forecast from yet');
  const key = flowForecastKey(metric, target);
  const unrestricted = scope.provinces === undefined;
  if (unrestricted) {
    const stored = (await store.readForecasts([key])).get(key);
    if (stored && stored.historyEnd === historyEnd) return named(store, sliced(JSON.parse(stored.body) as FlowForecast, horizon, true));
  }
  const from = addDays(historyEnd, -(HISTORY_DAYS - 1));
  const place = await placeOf(store, target);
  const [seriesByKey, weatherRows] = await Promise.all([
    loadDailyValues(store, metric, null, filterOf(target), { from, to: historyEnd }, scope, options),
    place ? loadWeatherRows(store, from, place) : Promise.resolve([]),
  ]);
  const weather = place ? groupWeather(weatherRows).get(place.city ? `c:${place.city}` : `p:${place.province}`) : undefined;
  const series = seriesByKey.get('*');
  if (!series) throw new QueryError(target.level, `no ${metric} recorded for ${target.value ?? 'the business'} up to ${historyEnd}`);
  const now = options.now ?? new Date();
  const result = await forecastOne(options.forecaster ?? inThisThread, metric, target, series, weather, historyEnd, now);
  if (unrestricted) await store.saveForecasts([toStored(key, result)]);
  return named(store, sliced(result, horizon, false));
}

/** The answer with its venue named as the catalog names it now (stored forecasts keep only the id). */
async function named(store: Store, forecast: FlowForecast): Promise<FlowForecast> {
  if (forecast.target.level !== 'venue') return forecast;
  const [venue] = await loadVenues(store, forecast.target.value);
  return venue?.name ? { ...forecast, target: { ...forecast.target, name: venue.name } } : forecast;
}

function toStored(key: string, forecast: FlowForecast): StoredForecast {
  return { key, computedAt: new Date(forecast.computedAt), historyEnd: forecast.historyEnd, body: JSON.stringify(forecast) };
}

/** Targets the refresh covers: every venue, city and province, and the whole business; metrics per level. */
const REFRESH_PLAN: readonly { level: FlowLevel; metrics: readonly FlowMetric[] }[] = [
  { level: 'all', metrics: ['visitors', 'orders', 'revenue'] },
  { level: 'province', metrics: ['visitors', 'orders', 'revenue'] },
  { level: 'city', metrics: ['visitors'] },
  { level: 'venue', metrics: ['visitors'] },
];

export interface RefreshSummary {
  readonly historyEnd: string | null;
  readonly forecasts: number;
  readonly elapsedMs: number;
}

/**
 * Recomputes and stores the forecasts of every venue, city and province and of the whole business.
 * One query per metric and level loads all their series; weather is read once per place.
 */
export async function refreshFlowForecasts(
  store: Store,
  options: FlowOptions & {
    /** Stops between series when aborted (a server shutting down); the forecasts done are stored. */
    readonly signal?: AbortSignal | undefined;
  },
  onProgress?: (done: number, total: number) => void,
): Promise<RefreshSummary> {
  const started = performance.now();
  const historyEnd = await lastCompleteDay(store, options);
  if (!historyEnd) return { historyEnd: null, forecasts: 0, elapsedMs: performance.now() - started };
  const from = addDays(historyEnd, -(HISTORY_DAYS - 1));
  const now = options.now ?? new Date();
  const venues = new Map((await loadVenues(store)).map((v) => [v.venueId, v]));
  const weatherByPlace = groupWeather(await loadWeatherRows(store, from));

  const jobs: {
    metric: FlowMetric;
    target: FlowTarget;
    series: { start: string; values: number[] };
    weather: ReadonlyMap<string, WeatherObservation> | undefined;
  }[] = [];
  for (const { level, metrics } of REFRESH_PLAN) {
    for (const metric of metrics) {
      const split = level === 'all' ? null : level;
      const series = await loadDailyValues(store, metric, split, [], { from, to: historyEnd }, {}, options);
      for (const [value, s] of series) {
        const target: FlowTarget = level === 'all' ? { level } : { level, value };
        const venue = level === 'venue' ? venues.get(value) : undefined;
        const weather =
          level === 'province'
            ? weatherByPlace.get(`p:${value}`)
            : level === 'city'
              ? weatherByPlace.get(`c:${value}`)
              : venue?.city
                ? weatherByPlace.get(`c:${venue.city}`)
                : undefined;
        jobs.push({ metric, target, series: s, weather });
      }
    }
  }
  // A few forecasts in flight keep every worker busy; results are stored in batches as they come.
  const forecaster = options.forecaster ?? inThisThread;
  const batch: StoredForecast[] = [];
  let done = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length && !options.signal?.aborted) {
      const job = jobs[next++]!;
      const result = await forecastOne(forecaster, job.metric, job.target, job.series, job.weather, historyEnd, now);
      batch.push(toStored(flowForecastKey(job.metric, job.target), result));
      done++;
      onProgress?.(done, jobs.length);
      if (batch.length >= 100) await store.saveForecasts(batch.splice(0));
      // Let the server answer requests between forecasts computed in this thread.
      else if (done % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  await store.saveForecasts(batch);
  return { historyEnd, forecasts: done, elapsedMs: performance.now() - started };
}

/** Weather rows grouped by city (`c:`) and averaged per province (`p:`). */
function groupWeather(rows: readonly Record<string, Cell>[]): Map<string, Map<string, WeatherObservation>> {
  const byCity = new Map<string, Map<string, WeatherObservation>>();
  const byProvince = new Map<string, Map<string, { temp: number[]; rain: number[]; conditions: string[] }>>();
  for (const r of rows) {
    const date = String(r.date);
    const observation: WeatherObservation = {
      tempMax: r.temp_max == null ? null : num(r.temp_max),
      precipitationMm: r.precipitation_mm == null ? null : num(r.precipitation_mm),
      condition: r.condition == null ? null : String(r.condition),
    };
    if (r.city != null) {
      const key = `c:${String(r.city)}`;
      if (!byCity.has(key)) byCity.set(key, new Map());
      byCity.get(key)!.set(date, observation);
    }
    const province = String(r.province);
    if (!byProvince.has(province)) byProvince.set(province, new Map());
    const days = byProvince.get(province)!;
    const acc = days.get(date) ?? { temp: [], rain: [], conditions: [] };
    if (observation.tempMax != null) acc.temp.push(observation.tempMax);
    if (observation.precipitationMm != null) acc.rain.push(observation.precipitationMm);
    if (observation.condition) acc.conditions.push(observation.condition);
    days.set(date, acc);
  }
  const mean = (values: number[]): number | null => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const mostCommon = (values: string[]): string | null => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  };
  const grouped = new Map(byCity);
  for (const [province, days] of byProvince) {
    grouped.set(
      `p:${province}`,
      new Map(
        [...days].map(([date, acc]) => [
          date,
          { tempMax: mean(acc.temp), precipitationMm: mean(acc.rain), condition: mostCommon(acc.conditions) },
        ]),
      ),
    );
  }
  return grouped;
}

/** Parses a forecast request as the CLI and the API receive it (strings); throws QueryError. */
export function parseFlowRequest(input: {
  metric?: string | undefined;
  venue?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  horizon?: string | undefined;
}): { metric: FlowMetric; target: FlowTarget; horizon: number } {
  const metric = (input.metric ?? 'visitors') as FlowMetric;
  if (!FLOW_METRICS.includes(metric))
    throw new QueryError('metric', `metric must be one of ${FLOW_METRICS.join(', ')}, got "${input.metric}"`);
  const given = (['venue', 'province', 'city'] as const).filter((level) => input[level] !== undefined && input[level] !== '');
  if (given.length > 1) throw new QueryError(given[1]!, `give one of venue, province or city, not ${given.join(' and ')}`);
  const level = given[0];
  const target: FlowTarget = level ? { level, value: input[level]! } : { level: 'all' };
  const horizon = parseWholeNumber('horizon', input.horizon, { min: 1, max: STORED_HORIZON }) ?? 28;
  return { metric, target, horizon };
}
