/**
 * Active alerts from the store and the ingest counters (the data for analysis/alerts/detect-active-alerts):
 * the last 63 complete days of flow, orders and revenue for the place asked about, the daily system
 * error rate, the venues' hot-spot screen and capacity forecast, and recent rejects.
 */
import {
  detectActiveAlerts,
  type ActiveAlert,
  type AlertPlace,
  type HotspotSignal,
  type RejectSignal,
} from '../analysis/alerts/detect-active-alerts.ts';
import type { SeriesPoint } from '../analysis/anomalies/flag-anomalies.ts';
import { QueryError, type Filter, type QueryScope } from '../analysis/metrics/metric-query.ts';
import { shortCityName, shortProvinceName } from '../analysis/metrics/place-names.ts';
import { addDays } from '../domain/calendar/civil-date.ts';
import type { IngestStatsSnapshot } from '../ingest/stream/ingest-stats.ts';
import type { Store } from '../store/store.ts';
import { dataDays, loadVenues, type FlowOptions, type VenueInfo } from './flow-forecast.ts';
import { buildHotspots, type HotspotsRequest, type HotspotsResult } from './flow-hotspots.ts';
import type { LiveFilter } from './live-snapshot.ts';
import { queryMetrics } from './query-metrics.ts';

export interface ActiveAlertsResult {
  readonly at: string;
  /** The day the day rules judged; null when the store holds no orders or events. */
  readonly lastDay: string | null;
  readonly place: AlertPlace;
  readonly alerts: readonly ActiveAlert[];
}

/** Days of history the day rules read (8 weeks before the judged day, and the day). */
const HISTORY_DAYS = 63;
const HOTSPOT_DAYS = 7;
const REJECT_WINDOW_MS = 24 * 3600_000;

function placeOf(filter: LiveFilter, venueName: string | null): AlertPlace {
  if (filter.venue) return { level: 'venue', value: filter.venue, name: venueName ?? filter.venue };
  if (filter.city) return { level: 'city', value: filter.city, name: filter.city };
  if (filter.province) return { level: 'province', value: filter.province, name: filter.province };
  return { level: 'all' };
}

/** A daily series from `from` to `to` with missing days as 0. */
function daily(rows: readonly Record<string, unknown>[], metric: string, from: string, to: string): SeriesPoint[] {
  const byDay = new Map(rows.map((row) => [String(row.day), Number(row[metric] ?? 0) || 0]));
  const points: SeriesPoint[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) points.push({ at: day, value: byDay.get(day) ?? 0 });
  return points;
}

function rejectSignals(
  stream: IngestStatsSnapshot | undefined,
  imports: Awaited<ReturnType<Store['status']>>['lastImports'],
  now: Date,
): RejectSignal[] {
  const signals: RejectSignal[] = [];
  for (const entry of stream?.entries ?? []) {
    if (entry.totals.rejected === 0) continue;
    const latest = entry.reasons[entry.reasons.length - 1];
    signals.push({
      source: entry.source,
      kind: entry.kind,
      rejected: entry.totals.rejected,
      latestReason: latest ? `line ${latest.line}: ${latest.reason}` : undefined,
      at: latest?.at ?? entry.freshness.lastRecordAt,
    });
  }
  for (const record of imports) {
    if (now.getTime() - record.finishedAt.getTime() > REJECT_WINDOW_MS) continue;
    if (record.rejected === 0 && record.status !== 'failed') continue;
    signals.push({
      source: record.source,
      kind: record.kind,
      rejected: record.rejected,
      failed: record.status === 'failed',
      latestReason: record.error ?? (record.rejectsFile ? `see ${record.rejectsFile}` : undefined),
      at: record.finishedAt.toISOString(),
    });
  }
  return signals;
}

/** The catalog's name of a province or city given in any written form (江西省 → 江西); a QueryError when it has none. */
function catalogName(level: 'province' | 'city', given: string, venues: readonly VenueInfo[]): string {
  const names = [...new Set(venues.flatMap((venue) => (venue[level] === null ? [] : [venue[level]!])))];
  if (names.includes(given)) return given;
  const short = level === 'province' ? shortProvinceName : shortCityName;
  const match = names.find((name) => short(name) === short(given));
  if (match !== undefined) return match;
  const known =
    level === 'province'
      ? `it has ${names.sort((a, b) => a.localeCompare(b, 'zh-CN')).join(', ')}`
      : `it has ${names.length} cities (GET /api/v1/places lists them)`;
  throw new QueryError(level, `there is no ${level} "${given}" in the catalog; ${known}`);
}

/**
 * The place an alerts request names, as the catalog holds it: a province or city in any written form
 * (江西省 and 江西 are one place), a venue by its exact id (ids are case-sensitive, as import keeps them).
 * A place the catalog does not hold within the caller's scope is a QueryError naming it — never an
 * all-clear for a place that has no data. A store without a catalog cannot tell, and takes the place as given.
 */
export async function resolveAlertPlace(store: Store, filter: LiveFilter, scope: QueryScope): Promise<LiveFilter> {
  if (!filter.province && !filter.city && !filter.venue) return filter;
  const all = await loadVenues(store);
  if (all.length === 0) return filter;
  const allowed = scope.provinces;
  const venues = allowed ? all.filter((venue) => venue.province !== null && allowed.includes(venue.province)) : all;
  const venue = filter.venue;
  if (venue !== undefined && !venues.some((v) => v.venueId === venue)) {
    const other = venues.find((v) => v.venueId.toLowerCase() === venue.toLowerCase());
    throw new QueryError(
      'venue',
      `there is no venue "${venue}" in the catalog${other ? `; venue ids are case-sensitive: did you mean "${other.venueId}"?` : ''}`,
    );
  }
  return {
    ...(filter.province ? { province: catalogName('province', filter.province, venues) } : {}),
    ...(filter.city ? { city: catalogName('city', filter.city, venues) } : {}),
    ...(venue ? { venue } : {}),
  };
}

/** Active alerts of a place (resolved by resolveAlertPlace) under `scope`. */
export async function findActiveAlerts(
  store: Store,
  filter: LiveFilter,
  scope: QueryScope,
  options: FlowOptions & {
    readonly stream?: IngestStatsSnapshot | undefined;
    readonly now?: Date;
    /** Where the hot-spot ranking comes from (default: computed here); the server passes its cache. */
    readonly hotspots?: ((request: HotspotsRequest, scope: QueryScope) => Promise<HotspotsResult>) | undefined;
  },
): Promise<ActiveAlertsResult> {
  const now = options.now ?? new Date();
  const status = await store.status({ lastImports: 200 });
  const rejects = rejectSignals(options.stream, status.lastImports, now);
  const days = await dataDays(store, options);
  const venueName = filter.venue ? ((await loadVenues(store, filter.venue))[0]?.name ?? null) : null;
  const place = placeOf(filter, venueName);
  if (!days) return { at: now.toISOString(), lastDay: null, place, alerts: detectActiveAlerts({ lastDay: '', place, flow: [], rejects }) };

  const to = days.lastComplete;
  const from = addDays(to, -(HISTORY_DAYS - 1));
  const where: Filter[] = (['province', 'city', 'venue'] as const).flatMap((dimension) =>
    filter[dimension] ? [{ dimension, op: 'eq' as const, values: [filter[dimension]!] }] : [],
  );
  const flowRows = await queryMetrics(store, { metrics: ['visitors', 'orders', 'revenue'], by: ['day'], from, to, where }, scope, options);
  // Logs have no place: their error rate is an alert of the whole system only.
  const errorRows =
    place.level === 'all'
      ? await queryMetrics(store, { metrics: ['log_count', 'error_rate'], by: ['day'], from, to, where: [] }, scope, options)
      : undefined;
  const hasLogs = errorRows?.rows.some((row) => Number(row.log_count ?? 0) > 0) ?? false;

  // Venues are screened everywhere the caller may look, or within the province asked about.
  let hotspots: HotspotSignal[] = [];
  if (place.level === 'all' || place.level === 'province' || place.level === 'venue') {
    const provinces =
      place.level === 'province' ? [place.value!].filter((p) => !scope.provinces || scope.provinces.includes(p)) : scope.provinces;
    const rank = options.hotspots ?? ((request: HotspotsRequest, where: QueryScope) => buildHotspots(store, request, where, options));
    // No ranking (too little data for one) means no hot-spot alerts, not a failed answer.
    const ranking = await rank({ level: 'venue', days: HOTSPOT_DAYS, sortBy: 'emerging', limit: 1000 }, { ...scope, provinces }).catch(
      () => undefined,
    );
    hotspots = (ranking?.ranking.rows ?? [])
      .filter((row) => place.level !== 'venue' || row.key === place.value)
      .map((row) => ({
        key: row.key,
        label: row.label,
        level: row.level,
        current: row.current,
        growth: row.growth,
        typicalGrowth: row.typicalGrowth,
        emerging: row.emerging,
        capacity: row.capacity,
        forecast: row.forecast,
      }));
  }

  const alerts = detectActiveAlerts({
    lastDay: to,
    place,
    flow: (['visitors', 'orders', 'revenue'] as const).map((metric) => ({ metric, points: daily(flowRows.rows, metric, from, to) })),
    errorRate: hasLogs ? daily(errorRows!.rows, 'error_rate', from, to) : undefined,
    hotspots,
    hotspotDays: HOTSPOT_DAYS,
    rejects,
  });
  return { at: now.toISOString(), lastDay: to, place, alerts };
}
