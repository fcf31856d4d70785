/**
 * Builds the order analysis report and the system-log report from the metrics layer: a handful of
 * metric queries, then pure steps (anomaly flags, log templates, the outlook forecast). Rendering to HTML or
 * Markdown is separate (report/render).
 */
import { flagAnomalies } from '../analysis/anomalies/flag-anomalies.ts';
import { errorMessagesQuery } from '../analysis/logs/error-messages-query.ts';
import { groupLogTemplates } from '../analysis/logs/group-log-templates.ts';
import { METRICS, type MetricName } from '../analysis/metrics/metrics.ts';
import type { Filter, MetricQuery, QueryScope } from '../analysis/metrics/metric-query.ts';
import type { Anomaly, Kpi, LogReport, OrderReport, ReportPeriod, ReportTable, SeriesPoint } from '../analysis/reports/report-model.ts';
import type { Cell } from '../analysis/result-table.ts';
import { addDays, toDayNumber } from '../domain/calendar/civil-date.ts';
import { forecastSeries, maxHorizon, type SeriesForecast } from '../analysis/forecast/forecast-series.ts';
import type { Store } from '../store/store.ts';
import { queryMetrics, type MetricsOptions } from './query-metrics.ts';

export interface ReportRequest {
  readonly period: ReportPeriod;
  readonly where?: readonly Filter[];
  readonly scope?: QueryScope;
  readonly locale?: 'zh-CN' | 'en';
  /** Time of generation (injected so reports are reproducible in tests). */
  readonly now?: Date;
}

/** Weeks of history before the period that anomaly baselines look at. */
const BASELINE_WEEKS = 8;

const ORDER_KPIS: readonly MetricName[] = [
  'orders',
  'paid_orders',
  'gmv',
  'revenue',
  'aov',
  'buyers',
  'visitors',
  'conversion_rate',
  'pay_rate',
  'cancel_rate',
  'refund_rate',
  'repurchase_rate',
];

function filterText(filter: Filter): string {
  const values = filter.values.map((v) => (v === null ? '' : String(v)));
  switch (filter.op) {
    case 'eq':
    case 'in':
      return `${filter.dimension}=${values.join(',')}`;
    case 'not_in':
      return `${filter.dimension}!=${values.join(',')}`;
    case 'range':
      return `${filter.dimension}=${values[0]}..${values[1]}`;
  }
}

function daysOf(period: ReportPeriod): string[] {
  const days: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) days.push(day);
  return days;
}

const num = (value: Cell | undefined): number | null => (typeof value === 'number' ? value : null);

async function kpisFor(
  store: Store,
  metrics: readonly MetricName[],
  request: ReportRequest,
  options: MetricsOptions,
): Promise<{ kpis: Kpi[]; previous: ReportPeriod; lastYear: ReportPeriod }> {
  const base: MetricQuery = { metrics, by: [], where: request.where ?? [], from: request.period.from, to: request.period.to };
  const [previous, lastYear] = await Promise.all([
    queryMetrics(store, { ...base, compare: 'previous' }, request.scope ?? {}, options),
    queryMetrics(store, { ...base, compare: 'year' }, request.scope ?? {}, options),
  ]);
  const p = previous.rows[0] ?? {};
  const y = lastYear.rows[0] ?? {};
  const kpis = metrics.map((metric): Kpi => ({
    metric,
    label: request.locale === 'en' ? METRICS[metric].en : METRICS[metric].zh,
    unit: METRICS[metric].unit,
    value: num(p[metric]),
    previous: num(p[`${metric}_compare`]),
    previousChangeRate: num(p[`${metric}_change_rate`]),
    lastYear: num(y[`${metric}_compare`]),
    lastYearChangeRate: num(y[`${metric}_change_rate`]),
  }));
  return {
    kpis,
    previous: { from: previous.comparison!.from, to: previous.comparison!.to },
    lastYear: { from: lastYear.comparison!.from, to: lastYear.comparison!.to },
  };
}

/** A daily series over the period with the expected band, and the anomalies inside the period. */
function dailyWithAnomalies(
  metric: string,
  values: ReadonlyMap<string, number>,
  history: readonly string[],
  period: ReportPeriod,
): { series: SeriesPoint[]; anomalies: Anomaly[] } {
  const flagged = flagAnomalies(
    history.map((at) => ({ at, value: values.get(at) ?? 0 })),
    { period: 7 },
  );
  const series: SeriesPoint[] = [];
  const anomalies: Anomaly[] = [];
  for (const point of flagged) {
    if (point.at < period.from) continue;
    series.push({ at: point.at, value: point.value, expected: point.expected, lower: point.lower, upper: point.upper });
    if (point.anomaly && point.expected !== null && point.lower !== null && point.upper !== null) {
      anomalies.push({
        at: point.at,
        metric,
        value: point.value,
        expected: point.expected,
        lower: point.lower,
        upper: point.upper,
        direction: point.anomaly,
        deviation: point.deviation ?? 0,
        relative: point.relative,
      });
    }
  }
  return { series, anomalies };
}

function table(title: string, rows: readonly Record<string, Cell>[], columns: ReportTable['columns']): ReportTable {
  return { title, columns, rows };
}

/** Days of history the outlook's forecast looks at (three years, as the flow forecasts do). */
const OUTLOOK_HISTORY_DAYS = 3 * 365 + 1;

/**
 * Forecasts the next period of the same length (at most a year) with the flow forecaster: orders and
 * revenue each get their own method by back-test; the daily chart shows orders with their 80% band.
 */
function forecastOutlook(period: ReportPeriod, orders: ReadonlyMap<string, number>, revenue: ReadonlyMap<string, number>) {
  const length = toDayNumber(period.to) - toDayNumber(period.from) + 1;
  const horizon = Math.min(length, maxHorizon('daily'));
  const next = { from: addDays(period.to, 1), to: addDays(period.to, horizon) };
  const forecast = (series: ReadonlyMap<string, number>) => {
    const days = daysOf({ from: addDays(period.to, -(OUTLOOK_HISTORY_DAYS - 1)), to: period.to });
    const first = days.findIndex((d) => (series.get(d) ?? 0) !== 0);
    if (first < 0) return null;
    return forecastSeries({ frequency: 'daily', start: toDayNumber(days[first]!), y: days.slice(first).map((d) => series.get(d) ?? 0) }, { horizon, windows: 3 });
  };
  const ordersForecast = forecast(orders);
  const revenueForecast = forecast(revenue);
  const total = (f: SeriesForecast | null) => (f ? f.points.reduce((sum, p) => sum + p.yhat, 0) : null);
  const describe = (what: string, f: SeriesForecast | null) => {
    if (!f) return `${what}: no history`;
    const method = f.method === 'combined' ? `combined ${f.combines.join(' + ')}` : f.method;
    const bt = f.backtest;
    return `${what}: ${method}${bt ? ` (back-test MASE ${bt.selected.mase.toFixed(2)}${bt.seasonalNaive ? `, seasonal naive ${bt.seasonalNaive.mase.toFixed(2)}` : ''})` : ''}`;
  };
  return {
    method: `${describe('orders', ordersForecast)}; ${describe('revenue', revenueForecast)}`,
    note:
      (ordersForecast?.fallback ?? revenueForecast?.fallback) ||
      `Weekday, season, trend and Chinese public holidays (with make-up workdays) modelled; the band is the 80% prediction interval from back-tested errors.${
        horizon < length ? ` Forecast for the first ${horizon} days.` : ''
      }`,
    period: next,
    orders: total(ordersForecast),
    revenue: total(revenueForecast),
    daily: daysOf(next).map((at, i): SeriesPoint => {
      const p = ordersForecast?.points[i];
      return { at, value: p?.yhat ?? null, lower: p?.lower80 ?? null, upper: p?.upper80 ?? null };
    }),
  };
}

/** The order analysis report for a period. */
export async function buildOrderReport(store: Store, request: ReportRequest, options: MetricsOptions): Promise<OrderReport> {
  const where = request.where ?? [];
  const scope = request.scope ?? {};
  const { period } = request;
  const run = (query: Omit<MetricQuery, 'where' | 'from' | 'to'> & { from?: string; to?: string }) =>
    queryMetrics(store, { from: period.from, to: period.to, where, ...query }, scope, options);
  const historyStart = addDays(period.from, -7 * BASELINE_WEEKS);
  const history = daysOf({ from: historyStart, to: period.to });
  const [{ kpis, previous, lastYear }, funnel, daily, channels, types, products, venues, provinces, cities, heat] = await Promise.all([
    kpisFor(store, ORDER_KPIS, request, options),
    run({ metrics: ['orders', 'paid_of_created', 'completed_orders', 'cancelled_orders', 'refunded_orders'], by: [] }),
    run({ metrics: ['orders', 'revenue'], by: ['day'], from: addDays(period.to, -(OUTLOOK_HISTORY_DAYS - 1)) < historyStart ? addDays(period.to, -(OUTLOOK_HISTORY_DAYS - 1)) : historyStart }),
    run({ metrics: ['orders', 'revenue'], by: ['channel'], orderBy: [{ key: 'orders', direction: 'desc' }] }),
    run({ metrics: ['orders', 'revenue'], by: ['order_type'], orderBy: [{ key: 'orders', direction: 'desc' }] }),
    run({ metrics: ['orders', 'revenue'], by: ['product', 'product_name'], orderBy: [{ key: 'revenue', direction: 'desc' }], limit: 10 }),
    run({
      metrics: ['orders', 'revenue', 'visitors'],
      by: ['venue', 'venue_name', 'province', 'city'],
      orderBy: [{ key: 'revenue', direction: 'desc' }],
      limit: 10,
    }),
    run({ metrics: ['orders', 'revenue'], by: ['province'], compare: 'previous', orderBy: [{ key: 'revenue', direction: 'desc' }] }),
    run({ metrics: ['orders', 'revenue'], by: ['province', 'city'], orderBy: [{ key: 'revenue', direction: 'desc' }], limit: 15 }),
    run({ metrics: ['orders'], by: ['weekday', 'hour_of_day'] }),
  ]);
  const ordersByDay = new Map(daily.rows.map((r) => [String(r.day), Number(r.orders ?? 0)]));
  const revenueByDay = new Map(daily.rows.map((r) => [String(r.day), Number(r.revenue ?? 0)]));
  const ordersDaily = dailyWithAnomalies('orders', ordersByDay, history, period);
  const revenueDaily = dailyWithAnomalies('revenue', revenueByDay, history, period);
  const f = funnel.rows[0] ?? {};
  const values = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const row of heat.rows) values[Number(row.weekday) - 1]![Number(row.hour_of_day)] = Number(row.orders ?? 0);
  const zh = request.locale !== 'en';
  const withShare = (rows: readonly Record<string, Cell>[]) => {
    const total = rows.reduce((sum, r) => sum + Number(r.orders ?? 0), 0);
    return rows.map((r) => ({ ...r, share: total > 0 ? Number(r.orders ?? 0) / total : null }));
  };
  const counts = [
    { name: 'orders', label: zh ? '订单数' : 'Orders', unit: 'count' as const },
    { name: 'revenue', label: zh ? '销售额' : 'Revenue', unit: 'currency' as const },
  ];
  return {
    kind: 'orders',
    title: zh ? '订单分析报告' : 'Order analysis report',
    generatedAt: (request.now ?? new Date()).toISOString(),
    timeZone: options.timeZone,
    period,
    previousPeriod: previous,
    lastYearPeriod: lastYear,
    filters: where.map(filterText),
    kpis,
    funnel: {
      created: Number(f.orders ?? 0),
      paid: Number(f.paid_of_created ?? 0),
      completed: Number(f.completed_orders ?? 0),
      cancelled: Number(f.cancelled_orders ?? 0),
      refunded: Number(f.refunded_orders ?? 0),
    },
    daily: { orders: ordersDaily.series, revenue: revenueDaily.series },
    channelMix: table(zh ? '渠道构成' : 'Channel mix', withShare(channels.rows), [
      { name: 'channel', label: zh ? '渠道' : 'Channel', unit: 'text' },
      ...counts,
      { name: 'share', label: zh ? '占比' : 'Share', unit: 'ratio' },
    ]),
    orderTypeMix: table(zh ? '下单类型构成' : 'Order type mix', withShare(types.rows), [
      { name: 'order_type', label: zh ? '下单类型' : 'Order type', unit: 'text' },
      ...counts,
      { name: 'share', label: zh ? '占比' : 'Share', unit: 'ratio' },
    ]),
    topProducts: table(zh ? '热销商品' : 'Top products', products.rows, [
      { name: 'product', label: zh ? '商品ID' : 'Product', unit: 'text' },
      { name: 'product_name', label: zh ? '商品名称' : 'Name', unit: 'text' },
      ...counts,
    ]),
    topVenues: table(zh ? '热门场所' : 'Top venues', venues.rows, [
      { name: 'venue_name', label: zh ? '场所' : 'Venue', unit: 'text' },
      { name: 'province', label: zh ? '省份' : 'Province', unit: 'text' },
      { name: 'city', label: zh ? '城市' : 'City', unit: 'text' },
      ...counts,
      { name: 'visitors', label: zh ? '客流' : 'Visitors', unit: 'count' },
    ]),
    provinces: table(zh ? '省份分布' : 'Provinces', provinces.rows, [
      { name: 'province', label: zh ? '省份' : 'Province', unit: 'text' },
      ...counts,
      { name: 'orders_change_rate', label: zh ? '订单环比' : 'Orders vs previous', unit: 'change_rate' },
      { name: 'revenue_change_rate', label: zh ? '销售额环比' : 'Revenue vs previous', unit: 'change_rate' },
    ]),
    cities: table(zh ? '城市排行' : 'Top cities', cities.rows, [
      { name: 'province', label: zh ? '省份' : 'Province', unit: 'text' },
      { name: 'city', label: zh ? '城市' : 'City', unit: 'text' },
      ...counts,
    ]),
    heatmap: { weekdays: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h), values },
    anomalies: [...ordersDaily.anomalies, ...revenueDaily.anomalies].sort(
      (a, b) => a.at.localeCompare(b.at) || a.metric.localeCompare(b.metric),
    ),
    outlook: forecastOutlook(period, ordersByDay, revenueByDay),
  };
}

/** The system-log report for a period. */
export async function buildLogReport(store: Store, request: ReportRequest, options: MetricsOptions): Promise<LogReport> {
  const where = request.where ?? [];
  const { period } = request;
  const scope = request.scope ?? {};
  const run = (query: Omit<MetricQuery, 'where' | 'from' | 'to'> & { from?: string; to?: string }) =>
    queryMetrics(store, { from: period.from, to: period.to, where, ...query }, scope, options);
  const zh = request.locale !== 'en';
  const hourlyFrom = addDays(period.from, -7);
  const [{ kpis }, byDayLevel, rate, types, sources, hourly, messages] = await Promise.all([
    kpisFor(store, ['log_count', 'error_rate'], request, options),
    run({ metrics: ['log_count'], by: ['day', 'log_level'] }),
    run({ metrics: ['error_rate'], by: ['day'] }),
    run({ metrics: ['log_count', 'error_rate'], by: ['log_type'], orderBy: [{ key: 'log_count', direction: 'desc' }] }),
    run({ metrics: ['log_count', 'error_rate'], by: ['log_source'], orderBy: [{ key: 'log_count', direction: 'desc' }] }),
    run({ metrics: ['log_count'], by: ['hour', 'log_level'], from: hourlyFrom }),
    store.runQuery(errorMessagesQuery(period, options.timeZone, store.dialect)),
  ]);
  const days = daysOf(period);
  const levels = [...new Set(byDayLevel.rows.map((r) => String(r.log_level)))].sort(
    (a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b),
  );
  const byLevel: Record<string, number[]> = {};
  for (const level of levels) byLevel[level] = days.map(() => 0);
  for (const row of byDayLevel.rows) {
    const index = days.indexOf(String(row.day));
    if (index >= 0) byLevel[String(row.log_level)]![index] = Number(row.log_count ?? 0);
  }
  const rateByDay = new Map(rate.rows.map((r) => [String(r.day), num(r.error_rate)]));
  // Hourly spikes of all logs and of errors, against the same hour on previous days.
  const hours: string[] = [];
  for (const day of daysOf({ from: hourlyFrom, to: period.to }))
    for (let h = 0; h < 24; h++) hours.push(`${day} ${String(h).padStart(2, '0')}:00`);
  const total = new Map<string, number>();
  const errors = new Map<string, number>();
  for (const row of hourly.rows) {
    const at = String(row.hour);
    const n = Number(row.log_count ?? 0);
    total.set(at, (total.get(at) ?? 0) + n);
    if (row.log_level === 'ERROR' || row.log_level === 'FATAL') errors.set(at, (errors.get(at) ?? 0) + n);
  }
  const spikes: Anomaly[] = [];
  for (const [metric, series] of [
    ['log_count', total],
    ['errors', errors],
  ] as const) {
    for (const point of flagAnomalies(
      hours.map((at) => ({ at, value: series.get(at) ?? 0 })),
      { period: 24, window: 7 },
    )) {
      if (point.at < period.from || point.anomaly !== 'high' || point.expected === null) continue;
      spikes.push({
        at: point.at,
        metric,
        value: point.value,
        expected: point.expected,
        lower: point.lower ?? 0,
        upper: point.upper ?? 0,
        direction: 'high',
        deviation: point.deviation ?? 0,
        relative: point.relative,
      });
    }
  }
  const topErrors = groupLogTemplates(
    messages.map((m) => ({
      message: String(m.message ?? ''),
      level: String(m.level),
      count: Number(m.count),
      first: String(m.first),
      last: String(m.last),
    })),
    { top: 20 },
  );
  const columns = (dimension: string, label: string): ReportTable['columns'] => [
    { name: dimension, label, unit: 'text' },
    { name: 'log_count', label: zh ? '日志量' : 'Logs', unit: 'count' },
    { name: 'error_rate', label: zh ? '错误率' : 'Error rate', unit: 'ratio' },
  ];
  return {
    kind: 'logs',
    title: zh ? '系统日志分析报告' : 'System log report',
    generatedAt: (request.now ?? new Date()).toISOString(),
    timeZone: options.timeZone,
    period,
    kpis,
    daily: { days, byLevel, errorRate: days.map((d) => rateByDay.get(d) ?? null) },
    byType: table(zh ? '按日志类型' : 'By log type', types.rows, columns('log_type', zh ? '日志类型' : 'Log type')),
    bySource: table(zh ? '按日志源' : 'By source', sources.rows, columns('log_source', zh ? '日志源' : 'Source')),
    topErrors,
    spikes: spikes.sort((a, b) => a.at.localeCompare(b.at)),
  };
}

const LEVEL_ORDER = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** The default report period when none is given: the last full 7 days before `today`. */
export function defaultReportPeriod(today: string): ReportPeriod {
  return { from: addDays(today, -7), to: addDays(today, -1) };
}
