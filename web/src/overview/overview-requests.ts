/**
 * What the overview asks the server for when it opens, in one place: the page asks for exactly these,
 * and the shell prefetches them while the page's code is still loading (see pages/page-registry.ts).
 */
import { metricsParams, prefetch, type MetricsRequest, type Params } from '../api.ts';
import { addDays, clockIn, toWhere, type Filters } from '../filters/filters.ts';
import type { Locale } from '../i18n/locale.ts';
import { forecastTarget } from './forecast-target.ts';

export const FORECAST_METRICS = ['visitors', 'orders', 'revenue'] as const;
// Defined here rather than beside the hot-spot chart: the shell imports this module, and should not
// carry the chart's code and the overview's words.
export type HotspotLevel = 'venue' | 'city' | 'province';
export const HOTSPOT_LEVELS: readonly HotspotLevel[] = ['venue', 'city', 'province'];
export type ForecastMetric = (typeof FORECAST_METRICS)[number];
const KPI_METRICS = ['visitors', 'orders', 'revenue', 'conversion_rate'];

/** The forecast the chart shows (`?forecast=`), visitors unless the URL names another. */
export function forecastMetricOf(params: URLSearchParams): ForecastMetric {
  const value = params.get('forecast') ?? '';
  return (FORECAST_METRICS as readonly string[]).includes(value) ? (value as ForecastMetric) : 'visitors';
}

/** The level hot spots are ranked at (`?hotspots=`), venues unless the URL names another. */
export function hotspotLevelOf(params: URLSearchParams): HotspotLevel {
  const value = params.get('hotspots') ?? '';
  return (HOTSPOT_LEVELS as readonly string[]).includes(value) ? (value as HotspotLevel) : 'venue';
}

/** Two weeks back and the week ahead: the days the forecast chart shades. */
export const calendarParams = (today: string): Params => ({ from: addDays(today, -14), to: addDays(today, 7) });
export const hotspotsParams = (level: HotspotLevel): Params => ({ level, limit: 10, days: 7 });
/** Alerts and the live feed follow the region filter only. */
export const regionOf = (filters: Filters) => ({ province: filters.province, city: filters.city, venue: filters.venue });
export const forecastParams = (metric: ForecastMetric, filters: Filters): Params => ({ metric, horizon: 7, ...forecastTarget(filters) });

/**
 * The metrics behind the KPI cards: today's conversion, the last seven full days, and yesterday and
 * the same day last week up to `clock` (`HH:MM`, the current minute in the reporting zone).
 */
export function kpiRequests(filters: Filters, today: string, clock: string) {
  const where = toWhere(filters, ['channel', 'segment']);
  const yesterday = addDays(today, -1);
  const lastWeekDay = addDays(today, -7);
  const soFar = (day: string): MetricsRequest => ({
    metric: KPI_METRICS,
    from: day,
    to: day,
    where: [...where, `minute=${day} 00:00..${day} ${clock}`],
  });
  return {
    yesterday,
    lastWeekDay,
    yesterdaySoFar: soFar(yesterday),
    lastWeekSoFar: soFar(lastWeekDay),
    fullDays: { metric: KPI_METRICS, by: ['day'], from: lastWeekDay, to: yesterday, where } satisfies MetricsRequest,
    todayConversion: { metric: ['conversion_rate'], from: today, to: today, where } satisfies MetricsRequest,
  };
}

export interface OverviewOpening {
  readonly filters: Filters;
  readonly today: string;
  readonly timeZone: string;
  readonly locale: Locale;
  readonly params: URLSearchParams;
}

/** Asks for everything the overview asks for when it opens (the live feed aside, which the server keeps ready). */
export function prefetchOverview({ filters, today, timeZone, locale, params }: OverviewOpening): void {
  const kpis = kpiRequests(filters, today, clockIn(timeZone));
  for (const request of [kpis.yesterdaySoFar, kpis.lastWeekSoFar, kpis.fullDays, kpis.todayConversion])
    prefetch('/query', metricsParams(request, locale));
  for (const metric of FORECAST_METRICS) prefetch('/flow/forecast', forecastParams(metric, filters));
  prefetch('/calendar', calendarParams(today));
  prefetch('/alerts/active', regionOf(filters));
  prefetch('/flow/hotspots', hotspotsParams(hotspotLevelOf(params)));
}
