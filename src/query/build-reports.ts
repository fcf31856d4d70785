/**
 * Builds the order analysis report and the system-log report from the metrics layer: a handful of
 * metric queries, then pure steps (anomaly flags, log templates, the outlook forecast). Rendering to HTML or
 * Markdown is separate (report/render).
 */
import { flagAnomalies } from '../analysis/anomalies/flag-anomalies.ts';
import { errorMessagesQuery } from '../analysis/logs/error-messages-query.ts';
import { groupLogTemplates } from '../analysis/logs/group-log-templates.ts';
import { DIMENSIONS, isTimeGrain, type DimensionName } from '../analysis/metrics/dimensions.ts';
import { FACTS, type FactName } from '../analysis/metrics/facts.ts';
import { METRIC_NAMES, METRICS, type MeasureRef, type MetricName } from '../analysis/metrics/metrics.ts';
import { QueryError, type Filter, type MetricQuery, type QueryScope } from '../analysis/metrics/metric-query.ts';
import { comparisonPeriod } from '../analysis/metrics/shift-period.ts';
import type { Anomaly, Kpi, LogReport, OrderReport, ReportPeriod, ReportTable, SeriesPoint } from '../analysis/reports/report-model.ts';
import type { Cell } from '../analysis/result-table.ts';
import { addDays, toDayNumber } from '../domain/calendar/civil-date.ts';
import { forecastSeries, maxHorizon, type SeriesForecast } from '../analysis/forecast/forecast-series.ts';
import type { Store } from '../store/store.ts';
import { dataDays } from './flow-forecast.ts';
import { queryMetrics, type MetricsOptions } from './query-metrics.ts';

export interface ReportRequest {
  readonly period: ReportPeriod;
  readonly where?: readonly Filter[];
  readonly scope?: QueryScope;
  readonly locale?: 'zh-CN' | 'en';
  /** Time of generation (injected so reports are reproducible in tests). */
  readonly now?: Date;
}

/** A KPI; one the report's filters cannot apply to has no values and says why. */
export interface ReportKpi extends Kpi {
  /** Why the KPI has no value under the report's filters; absent when it applies. */
  readonly notApplicable?: string;
}

/** The order report as built: the part of the asked period with data, and notes on what that changed. */
export interface OrderReportDocument extends OrderReport {
  readonly kpis: readonly ReportKpi[];
  /** The period as asked; `period` is the part of it with data. */
  readonly requestedPeriod: ReportPeriod;
  /** The store's first day of orders or visits and its last complete day of them. */
  readonly dataPeriod: ReportPeriod;
  /** Sentences a reader needs to read the numbers right: the period clipped, days not judged, comparisons left out. */
  readonly notes: readonly string[];
}

/** The log report as built, with the filters it applies. */
export interface LogReportDocument extends LogReport {
  readonly kpis: readonly ReportKpi[];
  /** The filters applied, as text (`log_source=client`). */
  readonly filters: readonly string[];
}

/** Days of the default report period (and of a period given only its last day). */
export const DEFAULT_REPORT_DAYS = 7;

/** Weeks of history before the period that anomaly baselines look at. */
const BASELINE_WEEKS = 8;

/**
 * Days of data a day's anomaly baseline needs before it (a week, each weekday once); an earlier day
 * is shown without an expected range and never flagged. Days before the store's first record are no
 * data, not zeros, so they never count.
 */
const BASELINE_MIN_DAYS = 7;

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

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Whether a fact's rows can be filtered by a dimension (the metrics compiler's rule). */
const factTakes = (fact: FactName, dimension: DimensionName): boolean =>
  isTimeGrain(dimension) || dimension === 'weekday' || dimension === 'hour_of_day' || FACTS[fact].dimensions[dimension] !== undefined;

/** The plain metric that counts exactly `ref` (visits.visitors → visitors), to name it to readers. */
const metricCounting = (ref: MeasureRef): MetricName | undefined =>
  METRIC_NAMES.find((name) => {
    const def = METRICS[name];
    return !def.denominator && def.numerator.fact === ref.fact && def.numerator.measure === ref.measure;
  });

/**
 * Why `metric` cannot be reported under `where` (a part of it, such as the visitors of the conversion
 * rate, has no such dimension), or undefined when every filter applies.
 */
function notApplicableReason(metric: MetricName, where: readonly Filter[], zh: boolean): string | undefined {
  const def = METRICS[metric];
  for (const ref of def.denominator ? [def.numerator, def.denominator] : [def.numerator]) {
    const dimension = where.map((f) => f.dimension).find((d) => !factTakes(ref.fact, d));
    if (dimension === undefined) continue;
    const part = METRICS[metricCounting(ref) ?? metric];
    const by = DIMENSIONS[dimension];
    return zh
      ? `不适用：${part.zh}无法按${by.zh}（${dimension}）筛选`
      : `not applicable: ${part.en.toLowerCase()} cannot be filtered by ${by.en.toLowerCase()} (${dimension})`;
  }
  return undefined;
}

/**
 * The KPIs of the period with 环比 and 同比; a comparison period marked as without data gets no
 * comparison (not one against zeros), and a KPI the filters cannot apply to gets no values, only why.
 */
async function kpisFor(
  store: Store,
  metrics: readonly MetricName[],
  request: ReportRequest,
  options: MetricsOptions,
  compared: { readonly previous: boolean; readonly lastYear: boolean } = { previous: true, lastYear: true },
): Promise<ReportKpi[]> {
  const where = request.where ?? [];
  const zh = request.locale !== 'en';
  const reasons = new Map(metrics.map((m) => [m, notApplicableReason(m, where, zh)]));
  const applicable = metrics.filter((m) => reasons.get(m) === undefined);
  let p: Record<string, Cell> = {};
  let y: Record<string, Cell> = {};
  if (applicable.length > 0) {
    const base: MetricQuery = { metrics: applicable, by: [], where, from: request.period.from, to: request.period.to };
    const [previous, lastYear] = await Promise.all([
      queryMetrics(store, { ...base, compare: 'previous' }, request.scope ?? {}, options),
      queryMetrics(store, { ...base, compare: 'year' }, request.scope ?? {}, options),
    ]);
    p = previous.rows[0] ?? {};
    y = lastYear.rows[0] ?? {};
  }
  return metrics.map((metric): ReportKpi => {
    const reason = reasons.get(metric);
    return {
      metric,
      label: zh ? METRICS[metric].zh : METRICS[metric].en,
      unit: METRICS[metric].unit,
      value: num(p[metric]),
      previous: compared.previous ? num(p[`${metric}_compare`]) : null,
      previousChangeRate: compared.previous ? num(p[`${metric}_change_rate`]) : null,
      lastYear: compared.lastYear ? num(y[`${metric}_compare`]) : null,
      lastYearChangeRate: compared.lastYear ? num(y[`${metric}_change_rate`]) : null,
      ...(reason === undefined ? {} : { notApplicable: reason }),
    };
  });
}

/** A daily series over the period with the expected band, and the anomalies inside the period. */
function dailyWithAnomalies(
  metric: string,
  values: ReadonlyMap<string, number>,
  history: readonly string[],
  period: ReportPeriod,
): { series: SeriesPoint[]; anomalies: Anomaly[] } {
  // Every history day lies within the data, so a day without a row is a real zero.
  const flagged = flagAnomalies(
    history.map((at) => ({ at, value: values.get(at) ?? 0 })),
    { period: 7, minHistory: BASELINE_MIN_DAYS },
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
 * It learns from the days from `historyFrom` (the first day with data, or three years back) to the
 * period's end, the last day with data.
 */
function forecastOutlook(
  period: ReportPeriod,
  historyFrom: string,
  orders: ReadonlyMap<string, number>,
  revenue: ReadonlyMap<string, number>,
) {
  const length = toDayNumber(period.to) - toDayNumber(period.from) + 1;
  const horizon = Math.min(length, maxHorizon('daily'));
  const next = { from: addDays(period.to, 1), to: addDays(period.to, horizon) };
  const forecast = (series: ReadonlyMap<string, number>) => {
    const days = daysOf({ from: historyFrom, to: period.to });
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

/**
 * The part of the asked period with data (`data`: the store's first day of orders or visits to its
 * last complete day, never today). Days outside it are no data, not zeros. Throws QueryError when
 * the period has no such day.
 */
function coveredPeriod(asked: ReportPeriod, data: ReportPeriod): ReportPeriod {
  const period = { from: later(asked.from, data.from), to: earlier(asked.to, data.to) };
  if (period.from > period.to)
    throw new QueryError(
      asked.from > data.to ? 'from' : 'to',
      `there are no orders or visits from ${asked.from} to ${asked.to}: the data covers ${data.from} … ${data.to}`,
    );
  return period;
}

/** The notes an order report carries about the data behind it (empty when the whole period is well covered). */
function coverageNotes(
  facts: {
    readonly asked: ReportPeriod;
    readonly period: ReportPeriod;
    readonly data: ReportPeriod;
    readonly previous: ReportPeriod | null;
    readonly lastYear: ReportPeriod | null;
  },
  zh: boolean,
): string[] {
  const { asked, period, data } = facts;
  const span = (p: ReportPeriod) => (p.from === p.to ? p.from : zh ? `${p.from} 至 ${p.to}` : `${p.from} to ${p.to}`);
  const notes: string[] = [];
  if (asked.from !== period.from || asked.to !== period.to)
    notes.push(
      zh
        ? `所选期间 ${span(asked)} 只有 ${span(period)} 有数据（订单与到访覆盖 ${span(data)}），报告只含这些日子，其余日子不计为 0`
        : `Only ${span(period)} of the asked ${span(asked)} has data (orders and visits cover ${span(data)}); the report covers those days only, the others are not counted as zero.`,
    );
  const firstJudged = addDays(data.from, BASELINE_MIN_DAYS);
  if (period.from < firstJudged) {
    const unjudged = span({ from: period.from, to: earlier(period.to, addDays(firstJudged, -1)) });
    notes.push(
      zh
        ? `${unjudged} 不判断异常：基线需要此前至少 ${BASELINE_MIN_DAYS} 天的数据（数据始于 ${data.from}）`
        : `No anomaly verdict for ${unjudged}: a baseline needs ${BASELINE_MIN_DAYS} earlier days of data (the data starts on ${data.from}).`,
    );
  }
  if (facts.previous)
    notes.push(
      zh
        ? `无环比：上期 ${span(facts.previous)} 早于数据开始（${data.from}）`
        : `No comparison with the previous period (${span(facts.previous)}): it starts before the data (${data.from}).`,
    );
  if (facts.lastYear)
    notes.push(
      zh
        ? `无同比：去年同期 ${span(facts.lastYear)} 早于数据开始（${data.from}）`
        : `No comparison with last year (${span(facts.lastYear)}): it starts before the data (${data.from}).`,
    );
  return notes;
}

/**
 * The order analysis report for the part of the asked period with data (see coveredPeriod). Anomaly
 * baselines and the outlook learn only from days with data; 环比 and 同比 are left out when their
 * period starts before the data.
 */
export async function buildOrderReport(store: Store, request: ReportRequest, options: MetricsOptions): Promise<OrderReportDocument> {
  const where = request.where ?? [];
  const scope = request.scope ?? {};
  const zh = request.locale !== 'en';
  const data = await dataDays(store, { timeZone: options.timeZone, now: request.now });
  if (data === null) throw new QueryError('data', 'the store holds no orders or visits yet');
  const dataPeriod = { from: data.first, to: data.lastComplete };
  const period = coveredPeriod(request.period, dataPeriod);
  const hasData = (p: ReportPeriod) => p.from >= dataPeriod.from;
  const { from: previousFrom, to: previousTo } = comparisonPeriod(period, 'previous', []);
  const { from: lastYearFrom, to: lastYearTo } = comparisonPeriod(period, 'year', []);
  const previous = { from: previousFrom, to: previousTo };
  const lastYear = { from: lastYearFrom, to: lastYearTo };
  const run = (query: Omit<MetricQuery, 'where' | 'from' | 'to'> & { from?: string; to?: string }) =>
    queryMetrics(store, { from: period.from, to: period.to, where, ...query }, scope, options);
  const historyStart = later(addDays(period.from, -7 * BASELINE_WEEKS), dataPeriod.from);
  const history = daysOf({ from: historyStart, to: period.to });
  const outlookStart = later(addDays(period.to, -(OUTLOOK_HISTORY_DAYS - 1)), dataPeriod.from);
  const venueMetrics: MetricName[] = notApplicableReason('visitors', where, zh) ? ['orders', 'revenue'] : ['orders', 'revenue', 'visitors'];
  const [kpis, funnel, daily, channels, types, products, venues, provinces, cities, heat] = await Promise.all([
    kpisFor(store, ORDER_KPIS, { ...request, period }, options, { previous: hasData(previous), lastYear: hasData(lastYear) }),
    run({ metrics: ['orders', 'paid_of_created', 'completed_orders', 'cancelled_orders', 'refunded_orders'], by: [] }),
    run({ metrics: ['orders', 'revenue'], by: ['day'], from: earlier(outlookStart, historyStart) }),
    run({ metrics: ['orders', 'revenue'], by: ['channel'], orderBy: [{ key: 'orders', direction: 'desc' }] }),
    run({ metrics: ['orders', 'revenue'], by: ['order_type'], orderBy: [{ key: 'orders', direction: 'desc' }] }),
    run({ metrics: ['orders', 'revenue'], by: ['product', 'product_name'], orderBy: [{ key: 'revenue', direction: 'desc' }], limit: 10 }),
    run({
      metrics: venueMetrics,
      by: ['venue', 'venue_name', 'province', 'city'],
      orderBy: [{ key: 'revenue', direction: 'desc' }],
      limit: 10,
    }),
    // Without data in the previous period its change rates are none, not rises from zero.
    hasData(previous)
      ? run({ metrics: ['orders', 'revenue'], by: ['province'], compare: 'previous', orderBy: [{ key: 'revenue', direction: 'desc' }] })
      : run({ metrics: ['orders', 'revenue'], by: ['province'], orderBy: [{ key: 'revenue', direction: 'desc' }] }).then((result) => ({
          ...result,
          rows: result.rows.map((row) => ({ ...row, orders_change_rate: null, revenue_change_rate: null })),
        })),
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
    requestedPeriod: request.period,
    dataPeriod,
    notes: coverageNotes(
      {
        asked: request.period,
        period,
        data: dataPeriod,
        previous: hasData(previous) ? null : previous,
        lastYear: hasData(lastYear) ? null : lastYear,
      },
      zh,
    ),
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
      ...(venueMetrics.includes('visitors') ? [{ name: 'visitors', label: zh ? '客流' : 'Visitors', unit: 'count' as const }] : []),
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
    outlook: forecastOutlook(period, outlookStart, ordersByDay, revenueByDay),
  };
}

/** The system-log report for a period. */
export async function buildLogReport(store: Store, request: ReportRequest, options: MetricsOptions): Promise<LogReportDocument> {
  const where = request.where ?? [];
  const { period } = request;
  const scope = request.scope ?? {};
  const run = (query: Omit<MetricQuery, 'where' | 'from' | 'to'> & { from?: string; to?: string }) =>
    queryMetrics(store, { from: period.from, to: period.to, where, ...query }, scope, options);
  const zh = request.locale !== 'en';
  const hourlyFrom = addDays(period.from, -7);
  const [kpis, byDayLevel, rate, types, sources, hourly, messages] = await Promise.all([
    kpisFor(store, ['log_count', 'error_rate'], request, options),
    run({ metrics: ['log_count'], by: ['day', 'log_level'] }),
    run({ metrics: ['error_rate'], by: ['day'] }),
    run({ metrics: ['log_count', 'error_rate'], by: ['log_type'], orderBy: [{ key: 'log_count', direction: 'desc' }] }),
    run({ metrics: ['log_count', 'error_rate'], by: ['log_source'], orderBy: [{ key: 'log_count', direction: 'desc' }] }),
    run({ metrics: ['log_count'], by: ['hour', 'log_level'], from: hourlyFrom }),
    store.runQuery(errorMessagesQuery(period, options.timeZone, store.dialect, { where })),
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
    filters: where.map(filterText),
    kpis,
    daily: { days, byLevel, errorRate: days.map((d) => rateByDay.get(d) ?? null) },
    byType: table(zh ? '按日志类型' : 'By log type', types.rows, columns('log_type', zh ? '日志类型' : 'Log type')),
    bySource: table(zh ? '按日志源' : 'By source', sources.rows, columns('log_source', zh ? '日志源' : 'Source')),
    topErrors,
    spikes: spikes.sort((a, b) => a.at.localeCompare(b.at)),
  };
}

const LEVEL_ORDER = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** The default report period when none is given: the last DEFAULT_REPORT_DAYS full days before `today`. */
export function defaultReportPeriod(today: string): ReportPeriod {
  return { from: addDays(today, -DEFAULT_REPORT_DAYS), to: addDays(today, -1) };
}
