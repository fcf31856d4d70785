/**
 * The system-log report (GET /api/v1/reports/logs?format=json) and the log metrics turned into what
 * the /logs page draws: KPIs, level volume over time, error rate, breakdowns, message templates and
 * spikes, each chart with its table. Pure.
 */
import { apiUrl, type QueryResult } from '../api.ts';
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableColumn, TableData } from '../charts/table-csv.ts';
import { addDays, type Filters } from '../filters/filters.ts';
import type { Format } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { KpiCardData } from '../orders/order-report-view.ts';
import type { LogReport, ReportAnomaly, ReportTable } from '../orders/report-types.ts';
import { LEVEL_COLOURS, LOG_LEVELS, logValueLabel, type LogsText } from './logs-text.ts';

/** Days the hourly view covers at most (the end of the period), so it stays readable and quick. */
export const HOURLY_DAYS = 14;

/** The report's query parameters: logs take the period only, never region or channel filters. */
export function logReportParams(filters: Pick<Filters, 'from' | 'to'>, locale: Locale) {
  return { format: 'json', from: filters.from, to: filters.to, locale };
}

/** The period the hourly view shows: the last HOURLY_DAYS days of the period. */
export function hourlyPeriod(filters: Pick<Filters, 'from' | 'to'>): { from: string; to: string } {
  const earliest = addDays(filters.to, -(HOURLY_DAYS - 1));
  return { from: filters.from > earliest ? filters.from : earliest, to: filters.to };
}

/** Links to the log report as HTML and Markdown and to its daily metrics as CSV and XLSX. */
export function logDownloadLinks(filters: Pick<Filters, 'from' | 'to'>, locale: Locale) {
  const period = { from: filters.from, to: filters.to, locale };
  const metrics = { metric: ['log_count', 'error_rate'], by: 'day', ...period };
  return {
    html: apiUrl('/reports/logs', { ...period, format: 'html' }),
    md: apiUrl('/reports/logs', { ...period, format: 'md' }),
    csv: apiUrl('/query', { ...metrics, format: 'csv' }),
    xlsx: apiUrl('/query', { ...metrics, format: 'xlsx' }),
  };
}

export interface ChartParts<R> {
  readonly option: ChartOption;
  readonly table: TableData<R>;
}

/** Levels present, least severe first, known ones in their order and unknown ones after. */
function orderedLevels(levels: Iterable<string>): string[] {
  const rank = (level: string) => {
    const index = (LOG_LEVELS as readonly string[]).indexOf(level);
    return index < 0 ? LOG_LEVELS.length : index;
  };
  return [...new Set(levels)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const sumOf = (values: readonly number[] | undefined) => (values ?? []).reduce((sum, v) => sum + v, 0);

/** Report KPIs (log count and error rate with 环比/同比) plus the period's error and warning counts. */
export function toLogKpiCards(report: LogReport, format: Format, t: LogsText): KpiCardData[] {
  const cards = report.kpis.map((kpi) => {
    const value = (v: number | null) => (kpi.unit === 'ratio' ? format.percent(v, 2) : format.number(v));
    return {
      id: kpi.metric,
      label: kpi.label,
      value: value(kpi.value),
      comparisons: [
        { label: t.vsPrevious, change: kpi.previousChangeRate, reference: value(kpi.previous) },
        { label: t.vsLastYear, change: kpi.lastYearChangeRate, reference: value(kpi.lastYear) },
      ],
    };
  });
  const byLevel = report.daily.byLevel;
  return [
    ...cards,
    { id: 'errors', label: t.errors, value: format.number(sumOf(byLevel.ERROR) + sumOf(byLevel.FATAL)), comparisons: [] },
    { id: 'warnings', label: t.warnings, value: format.number(sumOf(byLevel.WARN)), comparisons: [] },
  ];
}

/** Log counts per time bucket and level. */
export interface LevelSeries {
  readonly times: readonly string[];
  readonly byLevel: Readonly<Record<string, readonly number[]>>;
}

/** The report's daily counts by level. */
export function dailyLevelSeries(report: LogReport): LevelSeries {
  return { times: report.daily.days, byLevel: report.daily.byLevel };
}

/** Hourly counts by level from `metric=log_count&by=hour&by=log_level`, every hour of the period present. */
export function hourlyLevelSeries(result: QueryResult, period: { from: string; to: string }): LevelSeries {
  const times: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1))
    for (let hour = 0; hour < 24; hour++) times.push(`${day} ${String(hour).padStart(2, '0')}:00`);
  const index = new Map(times.map((time, i) => [time, i]));
  const byLevel: Record<string, number[]> = {};
  for (const row of result.rows) {
    const level = String(row.log_level ?? '');
    const at = index.get(String(row.hour));
    if (at === undefined) continue;
    const counts = (byLevel[level] ??= times.map(() => 0));
    counts[at] = (counts[at] ?? 0) + (Number(row.log_count) || 0);
  }
  return { times, byLevel };
}

export type LevelRow = Readonly<Record<string, string | number>>;

/** Stacked bars of log volume per level (spikes marked when given), and the counts as a table. */
export function buildLevelVolumeChart(
  series: LevelSeries,
  format: Format,
  locale: Locale,
  t: LogsText,
  spikes: readonly ReportAnomaly[] = [],
): ChartParts<LevelRow> {
  const levels = orderedLevels(Object.keys(series.byLevel));
  const rows: LevelRow[] = series.times.map((time, i) => {
    const row: Record<string, string | number> = { time };
    let total = 0;
    for (const level of levels) {
      const n = series.byLevel[level]?.[i] ?? 0;
      row[level] = n;
      total += n;
    }
    row.total = total;
    return row;
  });
  const known = new Set(series.times);
  const marks = spikes
    .filter((spike) => known.has(spike.at))
    .map((spike) => ({
      coord: [spike.at, rows[series.times.indexOf(spike.at)]?.total ?? spike.value],
      value: spike.metric === 'errors' ? '!' : '▲',
      itemStyle: { color: spike.metric === 'errors' ? '#ef4444' : '#f59e0b' },
    }));
  const many = series.times.length > 60;
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 32, bottom: many ? 48 : 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => format.number(v as number) },
    legend: { top: 0 },
    xAxis: { type: 'category', data: series.times },
    yAxis: { type: 'value', minInterval: 1 },
    dataZoom: many ? [{ type: 'inside' }, { type: 'slider', height: 14, bottom: 6 }] : undefined,
    series: levels.map((level, i) => ({
      name: logValueLabel('log_level', level, locale),
      type: 'bar',
      stack: 'levels',
      barMaxWidth: 24,
      itemStyle: { color: LEVEL_COLOURS[level] },
      data: rows.map((row) => row[level]),
      ...(i === levels.length - 1 && marks.length > 0 ? { markPoint: { symbolSize: 28, data: marks } } : {}),
    })),
  };
  const count = (v: unknown) => format.number(v as number);
  return {
    option,
    table: {
      columns: [
        { key: 'time', label: t.time },
        ...levels.map((level) => ({ key: level, label: logValueLabel('log_level', level, locale), numeric: true, format: count })),
        { key: 'total', label: t.total, numeric: true, format: count },
      ],
      rows,
    },
  };
}

export interface ErrorRateRow {
  readonly date: string;
  readonly errorRate: number | null;
  readonly errors: number;
  readonly total: number;
}

/** The daily error rate with the period's average as a dashed line. */
export function buildErrorRateChart(report: LogReport, format: Format, t: LogsText): ChartParts<ErrorRateRow> & { average: number | null } {
  const { days, byLevel, errorRate } = report.daily;
  const levels = Object.keys(byLevel);
  const rows: ErrorRateRow[] = days.map((date, i) => ({
    date,
    errorRate: errorRate[i] ?? null,
    errors: (byLevel.ERROR?.[i] ?? 0) + (byLevel.FATAL?.[i] ?? 0),
    total: levels.reduce((sum, level) => sum + (byLevel[level]?.[i] ?? 0), 0),
  }));
  const average = report.kpis.find((kpi) => kpi.metric === 'error_rate')?.value ?? null;
  const option: ChartOption = {
    grid: { left: 52, right: 16, top: 16, bottom: days.length > 60 ? 48 : 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format.percent(v as number, 2) },
    xAxis: { type: 'category', data: days, boundaryGap: false },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => format.percent(v, 0) } },
    dataZoom: days.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 14, bottom: 6 }] : undefined,
    series: [
      {
        name: t.rate,
        type: 'line',
        data: rows.map((r) => r.errorRate),
        symbolSize: 4,
        lineStyle: { color: '#ef4444', width: 2 },
        itemStyle: { color: '#ef4444' },
        areaStyle: { color: '#ef4444', opacity: 0.08 },
        markLine:
          average === null
            ? undefined
            : {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#64748b' },
                label: { formatter: () => `${t.average} ${format.percent(average, 2)}`, position: 'insideEndTop' },
                data: [{ yAxis: average }],
              },
      },
    ],
  };
  const count = (v: unknown) => format.number(v as number);
  return {
    option,
    average,
    table: {
      columns: [
        { key: 'date', label: t.date },
        { key: 'errorRate', label: t.rate, numeric: true, format: (v) => format.percent(v as number | null, 2) },
        { key: 'errors', label: t.errors, numeric: true, format: count },
        { key: 'total', label: t.count, numeric: true, format: count },
      ],
      rows,
    },
  };
}

export interface LevelShareRow {
  readonly level: string;
  readonly label: string;
  readonly count: number;
  readonly share: number | null;
}

/** A doughnut of the period's logs by level, from `metric=log_count&by=log_level`. */
export function buildLevelMixChart(result: QueryResult, format: Format, locale: Locale, t: LogsText): ChartParts<LevelShareRow> {
  const total = result.rows.reduce((sum, row) => sum + (Number(row.log_count) || 0), 0);
  const byLevel = new Map(result.rows.map((row) => [String(row.log_level ?? ''), Number(row.log_count) || 0]));
  const rows: LevelShareRow[] = orderedLevels(byLevel.keys()).map((level) => ({
    level,
    label: logValueLabel('log_level', level, locale),
    count: byLevel.get(level) ?? 0,
    share: total > 0 ? (byLevel.get(level) ?? 0) / total : null,
  }));
  const option: ChartOption = {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; percent: number }) =>
        `${p.name}: ${format.number(p.value)} (${format.percent(p.percent / 100)})`,
    },
    series: [
      {
        type: 'pie',
        radius: ['36%', '62%'],
        center: ['50%', '50%'],
        label: { fontSize: 11, formatter: (p: { name: string; percent: number }) => `${p.name}\n${format.percent(p.percent / 100)}` },
        data: rows.map((r) => ({ name: r.label, value: r.count, itemStyle: { color: LEVEL_COLOURS[r.level] } })),
      },
    ],
  };
  return {
    option,
    table: {
      columns: [
        { key: 'level', label: t.level },
        { key: 'label', label: `${t.level} (${t.levelsColumn})` },
        { key: 'count', label: t.count, numeric: true, format: (v) => format.number(v as number) },
        { key: 'share', label: t.share, numeric: true, format: (v) => format.percent(v as number | null) },
      ],
      rows,
    },
  };
}

type Row = Readonly<Record<string, string | number | null>>;

/** Bars of log count with the error rate as a line on a second axis, for a type or source breakdown. */
export function buildBreakdownChart(
  table: ReportTable,
  dimension: 'log_type' | 'log_source',
  format: Format,
  locale: Locale,
  t: LogsText,
): ChartParts<Row> {
  const labels = table.rows.map((row) => logValueLabel(dimension, String(row[dimension] ?? '—'), locale));
  const option: ChartOption = {
    grid: { left: 48, right: 52, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t.count, t.rate] },
    xAxis: { type: 'category', data: labels },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, axisLabel: { formatter: (v: number) => format.percent(v, 0) }, splitLine: { show: false } },
    ],
    series: [
      {
        name: t.count,
        type: 'bar',
        barMaxWidth: 40,
        data: table.rows.map((row) => row.log_count),
        itemStyle: { color: '#2563eb' },
        tooltip: { valueFormatter: (v: unknown) => format.number(v as number) },
      },
      {
        name: t.rate,
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 40,
        data: table.rows.map((row) => row.error_rate),
        itemStyle: { color: '#ef4444' },
        tooltip: { valueFormatter: (v: unknown) => format.percent(v as number, 2) },
      },
    ],
  };
  const columns: TableColumn<Row>[] = [
    { key: dimension, label: dimension === 'log_type' ? t.type : t.source },
    { key: 'log_count', label: t.count, numeric: true, format: (v) => format.number(v as number) },
    { key: 'error_rate', label: t.rate, numeric: true, format: (v) => format.percent(v as number | null, 2) },
  ];
  // The table names each value in words with its code, so the CSV can be matched to raw logs.
  const rows = table.rows.map((row, i) => ({ ...row, [dimension]: `${labels[i]} (${String(row[dimension] ?? '')})` }));
  return { option, table: { columns, rows } };
}

export interface TemplateRow {
  readonly template: string;
  readonly count: number;
  readonly levels: string;
  readonly example: string;
  readonly first: string;
  readonly last: string;
}

/** The report's error message templates as a table, times in the business zone. */
export function topErrorsTable(report: LogReport, format: Format, t: LogsText): TableData<TemplateRow> {
  return {
    columns: [
      { key: 'template', label: t.template },
      { key: 'count', label: t.count, numeric: true, format: (v) => format.number(v as number) },
      { key: 'levels', label: t.levelsColumn },
      { key: 'example', label: t.example },
      { key: 'first', label: t.first, format: (v) => format.dateTime(v as string, report.timeZone) },
      { key: 'last', label: t.last, format: (v) => format.dateTime(v as string, report.timeZone) },
    ],
    rows: report.topErrors.map((row) => ({
      template: row.template,
      count: row.count,
      levels: orderedLevels(Object.keys(row.levels))
        .map((level) => `${level} ${row.levels[level]}`)
        .join(' · '),
      example: row.example,
      first: row.first ?? '',
      last: row.last ?? '',
    })),
  };
}

export interface SpikeRow {
  readonly at: string;
  readonly metric: string;
  readonly value: number;
  readonly expected: number;
  readonly upper: number;
  readonly deviation: number;
  readonly relative: number | null;
}

/** The report's spike hours as a table. */
export function spikesTable(spikes: readonly ReportAnomaly[], format: Format, t: LogsText): TableData<SpikeRow> {
  const count = (v: unknown) => format.number(v as number, 1);
  return {
    columns: [
      { key: 'at', label: t.time },
      { key: 'metric', label: t.metric },
      { key: 'value', label: t.actual, numeric: true, format: count },
      { key: 'expected', label: t.expected, numeric: true, format: count },
      { key: 'upper', label: t.upper, numeric: true, format: count },
      { key: 'deviation', label: t.deviation, numeric: true, format: count },
      { key: 'relative', label: t.relative, numeric: true, format: (v) => format.change(v as number | null) },
    ],
    rows: spikes.map((s) => ({
      at: s.at,
      metric: s.metric === 'errors' ? t.errorLogs : t.allLogs,
      value: s.value,
      expected: s.expected,
      upper: s.upper,
      deviation: s.deviation,
      relative: s.relative,
    })),
  };
}
