/**
 * The order report (GET /api/v1/reports/orders?format=json) turned into what the /orders page
 * draws: KPI cards, chart options with the tables behind them, and the download links. Pure.
 */
import type { QueryResult } from '../api.ts';
import { apiUrl } from '../api.ts';
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableColumn, TableData } from '../charts/table-csv.ts';
import type { KpiComparison } from '../components/kpi-card.tsx';
import { toWhere, type Filters } from '../filters/filters.ts';
import type { Format } from '../i18n/format.ts';
import { fill, type Locale } from '../i18n/locale.ts';
import { orderValueLabel, type OrdersText } from './orders-text.ts';
import type { ColumnUnit, OrderReport, ReportAnomaly, ReportCell, ReportKpi, ReportSeriesPoint, ReportTable } from './report-types.ts';

type Row = Readonly<Record<string, ReportCell>>;

/** How a value of a unit is written. */
export function formatterOf(format: Format, unit: ColumnUnit | undefined): (value: unknown) => string {
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  switch (unit) {
    case 'count':
      return (value) => format.number(number(value));
    case 'currency':
      return (value) => format.money(number(value));
    case 'ratio':
      return (value) => format.percent(number(value));
    case 'change_rate':
      return (value) => format.change(number(value));
    default:
      return (value) => (value === null || value === undefined || value === '' ? '—' : String(value));
  }
}

/** The query parameters of the report for the shared filters. */
export function orderReportParams(filters: Filters, locale: Locale) {
  return { format: 'json', from: filters.from, to: filters.to, where: toWhere(filters), locale };
}

/** The daily metrics offered as a spreadsheet beside the report. */
export const EXPORT_METRICS = ['orders', 'paid_orders', 'gmv', 'revenue', 'aov', 'buyers', 'pay_rate', 'cancel_rate', 'refund_rate'];

/** Links to the same report as HTML and Markdown, and to its daily metrics as CSV and XLSX. */
export function orderDownloadLinks(filters: Filters, locale: Locale): { html: string; md: string; csv: string; xlsx: string } {
  const report = { from: filters.from, to: filters.to, where: toWhere(filters), locale };
  const metrics = { metric: EXPORT_METRICS, by: 'day', from: filters.from, to: filters.to, where: toWhere(filters), locale };
  return {
    html: apiUrl('/reports/orders', { ...report, format: 'html' }),
    md: apiUrl('/reports/orders', { ...report, format: 'md' }),
    csv: apiUrl('/query', { ...metrics, format: 'csv' }),
    xlsx: apiUrl('/query', { ...metrics, format: 'xlsx' }),
  };
}

/** What a KPI card shows, its comparisons always listed. */
export interface KpiCardData {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly comparisons: readonly KpiComparison[];
}

/** KPI cards with 环比 and 同比 as the report gives them. */
export function toKpiCards(kpis: readonly ReportKpi[], format: Format, words: { vsPrevious: string; vsLastYear: string }): KpiCardData[] {
  return kpis.map((kpi) => {
    const value = formatterOf(format, kpi.unit);
    return {
      id: kpi.metric,
      label: kpi.label,
      value: value(kpi.value),
      comparisons: [
        { label: words.vsPrevious, change: kpi.previousChangeRate, reference: value(kpi.previous) },
        { label: words.vsLastYear, change: kpi.lastYearChangeRate, reference: value(kpi.lastYear) },
      ],
    };
  });
}

export interface ChartParts<R> {
  readonly option: ChartOption;
  readonly table: TableData<R>;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export interface FunnelRow {
  readonly step: string;
  readonly orders: number;
  readonly ofCreated: number | null;
  readonly ofPrevious: number | null;
}

/** Created → paid → completed, with cancelled and refunded listed beside in the table. */
export function buildFunnelChart(report: OrderReport, format: Format, t: OrdersText): ChartParts<FunnelRow> {
  const f = report.funnel;
  const steps = [
    { step: t.created, orders: f.created, previous: null },
    { step: t.paid, orders: f.paid, previous: f.created },
    { step: t.completed, orders: f.completed, previous: f.paid },
  ];
  const rows: FunnelRow[] = [
    ...steps.map((s) => ({
      step: s.step,
      orders: s.orders,
      ofCreated: share(s.orders, f.created),
      ofPrevious: s.previous === null ? null : share(s.orders, s.previous),
    })),
    { step: t.cancelled, orders: f.cancelled, ofCreated: share(f.cancelled, f.created), ofPrevious: null },
    { step: t.refunded, orders: f.refunded, ofCreated: share(f.refunded, f.created), ofPrevious: null },
  ];
  const option: ChartOption = {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${format.number(p.value)}` },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '8%',
        right: '8%',
        top: 10,
        bottom: 10,
        minSize: '20%',
        gap: 2,
        label: {
          position: 'inside',
          formatter: (p: { name: string; value: number }) =>
            `${p.name} ${format.number(p.value)} (${format.percent(share(p.value, f.created))})`,
        },
        data: steps.map((s) => ({ name: s.step, value: s.orders })),
      },
    ],
  };
  const percent = (v: unknown) => format.percent(v as number | null);
  return {
    option,
    table: {
      columns: [
        { key: 'step', label: t.step },
        { key: 'orders', label: t.count, numeric: true, format: (v) => format.number(v as number) },
        { key: 'ofCreated', label: t.ofCreated, numeric: true, format: percent },
        { key: 'ofPrevious', label: t.ofPrevious, numeric: true, format: percent },
      ],
      rows,
    },
  };
}

export interface DailyRow {
  readonly date: string;
  readonly actual: number | null;
  readonly expected: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly anomaly: string;
}

/** A daily line with its normal range shaded and the anomalous days marked. */
export function buildDailyChart(
  points: readonly ReportSeriesPoint[],
  anomalies: readonly ReportAnomaly[],
  metric: 'orders' | 'revenue',
  format: Format,
  t: OrdersText,
): ChartParts<DailyRow> {
  const value =
    metric === 'revenue' ? (v: number | null | undefined) => format.money(v) : (v: number | null | undefined) => format.number(v);
  const flagged = new Map(anomalies.filter((a) => a.metric === metric).map((a) => [a.at, a]));
  const rows: DailyRow[] = points.map((p) => {
    const anomaly = flagged.get(p.at);
    return {
      date: p.at,
      actual: p.value,
      expected: p.expected ?? null,
      lower: p.lower ?? null,
      upper: p.upper ?? null,
      anomaly: anomaly ? (anomaly.direction === 'high' ? t.high : t.low) : '',
    };
  });
  const dates = rows.map((r) => r.date);
  // Without a single order (an empty store, a filter nothing matches) a "normal range" says nothing.
  const hasData = rows.some((r) => r.actual !== null && r.actual !== 0);
  const band = (v: number | null) => (hasData ? v : null);
  const option: ChartOption = {
    grid: { left: 56, right: 16, top: 32, bottom: rows.length > 45 ? 48 : 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => value(typeof v === 'number' ? v : null) },
    legend: { top: 0, data: [t.actual, t.expected, t.band] },
    xAxis: { type: 'category', data: dates, boundaryGap: false },
    yAxis: {
      type: 'value',
      min: 0,
      // Orders are whole: half-order ticks would read "0 1 1 2 2" once rounded.
      minInterval: metric === 'revenue' ? undefined : 1,
      axisLabel: { formatter: (v: number) => (metric === 'revenue' ? format.compact(v) : format.number(v)) },
    },
    dataZoom: rows.length > 45 ? [{ type: 'inside' }, { type: 'slider', height: 14, bottom: 6 }] : undefined,
    series: [
      {
        name: t.band,
        type: 'line',
        stack: 'band',
        data: rows.map((r) => band(r.lower)),
        lineStyle: { opacity: 0 },
        itemStyle: { color: '#94a3b8' },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      },
      {
        name: t.band,
        type: 'line',
        stack: 'band',
        data: rows.map((r) => (r.lower === null || r.upper === null ? null : band(r.upper - r.lower))),
        lineStyle: { opacity: 0 },
        areaStyle: { color: '#94a3b8', opacity: 0.25 },
        itemStyle: { color: '#94a3b8' },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      },
      {
        name: t.expected,
        type: 'line',
        data: rows.map((r) => band(r.expected)),
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1, color: '#64748b' },
        itemStyle: { color: '#64748b' },
      },
      {
        name: t.actual,
        type: 'line',
        data: rows.map((r) => r.actual),
        symbolSize: 5,
        lineStyle: { width: 2, color: '#2563eb' },
        itemStyle: { color: '#2563eb' },
        markPoint: {
          symbolSize: 34,
          data: rows
            .filter((r) => r.anomaly !== '')
            .map((r) => ({
              coord: [r.date, r.actual],
              value: r.anomaly,
              itemStyle: { color: flagged.get(r.date)?.direction === 'high' ? '#ef4444' : '#f59e0b' },
            })),
        },
      },
    ],
  };
  const money = (v: unknown) => value(v as number | null);
  return {
    option,
    table: {
      columns: [
        { key: 'date', label: t.date },
        { key: 'actual', label: t.actual, numeric: true, format: money },
        { key: 'expected', label: t.expected, numeric: true, format: money },
        { key: 'lower', label: t.lower, numeric: true, format: money },
        { key: 'upper', label: t.upper, numeric: true, format: money },
        { key: 'anomaly', label: t.anomaly },
      ],
      rows,
    },
  };
}

export interface MixRow {
  /** The raw value a filter takes (`wechat`). */
  readonly key: string;
  readonly label: string;
  readonly orders: number;
  readonly revenue: number;
  readonly ordersShare: number | null;
  readonly revenueShare: number | null;
}

/** Rows of a breakdown (a report table or a metrics answer) with their shares of orders and revenue. */
export function toMixRows(rows: readonly Row[], dimension: string, locale: Locale): MixRow[] {
  const orders = rows.reduce((sum, r) => sum + (Number(r.orders) || 0), 0);
  const revenue = rows.reduce((sum, r) => sum + (Number(r.revenue) || 0), 0);
  return rows.map((r) => {
    const key = r[dimension] === null || r[dimension] === undefined || r[dimension] === '' ? '' : String(r[dimension]);
    const o = Number(r.orders) || 0;
    const v = Number(r.revenue) || 0;
    return {
      key,
      label: key === '' ? '—' : orderValueLabel(dimension, key, locale),
      orders: o,
      revenue: v,
      ordersShare: share(o, orders),
      revenueShare: share(v, revenue),
    };
  });
}

/** Mix rows from a metrics answer `metric=orders&metric=revenue&by=<dimension>`, biggest first. */
export function mixRowsOfQuery(result: QueryResult, dimension: string, locale: Locale): MixRow[] {
  return toMixRows(result.rows, dimension, locale).sort((a, b) => b.orders - a.orders || b.revenue - a.revenue);
}

/** A doughnut of a mix by orders or revenue; the selected value (a filter in force) is pulled out. */
export function buildMixChart(
  rows: readonly MixRow[],
  metric: 'orders' | 'revenue',
  dimensionLabel: string,
  format: Format,
  t: OrdersText,
  selected?: string,
): ChartParts<MixRow> {
  const value = (v: number) => (metric === 'revenue' ? format.money(v) : format.number(v));
  const option: ChartOption = {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; percent: number }) =>
        `${p.name}: ${value(p.value)} (${format.percent(p.percent / 100)})`,
    },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['34%', '58%'],
        center: ['50%', '45%'],
        selectedMode: 'single',
        minShowLabelAngle: 4,
        label: { fontSize: 11, formatter: (p: { name: string; percent: number }) => `${p.name}\n${format.percent(p.percent / 100)}` },
        labelLine: { length: 8, length2: 6 },
        data: rows.map((r) => ({ name: r.label, value: r[metric], key: r.key, selected: selected !== undefined && r.key === selected })),
      },
    ],
  };
  const count = (v: unknown) => format.number(v as number);
  const money = (v: unknown) => format.money(v as number);
  const percent = (v: unknown) => format.percent(v as number | null);
  return {
    option,
    table: {
      columns: [
        { key: 'label', label: dimensionLabel },
        { key: 'key', label: `${dimensionLabel} (ID)` },
        { key: 'orders', label: t.orders, numeric: true, format: count },
        { key: 'ordersShare', label: `${t.orders} ${t.share}`, numeric: true, format: percent },
        { key: 'revenue', label: t.revenue, numeric: true, format: money },
        { key: 'revenueShare', label: `${t.revenue} ${t.share}`, numeric: true, format: percent },
      ],
      rows,
    },
  };
}

/** What a ranking bar carries back when clicked: the filter values it stands for. */
export interface BarKey {
  readonly province?: string;
  readonly city?: string;
  readonly venue?: string;
}

/** Horizontal bars of a report ranking, the first row on top; bars can carry filter values. */
export function buildRankingChart(input: {
  readonly table: ReportTable;
  readonly label: (row: Row) => string;
  readonly metric: 'orders' | 'revenue';
  readonly format: Format;
  readonly keyOf?: (row: Row) => BarKey;
  readonly note?: (row: Row) => string;
  /** Labels of the rows that match the filters in force, drawn in the accent colour. */
  readonly isSelected?: (row: Row) => boolean;
  readonly sort?: boolean;
  readonly max?: number;
}): ChartParts<Row> {
  const { table, format, metric } = input;
  const value = (v: unknown) => (metric === 'revenue' ? format.money(v as number) : format.number(v as number));
  let rows = [...table.rows];
  if (input.sort) rows.sort((a, b) => (Number(b[metric]) || 0) - (Number(a[metric]) || 0));
  rows = rows.slice(0, input.max ?? 15);
  const shown = [...rows].reverse();
  const option: ChartOption = {
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; dataIndex: number }) => {
        const row = shown[p.dataIndex];
        const note = row && input.note ? ` ${input.note(row)}` : '';
        return `${p.name}: ${value(p.value)}${note}`;
      },
    },
    xAxis: {
      type: 'value',
      minInterval: metric === 'revenue' ? undefined : 1,
      axisLabel: { formatter: (v: number) => (metric === 'revenue' ? format.compact(v) : format.number(v)) },
    },
    yAxis: { type: 'category', data: shown.map((r) => input.label(r)), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: shown.map((r) => ({
          value: Number(r[metric]) || 0,
          ...(input.keyOf ? { key: input.keyOf(r) } : {}),
          itemStyle: { color: input.isSelected?.(r) ? '#f59e0b' : '#2563eb' },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { value: number; dataIndex: number }) => {
            const row = shown[p.dataIndex];
            return `${metric === 'revenue' ? format.compact(p.value) : format.number(p.value)}${row && input.note ? ` ${input.note(row)}` : ''}`;
          },
        },
      },
    ],
  };
  const columns: TableColumn<Row>[] = table.columns.map((c) => ({
    key: c.name,
    label: c.label,
    numeric: c.unit !== undefined && c.unit !== 'text',
    format: formatterOf(format, c.unit),
  }));
  return { option, table: { columns, rows: table.rows } };
}

export interface HeatmapRow {
  readonly weekday: string;
  readonly total: number;
  readonly [hour: `h${number}`]: number;
}

/** Orders by weekday × hour, and the busiest slot. */
export function buildHeatmapChart(
  report: OrderReport,
  format: Format,
  t: OrdersText,
): ChartParts<HeatmapRow> & { peak: { weekday: string; hour: number; orders: number } | null } {
  const names = t.weekdays.split(',');
  const { weekdays, hours, values } = report.heatmap;
  const data: [number, number, number][] = [];
  let peak: { weekday: string; hour: number; orders: number } | null = null;
  let max = 0;
  const rows: HeatmapRow[] = weekdays.map((weekday, r) => {
    const name = names[weekday - 1] ?? String(weekday);
    const row: Record<string, string | number> = { weekday: name };
    let total = 0;
    hours.forEach((hour, c) => {
      const v = values[r]?.[c] ?? 0;
      data.push([c, r, v]);
      row[`h${hour}`] = v;
      total += v;
      if (v > max) {
        max = v;
        peak = { weekday: name, hour, orders: v };
      }
    });
    row.total = total;
    return row as unknown as HeatmapRow;
  });
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 8, bottom: 72 },
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number] }) =>
        `${names[weekdays[p.value[1]]! - 1] ?? ''} ${String(hours[p.value[0]]).padStart(2, '0')}:00 — ${format.number(p.value[2])}`,
    },
    xAxis: { type: 'category', data: hours.map((h) => String(h)), splitArea: { show: true } },
    yAxis: { type: 'category', data: weekdays.map((w) => names[w - 1] ?? String(w)), inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: Math.max(1, max),
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 12,
      inRange: { color: ['#eff6ff', '#2563eb', '#1e3a8a'] },
    },
    series: [{ type: 'heatmap', data, emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } } }],
  };
  const count = (v: unknown) => format.number(v as number);
  return {
    option,
    peak,
    table: {
      columns: [
        { key: 'weekday', label: t.weekday },
        ...hours.map((h) => ({ key: `h${h}`, label: `${h}${t.hour}`, numeric: true, format: count })),
        { key: 'total', label: t.total, numeric: true, format: count },
      ],
      rows,
    },
  };
}

export interface AnomalyRow {
  readonly date: string;
  readonly metric: string;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly expected: number;
  readonly deviation: number;
  readonly relative: number | null;
  readonly verdict: string;
}

/** The report's unusual days as a table, money written as money. */
export function anomalyTable(anomalies: readonly ReportAnomaly[], format: Format, t: OrdersText): TableData<AnomalyRow> {
  const unitOf = (row: AnomalyRow) => (row.metric === t.revenue ? format.money : (v: number | null | undefined) => format.number(v, 1));
  const value = (v: unknown, row: AnomalyRow) => unitOf(row)(v as number);
  return {
    columns: [
      { key: 'date', label: t.date },
      { key: 'metric', label: t.metric },
      { key: 'value', label: t.actual, numeric: true, format: value },
      { key: 'expected', label: t.expected, numeric: true, format: value },
      { key: 'lower', label: t.lower, numeric: true, format: value },
      { key: 'upper', label: t.upper, numeric: true, format: value },
      { key: 'deviation', label: t.deviation, numeric: true, format: value },
      { key: 'relative', label: t.relative, numeric: true, format: (v) => format.change(v as number | null) },
      { key: 'verdict', label: t.verdict },
    ],
    rows: anomalies.map((a) => ({
      date: a.at,
      metric: a.metric === 'revenue' ? t.revenue : a.metric === 'orders' ? t.orders : a.metric,
      value: a.value,
      lower: a.lower,
      upper: a.upper,
      expected: a.expected,
      deviation: a.deviation,
      relative: a.relative,
      verdict: a.direction === 'high' ? `▲ ${t.high}` : `▼ ${t.low}`,
    })),
  };
}

export interface OutlookRow {
  readonly date: string;
  readonly actual: number | null;
  readonly forecast: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The period's daily orders followed by the forecast of the next period with its 80% band. */
export function buildOutlookChart(report: OrderReport, format: Format, t: OrdersText): ChartParts<OutlookRow> {
  const rows: OutlookRow[] = [
    ...report.daily.orders.map((p) => ({ date: p.at, actual: p.value, forecast: null, lower: null, upper: null })),
    ...report.outlook.daily.map((p) => ({ date: p.at, actual: null, forecast: p.value, lower: p.lower ?? null, upper: p.upper ?? null })),
  ];
  const number = (v: unknown) => format.number(typeof v === 'number' ? v : null, 1);
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => number(v) },
    legend: { top: 0, data: [t.actual, t.forecastOrders, t.band80] },
    xAxis: { type: 'category', data: rows.map((r) => r.date), boundaryGap: false },
    yAxis: { type: 'value', min: 0 },
    series: [
      {
        name: t.band80,
        type: 'line',
        stack: 'band',
        data: rows.map((r) => r.lower),
        lineStyle: { opacity: 0 },
        itemStyle: { color: '#f59e0b' },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      },
      {
        name: t.band80,
        type: 'line',
        stack: 'band',
        data: rows.map((r) => (r.lower === null || r.upper === null ? null : r.upper - r.lower)),
        lineStyle: { opacity: 0 },
        areaStyle: { color: '#f59e0b', opacity: 0.25 },
        itemStyle: { color: '#f59e0b' },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      },
      {
        name: t.actual,
        type: 'line',
        data: rows.map((r) => r.actual),
        symbol: 'none',
        lineStyle: { width: 2, color: '#2563eb' },
        itemStyle: { color: '#2563eb' },
      },
      {
        name: t.forecastOrders,
        type: 'line',
        data: rows.map((r) => r.forecast),
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: '#f59e0b' },
        itemStyle: { color: '#f59e0b' },
      },
    ],
  };
  return {
    option,
    table: {
      columns: [
        { key: 'date', label: t.date },
        { key: 'actual', label: t.actual, numeric: true, format: number },
        { key: 'forecast', label: t.forecastOrders, numeric: true, format: number },
        { key: 'lower', label: `${t.band80} ${t.lower}`, numeric: true, format: number },
        { key: 'upper', label: `${t.band80} ${t.upper}`, numeric: true, format: number },
      ],
      rows,
    },
  };
}

/** The outlook in one sentence. */
export function outlookSentence(report: OrderReport, format: Format, t: OrdersText): string {
  const o = report.outlook;
  return fill(t.outlookNote, {
    from: format.date(o.period.from),
    to: format.date(o.period.to),
    orders: format.number(o.orders),
    revenue: format.money(o.revenue),
  });
}
