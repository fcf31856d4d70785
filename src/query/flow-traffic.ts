/**
 * Traffic and conversion (客流与转化) of a period: totals, visitors by day, who the visitors are (age
 * band, gender, province of origin, channel) and the funnel visit → order → paid by channel and by
 * province. Every number is a catalog metric answered by queryMetrics, so it matches `flowsight
 * query` with the same period, filters and scope.
 *
 * The funnel, with the catalog's definitions:
 * - visitors: distinct users with a visit event or a paid, not cancelled or refunded, order;
 * - buyers: distinct users with an order paid in the period and not cancelled or refunded;
 *   conversionRate = the visitors who bought ÷ visitors (转化率, the visit → purchase step, counted in
 *   people; the metrics layer's conversion_rate);
 * - orders: orders created in the period; paidOfCreated: those of them paid by now; payRate =
 *   paidOfCreated ÷ orders (支付率, the order → paid step, counted in orders).
 * The catalog has no "users who placed an order" metric, so the first step is measured up to the
 * purchase and the second in orders. Both rates lie in [0, 1]: a split by channel counts a visitor,
 * and whether they bought, under the channels their own records carry.
 */
import { addDays } from '../domain/calendar/civil-date.ts';
import { FACTS } from '../analysis/metrics/facts.ts';
import { parsePeriod, QueryError, type Filter, type QueryScope } from '../analysis/metrics/metric-query.ts';
import type { MetricName } from '../analysis/metrics/metrics.ts';
import type { Period } from '../analysis/metrics/shift-period.ts';
import type { Cell } from '../analysis/result-table.ts';
import type { Store } from '../store/store.ts';
import { lastCompleteDay, type FlowOptions } from './flow-forecast.ts';
import { queryMetrics } from './query-metrics.ts';

/** Days in the default period, ending on the last complete day. */
export const DEFAULT_TRAFFIC_DAYS = 28;
/**
 * Longest period: three years. The answer has a row per day of the period, and a period this long
 * already costs the seven metrics queries behind it seconds on a large store.
 */
export const MAX_TRAFFIC_DAYS = 1096;
/** Provinces of origin listed before the rest are folded into one row. */
export const TOP_USER_PROVINCES = 15;
/** Above this share of visitors without a channel, the channel split is of buyers instead. */
const MAX_UNKNOWN_CHANNEL_SHARE = 0.5;
const AGE_BANDS = ['<18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

export interface TrafficRequest {
  /** First day (local, inclusive); default 27 days before `to`. */
  readonly from?: string | undefined;
  /** Last day (local, inclusive); default the last complete day of data. At most MAX_TRAFFIC_DAYS in all. */
  readonly to?: string | undefined;
  /** Filters applied to every number, as in `flowsight query --where`. */
  readonly where?: readonly Filter[] | undefined;
}

/** The funnel's counts and step rates for the whole period or one group. */
export interface FunnelCounts {
  /** Distinct visitors (客流). */
  readonly visitors: number;
  /** Distinct users with an order paid in the period. */
  readonly buyers: number;
  /** Orders created in the period. */
  readonly orders: number;
  /** Of the orders created in the period, those paid by now. */
  readonly paidOfCreated: number;
  /** Visitors who bought ÷ visitors (visit → purchase), in [0, 1]; null without visitors. */
  readonly conversionRate: number | null;
  /** paidOfCreated ÷ orders (order → paid), in [0, 1]; null without orders. */
  readonly payRate: number | null;
}

export interface TrafficTotals extends FunnelCounts {
  /** Orders paid in the period (by paid_at), whenever created, including ones later cancelled or refunded. */
  readonly paidOrders: number;
}

export interface TrafficDay {
  readonly date: string;
  readonly visitors: number;
  readonly buyers: number;
  readonly orders: number;
  readonly paidOrders: number;
}

export type AttributeDimension = 'age_band' | 'gender' | 'user_province' | 'channel';

export interface AttributeRow {
  /** The value; null for unknown (no profile or an empty field) and for the folded `other` row. */
  readonly value: string | null;
  /** True for the row folding the values after the top ones. */
  readonly other: boolean;
  readonly count: number;
  /** count ÷ the basis total; null when the total is 0. */
  readonly share: number | null;
}

export interface AttributeBreakdown {
  readonly dimension: AttributeDimension;
  /** Whom the rows count: visitors, or buyers when visits carry too little of the attribute. */
  readonly basis: 'visitors' | 'buyers';
  /** Distinct visitors (or buyers) of the period, the base of every share. */
  readonly total: number;
  /**
   * True when each person falls in exactly one row (profile attributes: one profile per user, no
   * profile = unknown), so the counts sum to `total`; false for channel, where one person may use several.
   */
  readonly partition: boolean;
  readonly rows: readonly AttributeRow[];
  readonly note?: string | undefined;
}

/** Funnel of one channel or province; `key` null for records without one. */
export interface FunnelRow extends FunnelCounts {
  readonly key: string | null;
}

export interface TrafficResult {
  readonly period: Period;
  readonly where: readonly Filter[];
  readonly totals: TrafficTotals;
  /** Every day of the period, zero-filled. */
  readonly days: readonly TrafficDay[];
  readonly attributes: {
    readonly ageBand: AttributeBreakdown;
    readonly gender: AttributeBreakdown;
    readonly userProvince: AttributeBreakdown;
    readonly channel: AttributeBreakdown;
  };
  readonly funnel: {
    readonly byChannel: readonly FunnelRow[];
    readonly byProvince: readonly FunnelRow[];
  };
  /** What the numbers mean where it is not obvious. */
  readonly notes: readonly string[];
}

const FUNNEL_METRICS: readonly MetricName[] = ['visitors', 'buyers', 'orders', 'paid_of_created', 'conversion_rate', 'pay_rate'];

const count = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : cell == null ? 0 : Number(cell));
const ratio = (cell: Cell | undefined): number | null => (cell == null ? null : Number(cell));

function funnelOf(row: Record<string, Cell> | undefined): FunnelCounts {
  return {
    visitors: count(row?.visitors),
    buyers: count(row?.buyers),
    orders: count(row?.orders),
    paidOfCreated: count(row?.paid_of_created),
    conversionRate: ratio(row?.conversion_rate),
    payRate: ratio(row?.pay_rate),
  };
}

function resolvePeriod(request: TrafficRequest, lastDay: string | null): Period {
  const given = parsePeriod(request);
  const to = given.to ?? lastDay;
  if (!to) throw new QueryError('data', 'there is no order or event data yet: give a period with from and to');
  const from = given.from ?? addDays(to, -(DEFAULT_TRAFFIC_DAYS - 1));
  parsePeriod({ from, to }, { maxDays: MAX_TRAFFIC_DAYS });
  return { from, to };
}

function shareOf(value: number, total: number): number | null {
  return total > 0 ? value / total : null;
}

/** Rows of a split: known values ordered by `order`, then unknown; beyond `top` known values, one `other` row. */
function attributeRows(
  rows: readonly Record<string, Cell>[],
  dimension: AttributeDimension,
  metric: 'visitors' | 'buyers',
  total: number,
  order: (a: AttributeRow, b: AttributeRow) => number,
  top = Infinity,
): AttributeRow[] {
  const known: AttributeRow[] = [];
  let unknown = 0;
  for (const row of rows) {
    const value = row[dimension];
    const n = count(row[metric]);
    if (value == null || value === '') unknown += n;
    else known.push({ value: String(value), other: false, count: n, share: shareOf(n, total) });
  }
  known.sort(order);
  const out = known.slice(0, top);
  const rest = known.slice(top).reduce((sum, row) => sum + row.count, 0);
  if (known.length > top) out.push({ value: null, other: true, count: rest, share: shareOf(rest, total) });
  if (unknown > 0) out.push({ value: null, other: false, count: unknown, share: shareOf(unknown, total) });
  return out;
}

const byCountDesc = (a: AttributeRow, b: AttributeRow): number => b.count - a.count || String(a.value).localeCompare(String(b.value));
const byAgeBand = (a: AttributeRow, b: AttributeRow): number => AGE_BANDS.indexOf(a.value ?? '') - AGE_BANDS.indexOf(b.value ?? '');

/**
 * Traffic and conversion of a period (default: the 28 days up to the last complete day) under
 * `where` and `scope`: seven metrics queries, run together. Throws QueryError for a bad period, a
 * filter the funnel's facts cannot take, or an empty store without a period.
 */
export async function buildTraffic(store: Store, request: TrafficRequest, scope: QueryScope, options: FlowOptions): Promise<TrafficResult> {
  const period = resolvePeriod(request, request.to === undefined || request.to === '' ? await lastCompleteDay(store, options) : null);
  const where = request.where ?? [];
  const ask = (metrics: readonly MetricName[], by: readonly ('day' | AttributeDimension | 'province')[]) =>
    queryMetrics(store, { metrics, by, where, from: period.from, to: period.to }, scope, options);

  const [totalsResult, daily, ageBand, gender, userProvince, byChannel, byProvince] = await Promise.all([
    ask([...FUNNEL_METRICS, 'paid_orders'], []),
    ask(['visitors', 'buyers', 'orders', 'paid_orders'], ['day']),
    ask(['visitors'], ['age_band']),
    ask(['visitors'], ['gender']),
    ask(['visitors'], ['user_province']),
    ask(FUNNEL_METRICS, ['channel']),
    ask(FUNNEL_METRICS, ['province']),
  ]);

  const totalsRow = totalsResult.rows[0];
  const totals: TrafficTotals = { ...funnelOf(totalsRow), paidOrders: count(totalsRow?.paid_orders) };

  const dailyByDate = new Map(daily.rows.map((row) => [String(row.day).slice(0, 10), row]));
  const days: TrafficDay[] = [];
  for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
    const row = dailyByDate.get(date);
    days.push({
      date,
      visitors: count(row?.visitors),
      buyers: count(row?.buyers),
      orders: count(row?.orders),
      paidOrders: count(row?.paid_orders),
    });
  }

  const profile = (
    dimension: AttributeDimension,
    rows: readonly Record<string, Cell>[],
    order = byCountDesc,
    top = Infinity,
  ): AttributeBreakdown => ({
    dimension,
    basis: 'visitors',
    total: totals.visitors,
    partition: true,
    rows: attributeRows(rows, dimension, 'visitors', totals.visitors, order, top),
  });

  const notes: string[] = [
    'Profile attributes (age band, gender, province of origin) split visitors by their user profile: each visitor is in one row, visitors without a profile or without the field under unknown (value null), so the counts sum to the total visitors.',
    'conversionRate = visitors who bought ÷ visitors (visit → purchase, people); payRate = paid ÷ created orders (order → paid, orders). Both are within [0, 1]; a split by channel counts a visitor, and whether they bought, under the channels their own records carry.',
  ];

  return {
    period,
    where,
    totals,
    days,
    attributes: {
      ageBand: profile('age_band', ageBand.rows, byAgeBand),
      gender: profile('gender', gender.rows),
      userProvince: profile('user_province', userProvince.rows, byCountDesc, TOP_USER_PROVINCES),
      channel: channelBreakdown(byChannel.rows, totals, notes),
    },
    funnel: {
      byChannel: byChannel.rows.map((row) => ({ key: row.channel == null ? null : String(row.channel), ...funnelOf(row) })),
      byProvince: byProvince.rows.map((row) => ({ key: row.province == null ? null : String(row.province), ...funnelOf(row) })),
    },
    notes,
  };
}

/**
 * Visitors by channel when visits carry a channel; otherwise buyers by channel (an order always has
 * one). Visit events often do not (a walk-in has no channel), and visitors by channel then mostly
 * counts visitors who also paid an order, which is the buyers' split said less clearly.
 */
function channelBreakdown(rows: readonly Record<string, Cell>[], totals: TrafficTotals, notes: string[]): AttributeBreakdown {
  const supported = FACTS.visits.dimensions.channel !== undefined;
  const unknownVisitors = count(rows.find((row) => row.channel == null)?.visitors);
  const unknownShare = shareOf(unknownVisitors, totals.visitors) ?? 0;
  const basis = supported && unknownShare <= MAX_UNKNOWN_CHANNEL_SHARE ? 'visitors' : 'buyers';
  const total = basis === 'visitors' ? totals.visitors : totals.buyers;
  const note =
    basis === 'visitors'
      ? 'Visitors by the channel of their records; a visitor who used several channels is in each of their rows, so the counts may sum to more than the total.'
      : supported
        ? `Buyers by the channel of their paid orders: ${Math.round(unknownShare * 100)}% of visitors have a record without a channel (visit events here carry none), so a split of visitors would mostly show who paid. A buyer who paid through several channels is in each of their rows.`
        : 'Buyers by the channel of their paid orders: visits have no channel. A buyer who paid through several channels is in each of their rows.';
  notes.push(`Channel: ${note}`);
  return { dimension: 'channel', basis, total, partition: false, rows: attributeRows(rows, 'channel', basis, total, byCountDesc), note };
}
