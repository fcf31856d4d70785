/**
 * The trend of one metric at hour, day, week or month grain with its 环比 (previous period) and 同比
 * (last year) lines; at day grain also the forecast with its bands and the holidays shaded (through
 * buildForecastChart, so the time view and the forecast page draw them alike).
 */
import { buildForecastChart } from '../charts/forecast-chart.ts';
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableColumn, TableData } from '../charts/table-csv.ts';
import type { CalendarDay, ForecastPoint } from '../flow-types.ts';
import { addDays } from '../filters/filters.ts';
import { fill, type Locale } from '../i18n/locale.ts';
import { timeText } from './time-text.ts';

export type Grain = 'hour' | 'day' | 'week' | 'month';
export const GRAINS: readonly Grain[] = ['hour', 'day', 'week', 'month'];

type Cell = string | number | null;
type QueryRow = Readonly<Record<string, Cell>>;

export interface TrendInput {
  readonly grain: Grain;
  readonly metric: string;
  /** The period, for the buckets without data. */
  readonly from: string;
  readonly to: string;
  /** Rows of GET /query by the grain with compare=previous. */
  readonly previousRows: readonly QueryRow[];
  /** Rows of the same query with compare=year. */
  readonly yearRows: readonly QueryRow[];
  /** A volume (count, money): a bucket without rows is 0. For rates it is unknown. */
  readonly zeroWhenMissing: boolean;
  /** An average (money per order): its 0, which the API gives a period without data, is unknown. */
  readonly zeroIsUnknown?: boolean | undefined;
  /** Forecast points to append (day grain only). */
  readonly forecast?: readonly ForecastPoint[] | undefined;
  /**
   * Today, still running: at day grain with a forecast, its actual is left off the line (the forecast
   * stands for the day) and kept in the table.
   */
  readonly partialDay?: string | undefined;
  /** Holidays and make-up workdays to shade (day grain only). */
  readonly calendar?: readonly CalendarDay[] | undefined;
  readonly locale: Locale;
  readonly valueFormat: (value: number | null | undefined) => string;
  readonly changeFormat: (value: number | null | undefined) => string;
}

export interface TrendRow {
  readonly bucket: string;
  readonly value: number | null;
  readonly previous: number | null;
  readonly previousChange: number | null;
  readonly lastYear: number | null;
  readonly lastYearChange: number | null;
  readonly [more: string]: string | number | null;
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a `YYYY-MM-DD`. */
export function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Every bucket label of the grain from `from` to `to`, as the metrics layer labels them. */
export function bucketsOf(grain: Grain, from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length < 3700; day = addDays(day, 1)) days.push(day);
  if (grain === 'day') return days;
  if (grain === 'hour') return days.flatMap((day) => Array.from({ length: 24 }, (_, h) => `${day} ${String(h).padStart(2, '0')}:00`));
  if (grain === 'week') return [...new Set(days.map((day) => addDays(day, 1 - isoWeekday(day))))];
  return [...new Set(days.map((day) => day.slice(0, 7)))];
}

const numberOrNull = (cell: Cell | undefined): number | null => (cell === null || cell === undefined || cell === '' ? null : Number(cell));

/** One row per bucket of the period: the value, the previous period's and last year's, with rates of change. */
export function toTrendRows(
  input: Pick<TrendInput, 'grain' | 'metric' | 'from' | 'to' | 'previousRows' | 'yearRows' | 'zeroWhenMissing' | 'zeroIsUnknown'>,
): TrendRow[] {
  const { grain, metric } = input;
  const byBucket = (rows: readonly QueryRow[]) => new Map(rows.map((row) => [String(row[grain]), row]));
  const previous = byBucket(input.previousRows);
  const year = byBucket(input.yearRows);
  const missing = input.zeroWhenMissing ? 0 : null;
  const known = (cell: Cell | undefined) => {
    const value = numberOrNull(cell);
    return value === 0 && input.zeroIsUnknown ? null : value;
  };
  const buckets = new Set(bucketsOf(grain, input.from, input.to));
  for (const key of [...previous.keys(), ...year.keys()]) buckets.add(key);
  const rate = (now: number | null, before: number | null) =>
    now === null || before === null || before === 0 ? null : (now - before) / Math.abs(before);
  return [...buckets].sort().map((bucket) => {
    const p = previous.get(bucket);
    const y = year.get(bucket);
    const value = known(p?.[metric] ?? y?.[metric]) ?? missing;
    const before = known(p?.[`${metric}_compare`]) ?? (p ? null : missing);
    const lastYear = known(y?.[`${metric}_compare`]) ?? (y ? null : missing);
    return { bucket, value, previous: before, previousChange: rate(value, before), lastYear, lastYearChange: rate(value, lastYear) };
  });
}

/** The trend chart and its table. */
export function buildTrendChart(input: TrendInput): { option: ChartOption; table: TableData<TrendRow> } {
  const t = timeText(input.locale);
  const rows = toTrendRows(input);
  // Rates and averages have gaps (hours without orders): points mark values a gap would hide.
  const symbols = input.zeroWhenMissing ? { symbol: 'none' } : { symbol: 'circle', symbolSize: 4 };
  const compareSeries = (dates: readonly string[]) => {
    const byBucket = new Map(rows.map((row) => [row.bucket, row]));
    const line = (name: string, key: 'previous' | 'lastYear', color: string, type: string) => ({
      name,
      type: 'line',
      data: dates.map((date) => byBucket.get(date)?.[key] ?? null),
      ...symbols,
      lineStyle: { width: 1.5, type, color },
      itemStyle: { color },
    });
    return [line(t.previousValue, 'previous', '#64748b', 'dashed'), line(t.lastYearValue, 'lastYear', '#8b5cf6', 'dotted')];
  };
  const changeColumns: TableColumn<TrendRow>[] = [
    { key: 'previous', label: t.previousValue, numeric: true, format: (v) => input.valueFormat(v as number | null) },
    { key: 'previousChange', label: t.previous, numeric: true, format: (v) => input.changeFormat(v as number | null) },
    { key: 'lastYear', label: t.lastYearValue, numeric: true, format: (v) => input.valueFormat(v as number | null) },
    { key: 'lastYearChange', label: t.lastYear, numeric: true, format: (v) => input.changeFormat(v as number | null) },
  ];

  if (input.grain === 'day') {
    // The forecast chart brings the actual line, the bands and the holiday shading; the comparisons are added to it.
    const forecast = input.forecast ?? [];
    const forecastDays = new Set(forecast.map((point) => point.ds));
    const drawn = (row: TrendRow) => !(row.bucket === input.partialDay && forecastDays.has(row.bucket));
    const base = buildForecastChart({
      actual: rows.map((row) => ({ date: row.bucket, value: drawn(row) ? row.value : null })),
      forecast,
      calendar: input.calendar ?? [],
      locale: input.locale,
      valueFormat: input.valueFormat,
    });
    const dates = base.table.rows.map((row) => row.date);
    const option = base.option as { legend: { data: string[] }; series: { name: string }[] } & ChartOption;
    const withForecast = forecast.length > 0;
    const series = withForecast ? option.series : option.series.slice(-2, -1); // the actual line only
    const actualName = option.series[option.series.length - 2]!.name;
    const legend = withForecast ? [...option.legend.data] : [actualName];
    const byDate = new Map(rows.map((row) => [row.bucket, row]));
    const tableRows: TrendRow[] = base.table.rows.map((row) => {
      const trend = byDate.get(row.date);
      return {
        ...row,
        bucket: row.date,
        value: trend?.value ?? row.actual,
        previous: trend?.previous ?? null,
        previousChange: trend?.previousChange ?? null,
        lastYear: trend?.lastYear ?? null,
        lastYearChange: trend?.lastYearChange ?? null,
      };
    });
    const keep = (key: string) => withForecast || !['forecast', 'lower80', 'upper80', 'lower95', 'upper95'].includes(key);
    const forecastColumns = base.table.columns.filter((column) => keep(column.key)) as unknown as TableColumn<TrendRow>[];
    return {
      option: {
        ...option,
        legend: { ...option.legend, data: [...legend, t.previousValue, t.lastYearValue] },
        series: [...series, ...compareSeries(dates)],
      },
      table: {
        columns: [
          { ...forecastColumns[0]!, key: 'bucket' },
          ...forecastColumns.slice(1).map((column) => (column.key === 'actual' ? { ...column, key: 'value' } : column)),
          ...changeColumns,
        ],
        rows: tableRows,
      },
    };
  }

  const buckets = rows.map((row) => row.bucket);
  const label = (bucket: string) => (input.grain === 'week' ? fill(t.weekOf, { date: bucket }) : bucket);
  const option: ChartOption = {
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) => input.valueFormat(typeof value === 'number' ? value : null),
    },
    legend: { top: 0, data: [t.value, t.previousValue, t.lastYearValue] },
    xAxis: { type: 'category', data: buckets, axisLabel: { formatter: (v: string) => (input.grain === 'hour' ? v.slice(5) : v) } },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (value: number) => input.valueFormat(value) } },
    dataZoom: buckets.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }] : [{ type: 'inside' }],
    series: [
      {
        name: t.value,
        type: input.grain === 'hour' ? 'line' : 'bar',
        data: rows.map((row) => row.value),
        ...symbols,
        barMaxWidth: 28,
        itemStyle: { color: '#2563eb' },
      },
      ...compareSeries(buckets),
    ],
  };
  return {
    option,
    table: {
      columns: [
        { key: 'bucket', label: t.bucket, format: (v) => label(String(v)) },
        { key: 'value', label: t.value, numeric: true, format: (v) => input.valueFormat(v as number | null) },
        ...changeColumns,
      ],
      rows,
    },
  };
}
