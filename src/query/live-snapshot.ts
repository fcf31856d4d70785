/**
 * The live feed's picture of "now": orders, revenue and visitors per minute over the last hour (from
 * the metrics layer at minute grain, so the numbers mean what they mean everywhere else), today's
 * totals so far, and the latest records ingested with personal data masked. What `GET /api/v1/live`
 * pushes and the dashboard's overview shows.
 */
import { FACTS, LOOKUP_JOINS, type MetricsSettings } from '../analysis/metrics/facts.ts';
import type { Filter, MetricQuery, QueryScope } from '../analysis/metrics/metric-query.ts';
import type { MetricName } from '../analysis/metrics/metrics.ts';
import { maskId } from '../analysis/privacy/mask.ts';
import type { Cell } from '../analysis/result-table.ts';
import type { Store } from '../store/store.ts';
import { queryMetrics } from './query-metrics.ts';

/** Where the feed looks: any of province, city and venue id (all must match). */
export interface LiveFilter {
  readonly province?: string | undefined;
  readonly city?: string | undefined;
  readonly venue?: string | undefined;
}

export interface LiveSnapshotOptions {
  readonly timeZone: string;
  readonly filter?: LiveFilter;
  /** What the caller may see (allowed provinces), applied to the numbers and the records alike. */
  readonly scope?: QueryScope;
  /** Minutes in `perMinute`, ending with the current one (default 60, at most 1440). */
  readonly minutes?: number;
  readonly now?: Date;
  readonly settings?: MetricsSettings;
  /** Latest records of each kind (default 20, at most 100). */
  readonly latest?: number;
  /** Which latest records to read (default both): a page showing only orders spares the event table's scan. */
  readonly records?: LiveRecords;
}

export type LiveRecords = 'orders' | 'visits' | 'both';
export const LIVE_RECORDS: readonly LiveRecords[] = ['orders', 'visits', 'both'];

export interface LiveMinute {
  /** Local minute `YYYY-MM-DD HH:MM`. */
  readonly minute: string;
  readonly orders: number;
  readonly revenue: number;
  readonly visitors: number;
}

/** A recently ingested order, without anything that identifies or locates its buyer. */
export interface LiveOrder {
  readonly orderId: string;
  /** Masked: first and last two characters. */
  readonly userId: string | null;
  readonly createdAt: string | null;
  readonly paidAt: string | null;
  readonly amount: number | null;
  readonly status: string | null;
  readonly channel: string | null;
  readonly venueId: string | null;
  readonly venueName: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly ingestedAt: string | null;
}

/** A recently ingested visit event, user masked. */
export interface LiveVisit {
  readonly eventId: string;
  readonly userId: string | null;
  readonly occurredAt: string | null;
  readonly channel: string | null;
  readonly venueId: string | null;
  readonly venueName: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly ingestedAt: string | null;
}

export interface LiveSnapshot {
  readonly at: string;
  readonly timeZone: string;
  readonly filter: LiveFilter;
  /** Oldest first, zero-filled, the last entry is the current (incomplete) minute. */
  readonly perMinute: readonly LiveMinute[];
  /** Today (local) so far. */
  readonly totals: { readonly orders: number; readonly revenue: number; readonly visitors: number };
  readonly latest: { readonly orders: readonly LiveOrder[]; readonly visits: readonly LiveVisit[] };
}

const LIVE_METRICS: readonly MetricName[] = ['orders', 'revenue', 'visitors'];
const MINUTE_MS = 60_000;

const minuteFormats = new Map<string, Intl.DateTimeFormat>();

/** Local minute label `YYYY-MM-DD HH:MM` of an instant, as the metrics layer labels the minute grain. */
export function localMinuteLabel(ms: number, timeZone: string): string {
  let format = minuteFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    minuteFormats.set(timeZone, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The filter with blank values dropped, so `{ province: '' }` means everywhere. */
export function normaliseLiveFilter(filter: LiveFilter = {}): LiveFilter {
  const clean = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const province = clean(filter.province);
  const city = clean(filter.city);
  const venue = clean(filter.venue);
  return { ...(province ? { province } : {}), ...(city ? { city } : {}), ...(venue ? { venue } : {}) };
}

function metricFilters(filter: LiveFilter): Filter[] {
  return (['province', 'city', 'venue'] as const).flatMap((dimension): Filter[] => {
    const value = filter[dimension];
    return value === undefined ? [] : [{ dimension, op: 'eq', values: [value] }];
  });
}

const numberOf = (cell: Cell | undefined) => (typeof cell === 'number' ? cell : Number(cell ?? 0) || 0);
const money = (value: number) => Math.round(value * 100) / 100;
const text = (cell: Cell | undefined) => (cell === null || cell === undefined ? null : String(cell));
const numberOrNull = (cell: Cell | undefined) => (cell === null || cell === undefined ? null : Number(cell));

/**
 * Where a channel's latest records left off: the table's newest ingestion instant when they were read
 * (as text for binding and as a cell for comparing) and the rows, so the next snapshot only reads what
 * was ingested since. Kept by the live feed between snapshots; never sent to clients (unmasked).
 */
export interface LatestRowsState {
  readonly limit: number;
  readonly since: { readonly text: string; readonly cell: Cell } | null;
  readonly rows: readonly Record<string, Cell>[];
}

/** What one snapshot continues from: the states of its latest orders and visits. */
export interface LiveContinuation {
  readonly orders?: LatestRowsState | undefined;
  readonly visits?: LatestRowsState | undefined;
}

/**
 * The latest `limit` records of `table`, newest ingested first, in the filter and scope. The place
 * dimensions are those of the metrics facts (venue from the record or its product, region from the
 * venue in the catalog; visit events fall back to the region they report), so a record shows under
 * the same province the numbers count it in.
 *
 * With `previous` (the same table, filter, scope and limit) only the rows ingested since it are read:
 * every one of them ranks above every older row, so the answer is the newest rows' top followed by the
 * previous rows older than them. That is exact unless one of the previous rows has been replaced since
 * (an order's newer state), which a lookup of their ids detects; the whole table is read then.
 */
async function latestRows(
  store: Store,
  table: 'orders' | 'events',
  filter: LiveFilter,
  scope: QueryScope,
  limit: number,
  previous: LatestRowsState | undefined,
): Promise<LatestRowsState> {
  const dims = (table === 'orders' ? FACTS.orders_created : FACTS.visits).dimensions;
  const place = { province: dims.province!.sql, city: dims.city!.sql, venue: dims.venue!.sql };
  const params: (string | number)[] = [];
  const bind = (value: string) => {
    params.push(value);
    return store.dialect.placeholder(params.length);
  };
  const conditions: string[] = table === 'events' ? [`f.event_type = 'visit'`] : [];
  for (const dimension of ['province', 'city', 'venue'] as const) {
    const value = filter[dimension];
    if (value !== undefined) conditions.push(`${place[dimension]} = ${bind(value)}`);
  }
  if (scope.provinces) {
    const allowed = scope.provinces.length > 0 ? scope.provinces : [''];
    conditions.push(`${place.province} IN (${allowed.map(bind).join(', ')})`);
  }
  const id = table === 'orders' ? 'f.order_id' : 'f.event_id';
  const columns =
    table === 'orders'
      ? ['f.order_id AS id', 'f.user_id', 'f.created_at', 'f.paid_at', 'f.amount', 'f.status']
      : ['f.event_id AS id', 'f.user_id', 'f.occurred_at'];
  const select = [
    ...columns,
    'f.channel',
    `${place.venue} AS venue_id`,
    'v.venue_name',
    `${place.province} AS province`,
    `${place.city} AS city`,
    'f._ingested_at AS ingested_at',
  ];
  const time = table === 'orders' ? 'f.created_at' : 'f.occurred_at';
  const order = ` ORDER BY f._ingested_at DESC, ${time} DESC, ${id} DESC LIMIT ${Math.floor(limit)}`;
  // Without a place to match, the latest rows are the table's own latest: pick them before the
  // lookups (they are left joins, which drop nothing), instead of joining millions of rows to keep 20.
  const placeFree = filter.province === undefined && filter.city === undefined && filter.venue === undefined && !scope.provinces;
  const ingestedFrom = (placeholder: number) => `f._ingested_at >= ${store.dialect.timestamp(store.dialect.placeholder(placeholder))}`;
  /** The latest rows, of all time or of those ingested at or after `from` (text of a stored timestamp). */
  const query = (from?: string) => {
    const bound = from === undefined ? [] : [ingestedFrom(params.length + 1)];
    const visits = table === 'events' ? [`f.event_type = 'visit'`] : [];
    const source = placeFree
      ? `(SELECT * FROM ${table} f${[...visits, ...bound].length ? ` WHERE ${[...visits, ...bound].join(' AND ')}` : ''}${order}) f`
      : `${table} f`;
    const where = placeFree ? conditions : [...conditions, ...bound];
    const sql =
      `SELECT ${select.join(', ')} FROM ${source} ${LOOKUP_JOINS.catalog.sql} ${LOOKUP_JOINS.venues.sql}` +
      `${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
      order;
    return store.runQuery({ sql, params: from === undefined ? params : [...params, from] });
  };

  // The newest ingestion before reading: whatever is committed later is ingested after it.
  const [newest] = await store.runQuery({
    sql: `SELECT max(f._ingested_at) AS cell, CAST(max(f._ingested_at) AS VARCHAR) AS text FROM ${table} f`,
    params: [],
  });
  const state = (rows: Record<string, Cell>[]): LatestRowsState => ({
    limit,
    since: typeof newest?.text === 'string' ? { text: newest.text, cell: newest.cell ?? null } : null,
    rows,
  });
  if (!previous || previous.limit !== limit || previous.since === null) return state(await query());

  const from = previous.since;
  const fresh = await query(from.text);
  if (fresh.length < limit) {
    // Were any of the previous rows replaced since (a newer state of an order)? Then read everything.
    const ids = previous.rows.map((row) => String(row.id));
    if (table === 'orders' && ids.length > 0) {
      const current = await store.runQuery({
        sql: `SELECT f.order_id AS id, f._ingested_at AS ingested_at FROM orders f WHERE ${ingestedFrom(ids.length + 1)} AND f.order_id IN (${ids.map((_, i) => store.dialect.placeholder(i + 1)).join(', ')})`,
        params: [...ids, from.text],
      });
      const before = new Map(previous.rows.map((row) => [String(row.id), row.ingested_at]));
      if (current.some((row) => before.get(String(row.id)) !== row.ingested_at)) return state(await query());
    }
  }
  const seen = new Set(fresh.map((row) => String(row.id)));
  const older = previous.rows.filter((row) => row.ingested_at !== from.cell && !seen.has(String(row.id)));
  return state([...fresh, ...older].slice(0, limit));
}

function toLiveOrder(row: Record<string, Cell>): LiveOrder {
  return {
    orderId: String(row.id),
    userId: maskId(text(row.user_id)),
    createdAt: text(row.created_at),
    paidAt: text(row.paid_at),
    amount: numberOrNull(row.amount),
    status: text(row.status),
    channel: text(row.channel),
    venueId: text(row.venue_id),
    venueName: text(row.venue_name),
    province: text(row.province),
    city: text(row.city),
    ingestedAt: text(row.ingested_at),
  };
}

function toLiveVisit(row: Record<string, Cell>): LiveVisit {
  return {
    eventId: String(row.id),
    userId: maskId(text(row.user_id)),
    occurredAt: text(row.occurred_at),
    channel: text(row.channel),
    venueId: text(row.venue_id),
    venueName: text(row.venue_name),
    province: text(row.province),
    city: text(row.city),
    ingestedAt: text(row.ingested_at),
  };
}

/** Builds the live snapshot for `now`; throws only when the store fails. */
export async function buildLiveSnapshot(store: Store, options: LiveSnapshotOptions): Promise<LiveSnapshot> {
  return (await buildLiveUpdate(store, options)).snapshot;
}

/**
 * The live snapshot, and what the next one can continue from. Given the `previous` continuation of a
 * snapshot with the same options (filter, scope, records, latest) and no catalog change since, the
 * latest records are read from what was ingested after it instead of from whole tables.
 */
export async function buildLiveUpdate(
  store: Store,
  options: LiveSnapshotOptions,
  previous?: LiveContinuation,
): Promise<{ snapshot: LiveSnapshot; continuation: LiveContinuation }> {
  const { timeZone } = options;
  const now = options.now ?? new Date();
  const filter = normaliseLiveFilter(options.filter);
  const scope = options.scope ?? {};
  const minutes = Math.min(1440, Math.max(1, Math.floor(options.minutes ?? 60)));
  const latest = Math.min(100, Math.max(0, Math.floor(options.latest ?? 20)));
  const records = options.records ?? 'both';
  const metricsOptions = { timeZone, ...(options.settings ? { settings: options.settings } : {}) };

  // Minute starts are whole minutes in UTC, and so in every zone in use (offsets are whole minutes).
  const current = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const labels = [
    ...new Set(Array.from({ length: minutes }, (_, i) => localMinuteLabel(current - (minutes - 1 - i) * MINUTE_MS, timeZone))),
  ];
  const first = labels[0]!;
  const last = labels[labels.length - 1]!;
  const today = last.slice(0, 10);
  const where = metricFilters(filter);
  const perMinuteQuery: MetricQuery = {
    metrics: LIVE_METRICS,
    by: ['minute'],
    from: first.slice(0, 10),
    to: today,
    where: [...where, { dimension: 'minute', op: 'range', values: [first, last] }],
  };
  const totalsQuery: MetricQuery = { metrics: LIVE_METRICS, by: [], from: today, to: today, where };

  const [perMinute, totals, orders, visits] = await Promise.all([
    queryMetrics(store, perMinuteQuery, scope, metricsOptions),
    queryMetrics(store, totalsQuery, scope, metricsOptions),
    latest > 0 && records !== 'visits' ? latestRows(store, 'orders', filter, scope, latest, previous?.orders) : undefined,
    latest > 0 && records !== 'orders' ? latestRows(store, 'events', filter, scope, latest, previous?.visits) : undefined,
  ]);

  const byMinute = new Map(perMinute.rows.map((row) => [String(row.minute), row]));
  const total = totals.rows[0] ?? {};
  const snapshot: LiveSnapshot = {
    at: now.toISOString(),
    timeZone,
    filter,
    perMinute: labels.map((minute) => {
      const row = byMinute.get(minute);
      return { minute, orders: numberOf(row?.orders), revenue: money(numberOf(row?.revenue)), visitors: numberOf(row?.visitors) };
    }),
    totals: { orders: numberOf(total.orders), revenue: money(numberOf(total.revenue)), visitors: numberOf(total.visitors) },
    latest: { orders: (orders?.rows ?? []).map(toLiveOrder), visits: (visits?.rows ?? []).map(toLiveVisit) },
  };
  return { snapshot, continuation: { orders, visits } };
}
