/** The live feed's panels as chart options and tables: the last hour per minute and the latest orders. */
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { Format } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import { overviewText } from './overview-text.ts';
import type { LiveMinute, LiveOrder } from './use-live-feed.ts';

export interface LiveMinuteRow {
  /** `HH:MM`, local. */
  readonly minute: string;
  readonly visitors: number;
  readonly orders: number;
  readonly revenue: number;
}

/** Orders as bars, visitors and revenue as lines (revenue on its own axis), one point a minute. */
export function buildLiveMinuteChart(
  perMinute: readonly LiveMinute[],
  locale: Locale,
  format: Format,
): { option: ChartOption; table: TableData<LiveMinuteRow> } {
  const t = overviewText(locale);
  const rows: LiveMinuteRow[] = perMinute.map((m) => ({
    minute: m.minute.slice(11, 16),
    visitors: m.visitors,
    orders: m.orders,
    revenue: m.revenue,
  }));
  const option: ChartOption = {
    grid: { left: 40, right: 64, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t.metricOrders, t.metricVisitors, t.metricRevenue] },
    xAxis: { type: 'category', data: rows.map((r) => r.minute), axisLabel: { interval: 9 } },
    yAxis: [
      { type: 'value', minInterval: 1, min: 0 },
      { type: 'value', min: 0, splitLine: { show: false }, axisLabel: { formatter: (v: number) => format.compact(v) } },
    ],
    series: [
      { name: t.metricOrders, type: 'bar', data: rows.map((r) => r.orders), barMaxWidth: 8 },
      { name: t.metricVisitors, type: 'line', data: rows.map((r) => r.visitors), symbol: 'none', step: 'middle' },
      {
        name: t.metricRevenue,
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => r.revenue),
        symbol: 'none',
        lineStyle: { type: 'dotted' },
        tooltip: { valueFormatter: (v: unknown) => format.money(typeof v === 'number' ? v : null) },
      },
    ],
  };
  const table: TableData<LiveMinuteRow> = {
    columns: [
      { key: 'minute', label: t.minute },
      { key: 'visitors', label: t.metricVisitors, numeric: true, format: (v) => format.number(v as number) },
      { key: 'orders', label: t.metricOrders, numeric: true, format: (v) => format.number(v as number) },
      { key: 'revenue', label: t.metricRevenue, numeric: true, format: (v) => format.money(v as number) },
    ],
    rows,
  };
  return { option, table };
}

/** The latest orders as a table, newest first; status and channel in words. */
export function buildLatestOrdersTable(
  orders: readonly LiveOrder[],
  locale: Locale,
  format: Format,
  timeZone: string,
): TableData<LiveOrder> {
  const t = overviewText(locale) as Record<string, string> & ReturnType<typeof overviewText>;
  const word = (prefix: string, value: unknown) =>
    value === null || value === undefined ? '—' : (t[`${prefix}_${String(value)}`] ?? String(value));
  return {
    columns: [
      { key: 'orderId', label: t.orderId },
      { key: 'createdAt', label: t.createdAt, format: (v) => format.dateTime(v as string | null, timeZone) },
      { key: 'amount', label: t.amount, numeric: true, format: (v) => format.money(v as number | null) },
      { key: 'status', label: t.status, format: (v) => word('status', v) },
      { key: 'channel', label: t.channel, format: (v) => word('channel', v) },
      { key: 'venueName', label: t.venue, format: (v, row) => String(v ?? row.venueId ?? '—') },
      { key: 'city', label: t.city, format: (v) => String(v ?? '—') },
      { key: 'userId', label: t.user, format: (v) => String(v ?? '—') },
    ],
    rows: orders,
  };
}
