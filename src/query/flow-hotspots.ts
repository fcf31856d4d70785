/**
 * Hot-spot ranking (热点排行) from the store: the customer flow of every province, city or venue over
 * the last `days` days, compared with the period before (环比), the same weekdays last year (同比),
 * its capacity and its stored forecast, ranked and screened for emerging places by
 * analysis/flow/rank-hotspots.
 *
 * Flow of a place for a period is the sum of its daily visitors (person-days): each day's distinct
 * visitors (the `visitors` metric by day) added up over the period's days, so someone who comes on
 * three days counts three times. It is what the daily forecasts forecast, so a period's flow and the
 * sum of its forecast days measure the same thing. Flow whose place is unknown (no venue and no
 * region on the record) belongs to no place and is left out.
 *
 * Periods end at the last complete day of data. Last year's period lies 364 days (52 weeks) earlier,
 * so weekdays line up (a Saturday meets a Saturday), as `flowsight query --compare year` does for
 * daily series. A comparison period the data does not fully cover is left out (null), never
 * counted as a quiet period.
 */
import { addDays, toDayNumber } from '../domain/calendar/civil-date.ts';
import {
  rankHotspots,
  sortHotspotRows,
  type HotspotEntry,
  type HotspotLevel,
  type HotspotRanking,
  type HotspotRow,
  type HotspotSortKey,
} from '../analysis/flow/rank-hotspots.ts';
import { DEFAULT_METRICS_SETTINGS, type VisitorRule } from '../analysis/metrics/facts.ts';
import { QueryError, type QueryScope } from '../analysis/metrics/metric-query.ts';
import type { Period } from '../analysis/metrics/shift-period.ts';
import type { Cell } from '../analysis/result-table.ts';
import type { Store } from '../store/store.ts';
import {
  flowForecastKey,
  dataDays,
  loadVenues,
  STORED_HORIZON,
  type FlowForecast,
  type FlowOptions,
  type VenueInfo,
} from './flow-forecast.ts';
import { queryMetrics } from './query-metrics.ts';

export const HOTSPOT_LEVELS: readonly HotspotLevel[] = ['province', 'city', 'venue'];
export const HOTSPOT_SORT_KEYS: readonly HotspotSortKey[] = ['flow', 'growth', 'yoy', 'utilisation', 'forecast', 'emerging'];
/** Periods before the previous one that give a place its usual growth. */
export const HISTORY_PERIODS = 12;
/** Last year's period lies 52 weeks back, so weekdays line up. */
export const LAST_YEAR_DAYS = 364;
const DEFAULT_DAYS = 7;
const DEFAULT_LIMIT = 50;
/** Most rows a ranking returns (and what a cached full ranking holds). */
export const MAX_LIMIT = 10_000;

/** What to rank: places of one level over periods of `days` days. */
export interface HotspotsRequest {
  readonly level: HotspotLevel;
  /** Length of a period in days, 1–90 (default 7). */
  readonly days?: number | undefined;
  readonly sortBy?: HotspotSortKey | undefined;
  /** Rows returned (default 50); emerging places are listed in full whatever the limit. */
  readonly limit?: number | undefined;
}

export interface HotspotsResult {
  readonly level: HotspotLevel;
  readonly days: number;
  /** The current period: the last `days` days up to the last complete day. */
  readonly period: Period;
  /** The `days` days before the current period (环比 base). */
  readonly previousPeriod: Period;
  /** The current period 364 days earlier (同比 base). */
  readonly lastYearPeriod: Period;
  /** Periods before the previous one used as history: up to 12, fewer when the data starts later. */
  readonly historyPeriods: number;
  readonly flowDefinition: string;
  /** What was left out or could not be compared, in words. */
  readonly notes: readonly string[];
  /** Places with flow in the periods looked at, before `limit` cut the rows. */
  readonly places: number;
  /** Rows cut to `limit`; `ranking.emerging` lists every emerging key. */
  readonly ranking: HotspotRanking;
  /** Every emerging row, in ranking order, even those past `limit`. */
  readonly emerging: readonly HotspotRow[];
}

const RULE_WORDS: Readonly<Record<VisitorRule, string>> = {
  visit_or_paid: 'a visit event or a paid order that is not cancelled or refunded',
  visit: 'a visit event',
  paid: 'a paid order that is not cancelled or refunded',
};

/** The flow definition in words, for the result and the API documentation. */
export function describeFlow(rule: VisitorRule, timeZone: string): string {
  return (
    `Flow of a place for a period is the sum of its daily visitors (person-days): each day, the distinct users with ${RULE_WORDS[rule]} ` +
    `at the place, added up over the days of the period, so someone who comes on three days counts three times. ` +
    `It is the quantity the daily forecasts forecast. Days are cut in ${timeZone}.`
  );
}

const num = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : cell == null ? 0 : Number(cell));

/** The request with its defaults, or a QueryError naming the field at fault. */
export function checkHotspotsRequest(request: HotspotsRequest): { days: number; sortBy: HotspotSortKey; limit: number } {
  if (!HOTSPOT_LEVELS.includes(request.level))
    throw new QueryError('level', `level must be one of ${HOTSPOT_LEVELS.join(', ')}, got "${String(request.level)}"`);
  const days = request.days ?? DEFAULT_DAYS;
  // A period longer than the stored forecasts could not be compared with its forecast.
  if (!Number.isInteger(days) || days < 1 || days > STORED_HORIZON)
    throw new QueryError('days', `days must be a whole number from 1 to ${STORED_HORIZON}, got "${days}"`);
  const sortBy = request.sortBy ?? 'flow';
  if (!HOTSPOT_SORT_KEYS.includes(sortBy))
    throw new QueryError('sortBy', `sortBy must be one of ${HOTSPOT_SORT_KEYS.join(', ')}, got "${sortBy}"`);
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new QueryError('limit', `limit must be a whole number from 1 to ${MAX_LIMIT}, got "${limit}"`);
  return { days, sortBy, limit };
}

/** Period `k` back from the current one (0 = current, 1 = previous, …). */
function periodBack(end: string, days: number, k: number): Period {
  return { from: addDays(end, -(k + 1) * days + 1), to: addDays(end, -k * days) };
}

/** Daily visitors of every place of `level` between two days, as day-indexed arrays by place key. */
async function dailyFlow(
  store: Store,
  level: HotspotLevel,
  span: Period,
  scope: QueryScope,
  options: FlowOptions,
): Promise<Map<string, Float64Array>> {
  const result = await queryMetrics(
    store,
    { metrics: ['visitors'], by: ['day', level], where: [], from: span.from, to: span.to },
    scope,
    options,
  );
  const first = toDayNumber(span.from);
  const length = toDayNumber(span.to) - first + 1;
  const byKey = new Map<string, Float64Array>();
  for (const row of result.rows) {
    const key = row[level];
    if (key == null || key === '') continue;
    const day = toDayNumber(String(row.day).slice(0, 10)) - first;
    if (day < 0 || day >= length) continue;
    let values = byKey.get(String(key));
    if (!values) byKey.set(String(key), (values = new Float64Array(length)));
    values[day] = num(row.visitors);
  }
  return byKey;
}

function sumDays(values: Float64Array | undefined, spanFrom: string, period: Period): number {
  if (!values) return 0;
  const start = toDayNumber(period.from) - toDayNumber(spanFrom);
  const end = toDayNumber(period.to) - toDayNumber(spanFrom);
  let total = 0;
  for (let i = Math.max(0, start); i <= end && i < values.length; i++) total += values[i] as number;
  return total;
}

/** Capacity of each place for one day: the sum over its catalog venues, null when any of them has none. */
function dailyCapacities(venues: readonly VenueInfo[], level: HotspotLevel): Map<string, number | null> {
  const capacities = new Map<string, number | null>();
  for (const venue of venues) {
    const key = level === 'venue' ? venue.venueId : level === 'city' ? venue.city : venue.province;
    if (key === null) continue;
    const sofar = capacities.get(key);
    // A partial sum would understate capacity and overstate utilisation: unknown stays unknown.
    capacities.set(key, sofar === null || venue.capacityPerDay === null ? null : (sofar ?? 0) + venue.capacityPerDay);
  }
  return capacities;
}

/**
 * The stored visitors forecast of each place summed over the `days` days after `end`; null when no
 * forecast is stored or the stored one does not cover those days. Negative forecast days count 0.
 */
async function nextPeriodForecasts(
  store: Store,
  level: HotspotLevel,
  keys: readonly string[],
  end: string,
  days: number,
): Promise<Map<string, number>> {
  const storeKeys = new Map(keys.map((key) => [flowForecastKey('visitors', { level, value: key }), key]));
  const stored = await store.readForecasts([...storeKeys.keys()]);
  const next = { from: addDays(end, 1), to: addDays(end, days) };
  const sums = new Map<string, number>();
  for (const [storeKey, found] of stored) {
    const key = storeKeys.get(storeKey);
    if (key === undefined) continue;
    const points = (JSON.parse(found.body) as FlowForecast).forecast.points.filter((p) => p.ds >= next.from && p.ds <= next.to);
    if (points.length !== days) continue;
    sums.set(
      key,
      points.reduce((total, p) => total + Math.max(0, p.yhat), 0),
    );
  }
  return sums;
}

/**
 * Ranks the provinces, cities or venues the caller may see by their flow over the last `days` days,
 * with 环比, 同比, utilisation, forecast growth and the emerging screen. Two metrics queries (the span
 * of the current, previous and history periods, and last year's period) answer every place at once.
 * Throws QueryError for a bad request or a store without data.
 */
export async function buildHotspots(
  store: Store,
  request: HotspotsRequest,
  scope: QueryScope,
  options: FlowOptions,
): Promise<HotspotsResult> {
  const { level } = request;
  const { days, sortBy, limit } = checkHotspotsRequest(request);
  const known = await dataDays(store, options);
  if (!known) throw new QueryError('data', 'there is no order or event data to rank places by yet');
  const end = known.lastComplete;
  const dataStart = known.first;
  const covered = (period: Period) => period.from >= dataStart;

  const period = periodBack(end, days, 0);
  const previousPeriod = periodBack(end, days, 1);
  const lastYearPeriod = { from: addDays(period.from, -LAST_YEAR_DAYS), to: addDays(period.to, -LAST_YEAR_DAYS) };
  // History oldest first, ending with the previous period, as rankHotspots reads it.
  const history: Period[] = [];
  for (let k = HISTORY_PERIODS + 1; k >= 1; k--) {
    const p = periodBack(end, days, k);
    if (covered(p)) history.push(p);
  }
  const hasPrevious = covered(previousPeriod);
  const hasLastYear = covered(lastYearPeriod);
  const span = { from: history[0]?.from ?? period.from, to: period.to };

  const [daily, lastYearDaily, venues] = await Promise.all([
    dailyFlow(store, level, span, scope, options),
    hasLastYear ? dailyFlow(store, level, lastYearPeriod, scope, options) : Promise.resolve(new Map<string, Float64Array>()),
    loadVenues(store),
  ]);
  const keys = [...daily.keys()].sort();
  const forecasts = await nextPeriodForecasts(store, level, keys, end, days);
  const capacities = dailyCapacities(venues, level);
  const names = new Map(venues.map((v) => [v.venueId, v.name]));

  const entries: HotspotEntry[] = keys.map((key) => {
    const values = daily.get(key);
    const capacity = capacities.get(key);
    return {
      key,
      label: level === 'venue' ? (names.get(key) ?? key) : key,
      level,
      current: sumDays(values, span.from, period),
      previous: hasPrevious ? sumDays(values, span.from, previousPeriod) : null,
      lastYear: hasLastYear ? sumDays(lastYearDaily.get(key), lastYearPeriod.from, lastYearPeriod) : null,
      history: history.map((p) => sumDays(values, span.from, p)),
      capacity: capacity == null ? null : capacity * days,
      forecast: forecasts.get(key) ?? null,
    };
  });
  const ranking = rankHotspots(entries, { sortBy });

  const historyPeriods = hasPrevious ? history.length - 1 : 0;
  const notes: string[] = [];
  if (!hasPrevious) notes.push(`The data starts on ${dataStart}, inside the previous period: 环比 is not available.`);
  if (historyPeriods < HISTORY_PERIODS)
    notes.push(`The data starts on ${dataStart}: ${historyPeriods} of ${HISTORY_PERIODS} earlier periods give the usual growth.`);
  if (!hasLastYear)
    notes.push(
      `The data starts on ${dataStart}, after last year's period ${lastYearPeriod.from}–${lastYearPeriod.to}: 同比 is not available.`,
    );
  notes.push(`Last year's period is the current one ${LAST_YEAR_DAYS} days (52 weeks) earlier, so weekdays line up.`);
  const rule = options.settings?.visitorRule ?? DEFAULT_METRICS_SETTINGS.visitorRule;

  return {
    level,
    days,
    period,
    previousPeriod,
    lastYearPeriod,
    historyPeriods,
    flowDefinition: describeFlow(rule, options.timeZone),
    notes,
    places: ranking.rows.length,
    ranking: { ...ranking, rows: ranking.rows.slice(0, limit) },
    emerging: ranking.rows.filter((row) => row.emerging),
  };
}

/**
 * A ranking computed once for every place (limit MAX_LIMIT), ordered by another key and cut to
 * another length: one computation serves every sort and length asked of the same level and period.
 */
export function rerankHotspots(full: HotspotsResult, sortBy: HotspotSortKey, limit: number): HotspotsResult {
  const rows = sortHotspotRows([...full.ranking.rows], sortBy);
  const emerging = rows.filter((row) => row.emerging);
  return { ...full, ranking: { sortBy, rows: rows.slice(0, limit), emerging: emerging.map((row) => row.key) }, emerging };
}
