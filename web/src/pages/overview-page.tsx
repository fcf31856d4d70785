/**
 * 系统整体视图: what operators open every morning. Today's visitors, orders, revenue and conversion
 * (live, against the forecast's pace, yesterday and last week by the same minute), the last hour per
 * minute and the latest orders from the live feed, the next 7 days' forecast, hot spots and active
 * alerts. Only cheap calls: the live feed, stored forecasts, and a few one-day metrics queries.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useApi, useMetrics } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { buildForecastChart } from '../charts/forecast-chart.ts';
import { methodLabel } from '../forecast/forecast-text.ts';
import { DataTable } from '../components/data-table.tsx';
import { KpiCard } from '../components/kpi-card.tsx';
import { Empty, ErrorMessage, Loading, ResourceView } from '../components/state-view.tsx';
import { clockIn } from '../filters/filters.ts';
import type { CalendarDay, FlowForecast } from '../flow-types.ts';
import type { Format } from '../i18n/format.ts';
import { fill } from '../i18n/locale.ts';
import { alertWords, sortAlerts, type ActiveAlertsAnswer } from '../overview/active-alerts.ts';
import { buildHotspotChart, type HotspotsAnswer } from '../overview/hotspot-chart.ts';
import {
  calendarParams,
  FORECAST_METRICS,
  forecastMetricOf,
  forecastParams,
  HOTSPOT_LEVELS,
  hotspotLevelOf,
  hotspotsParams,
  kpiRequests,
  regionOf,
  type ForecastMetric,
  type HotspotLevel,
} from '../overview/overview-requests.ts';
import { buildLatestOrdersTable, buildLiveMinuteChart } from '../overview/live-panels.ts';
import { overviewText, type OverviewWords } from '../overview/overview-text.ts';
import { buildTodayKpis, toDayNumbers, type KpiComparisonValue, type KpiKey, type TodayKpi } from '../overview/today-kpis.ts';
import { useLiveFeed, useThrottled, type LiveFeedState } from '../overview/use-live-feed.ts';
import { navigate, updateParams, useLocation } from '../url-state.ts';
import '../overview/overview.css';

/** Today's conversion is reloaded at most this often while snapshots stream in. */
const CONVERSION_REFRESH_MS = 10_000;
const ALERTS_REFRESH_MS = 5 * 60_000;

function valueOf(key: KpiKey, value: number | null, format: Format): string {
  if (key === 'revenue') return format.money(value);
  if (key === 'conversion') return format.percent(value);
  return format.number(value);
}

function comparisonLabel(kind: KpiComparisonValue['kind'], t: OverviewWords): string {
  return { forecast: t.vsForecast, average7: t.vsAverage7, yesterday: t.vsYesterday, lastWeek: t.vsLastWeek }[kind];
}

function LiveIndicator({ live }: { live: LiveFeedState }) {
  const { locale, timeZone } = useAppContext();
  const t = overviewText(locale);
  const time = live.snapshot
    ? new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(
        new Date(live.snapshot.at),
      )
    : '';
  const words = { live: t.live, connecting: t.connecting, reconnecting: t.reconnecting, closed: t.closed }[live.status];
  return (
    <span class={`live-indicator live-${live.status}`} role="status" aria-live="off" data-live-status={live.status}>
      <span class="live-dot" aria-hidden="true" />
      {words}
      {time && <span class="live-time"> · {fill(t.updatedAt, { time })}</span>}
    </span>
  );
}

function TodayKpis({ kpis }: { kpis: readonly TodayKpi[] }) {
  const { locale, format } = useAppContext();
  const t = overviewText(locale);
  return (
    <div class="grid grid-4">
      {kpis.map((kpi) => (
        <KpiCard
          key={kpi.key}
          id={kpi.key}
          label={t[kpi.key]}
          value={valueOf(kpi.key, kpi.value, format)}
          formatChange={(change) => format.change(change)}
          comparisons={kpi.comparisons.map((c) => ({
            label: comparisonLabel(c.kind, t),
            change: c.change,
            reference:
              c.kind === 'forecast'
                ? fill(t.expected, { expected: valueOf(kpi.key, c.base, format), full: valueOf(kpi.key, c.fullDay ?? null, format) })
                : valueOf(kpi.key, c.base, format),
          }))}
        />
      ))}
    </div>
  );
}

function LastHour({ live }: { live: LiveFeedState }) {
  const { locale, format } = useAppContext();
  const t = overviewText(locale);
  const chart = useMemo(
    () => (live.snapshot ? buildLiveMinuteChart(live.snapshot.perMinute, locale, format) : null),
    [live.snapshot, locale, format],
  );
  if (!chart)
    return (
      <section class="card">
        <header class="card-header">
          <h2>{t.lastHour}</h2>
        </header>
        {live.status === 'closed' ? <Empty message={t.liveFailed} /> : <Loading label={t.waitingLive} />}
      </section>
    );
  return (
    <ChartCard
      title={t.lastHour}
      subtitle={t.lastHourNote}
      option={chart.option}
      table={chart.table}
      exportName="live-last-hour"
      height={260}
    />
  );
}

function LatestOrders({ live }: { live: LiveFeedState }) {
  const { locale, format, timeZone } = useAppContext();
  const t = overviewText(locale);
  const orders = live.snapshot?.latest.orders;
  return (
    <section class="card latest-orders" data-card="latest-orders">
      <header class="card-header">
        <div>
          <h2>{t.latestOrders}</h2>
          {orders && <p class="card-subtitle">{fill(t.latestOrdersNote, { n: orders.length })}</p>}
        </div>
      </header>
      {!orders ? (
        live.status === 'closed' ? (
          <Empty message={t.liveFailed} />
        ) : (
          <Loading label={t.waitingLive} />
        )
      ) : orders.length === 0 ? (
        <Empty message={t.noOrders} />
      ) : (
        <DataTable table={buildLatestOrdersTable(orders, locale, format, timeZone)} label={t.latestOrders} />
      )}
    </section>
  );
}

function ForecastPanel({
  forecasts,
  metric,
}: {
  forecasts: Record<ForecastMetric, ReturnType<typeof useApi<FlowForecast>>>;
  metric: ForecastMetric;
}) {
  const { locale, format, today } = useAppContext();
  const t = overviewText(locale);
  const calendar = useApi<{ days: CalendarDay[] }>('/calendar', calendarParams(today));
  const resource = forecasts[metric];
  // Built once per answer: a new option object redraws the chart, and this page re-renders with every
  // answer that arrives (a dozen while it loads) and every live snapshot.
  const chart = useMemo(() => {
    if (!resource.data) return undefined;
    const valueFormat = metric === 'revenue' ? format.money : (v: number | null | undefined) => format.number(v);
    // Holidays are shaded when the calendar answers; the forecast is shown without them otherwise.
    return buildForecastChart({
      actual: resource.data.recent.slice(-14).map((d) => ({ date: d.date, value: d.value })),
      forecast: resource.data.forecast.points.slice(0, 7),
      calendar: calendar.data?.days ?? [],
      locale,
      valueFormat,
    });
  }, [resource.data, calendar.data, metric, locale, format]);
  const picker = (
    <select
      aria-label={t.metric}
      name="forecast-metric"
      value={metric}
      onChange={(e) => updateParams({ forecast: (e.target as HTMLSelectElement).value })}
    >
      {FORECAST_METRICS.map((m) => (
        <option key={m} value={m}>
          {t[m === 'visitors' ? 'metricVisitors' : m === 'orders' ? 'metricOrders' : 'metricRevenue']}
        </option>
      ))}
    </select>
  );
  return (
    <ResourceView resource={resource} isEmpty={(data) => data.forecast.points.length === 0}>
      {(data) => {
        if (!chart) return null;
        const subtitle = `${t.forecastNote} ${fill(t.forecastMethod, { method: methodLabel(data.forecast.method, locale) })}${data.stored ? '' : ` ${t.forecastLive}`}`;
        return (
          <ChartCard
            title={t.forecastTitle}
            subtitle={subtitle}
            option={chart.option}
            table={chart.table}
            exportName={`forecast-7d-${metric}`}
            actions={picker}
            height={280}
          />
        );
      }}
    </ResourceView>
  );
}

function Hotspots({ level, regionFiltered }: { level: HotspotLevel; regionFiltered: boolean }) {
  const { locale, format } = useAppContext();
  const t = overviewText(locale);
  const resource = useApi<HotspotsAnswer>('/flow/hotspots', hotspotsParams(level));
  const chart = useMemo(
    () => resource.data && buildHotspotChart(resource.data.ranking.rows, locale, format),
    [resource.data, locale, format],
  );
  const levelWords: Record<HotspotLevel, string> = { venue: t.levelVenue, city: t.levelCity, province: t.levelProvince };
  const picker = (
    <select
      aria-label={t.level}
      name="hotspot-level"
      value={level}
      onChange={(e) => updateParams({ hotspots: (e.target as HTMLSelectElement).value })}
    >
      {HOTSPOT_LEVELS.map((l) => (
        <option key={l} value={l}>
          {levelWords[l]}
        </option>
      ))}
    </select>
  );
  return (
    <ResourceView resource={resource} isEmpty={(data) => data.ranking.rows.length === 0} emptyMessage={t.noHotspots}>
      {(data) => {
        if (!chart) return null;
        const note = fill(t.hotspotsNote, { from: format.date(data.period.from), to: format.date(data.period.to), days: data.days });
        return (
          <ChartCard
            title={t.hotspots}
            subtitle={regionFiltered ? `${note} ${t.hotspotsNational}` : note}
            option={chart.option}
            table={chart.table}
            exportName={`hotspots-${level}`}
            actions={picker}
            height={300}
          />
        );
      }}
    </ResourceView>
  );
}

function ActiveAlerts({ region }: { region: ReturnType<typeof regionOf> }) {
  const { locale, format } = useAppContext();
  const t = overviewText(locale);
  const resource = useApi<ActiveAlertsAnswer>('/alerts/active', region);
  const { reload } = resource;
  useEffect(() => {
    const timer = setInterval(reload, ALERTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const severity = { critical: [t.severityCritical, 'bad'], warning: [t.severityWarning, 'warn'], info: [t.severityInfo, ''] } as const;
  return (
    <section class="card active-alerts" data-card="active-alerts">
      <header class="card-header">
        <h2>{t.alerts}</h2>
        <a
          href="/alerts"
          onClick={(event) => {
            event.preventDefault();
            navigate('/alerts');
          }}
        >
          {t.allAlerts}
        </a>
      </header>
      <ResourceView resource={resource} isEmpty={(data) => data.alerts.length === 0} emptyMessage={t.noAlerts}>
        {(data) => (
          <ul class="alert-list">
            {sortAlerts(data.alerts).map((alert) => {
              const words = alertWords(alert, locale);
              const [label, tone] = severity[alert.severity] ?? [alert.severity, ''];
              return (
                <li key={alert.id} data-severity={alert.severity}>
                  <span class={`badge ${tone}`}>{label}</span>
                  <div>
                    <div class="alert-title">
                      {words.title}
                      {alert.date && <span class="alert-date"> · {format.shortDate(alert.date)}</span>}
                    </div>
                    <div class="alert-detail">{words.detail}</div>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </ResourceView>
    </section>
  );
}

export default function OverviewPage() {
  const { locale, format, filters, today, timeZone } = useAppContext();
  const { params } = useLocation();
  const t = overviewText(locale);
  const region = regionOf(filters);
  const live = useLiveFeed(region);

  // The current minute, as the live feed labels it: yesterday and last week are cut at the same one.
  // Until its first snapshot, the browser's clock in the reporting zone stands in, so these two load
  // alongside the feed rather than after it (a snapshot of another minute asks again).
  const now = live.snapshot?.perMinute[live.snapshot.perMinute.length - 1]?.minute;
  const requests = kpiRequests(filters, today, now?.slice(11, 16) ?? clockIn(timeZone));
  const { yesterday, lastWeekDay } = requests;
  const yesterdaySoFar = useMetrics(requests.yesterdaySoFar, locale);
  const lastWeekSoFar = useMetrics(requests.lastWeekSoFar, locale);
  const fullDays = useMetrics(requests.fullDays, locale);
  const todayConversion = useMetrics(requests.todayConversion, locale);

  // New snapshots mean new orders or visits: today's conversion follows them, a few times a minute at most.
  const tick = useThrottled(live.snapshot?.at, CONVERSION_REFRESH_MS);
  const previousTick = useRef(tick);
  const reloadConversion = todayConversion.reload;
  useEffect(() => {
    // The first snapshot finds the conversion just loaded; later ones bring new records.
    if (previousTick.current !== undefined && tick !== previousTick.current) reloadConversion();
    previousTick.current = tick;
  }, [tick, reloadConversion]);

  const forecasts = {
    visitors: useApi<FlowForecast>('/flow/forecast', forecastParams('visitors', filters)),
    orders: useApi<FlowForecast>('/flow/forecast', forecastParams('orders', filters)),
    revenue: useApi<FlowForecast>('/flow/forecast', forecastParams('revenue', filters)),
  };

  const kpis = buildTodayKpis({
    today: {
      visitors: live.snapshot?.totals.visitors ?? null,
      orders: live.snapshot?.totals.orders ?? null,
      revenue: live.snapshot?.totals.revenue ?? null,
      conversion: toDayNumbers(todayConversion.data?.rows[0]).conversion ?? null,
    },
    yesterdaySoFar: yesterdaySoFar.data && toDayNumbers(yesterdaySoFar.data.rows[0]),
    lastWeekSoFar: lastWeekSoFar.data && toDayNumbers(lastWeekSoFar.data.rows[0]),
    fullDays: new Map((fullDays.data?.rows ?? []).map((row) => [String(row.day), toDayNumbers(row)])),
    yesterday,
    lastWeekDay,
    forecastToday: Object.fromEntries(
      FORECAST_METRICS.map((m) => [m, forecasts[m].data?.forecast.points.find((p) => p.ds === today)?.yhat]).filter(
        ([, v]) => v !== undefined,
      ),
    ),
  });

  const forecastMetric = forecastMetricOf(params);
  const hotspotLevel = hotspotLevelOf(params);
  // A venue is named as the forecast or the venue's latest orders name it, its id otherwise.
  const venueName = filters.venue
    ? (forecasts.visitors.data?.target.name ??
      live.snapshot?.latest.orders.find((o) => o.venueId === filters.venue)?.venueName ??
      filters.venue)
    : undefined;
  const place = venueName ?? filters.city ?? filters.province;
  const queryError = [fullDays, todayConversion, yesterdaySoFar, lastWeekSoFar].find((r) => r.status === 'error');

  return (
    <div class="page overview-page">
      <div class="page-head">
        <h1 class="page-title">
          {t.title} <span class="page-date">{format.date(today)}</span>
        </h1>
        <LiveIndicator live={live} />
      </div>
      <p class="page-note">
        {t.note}
        {place ? ` ${fill(t.noteFiltered, { place })}` : ''}
      </p>
      <TodayKpis kpis={kpis} />
      {queryError?.status === 'error' && <ErrorMessage error={queryError.error} onRetry={queryError.reload} />}
      <div class="grid grid-2">
        <LastHour live={live} />
        <LatestOrders live={live} />
      </div>
      <div class="grid grid-3">
        <div class="span-2">
          <ForecastPanel forecasts={forecasts} metric={forecastMetric} />
        </div>
        <ActiveAlerts region={region} />
      </div>
      <Hotspots level={hotspotLevel} regionFiltered={place !== undefined} />
    </div>
  );
}
