/** The weekday × hour heatmap (metrics by weekday, hour_of_day): the chart and a 7 × 24 table, a weekday per row. */
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableColumn, TableData } from '../charts/table-csv.ts';
import type { Locale } from '../i18n/locale.ts';
import { timeText } from './time-text.ts';

type Cell = string | number | null;

/** A weekday with its 24 hourly values (`h0` … `h23`). */
export type HeatmapRow = { readonly weekday: number } & Readonly<Record<`h${number}`, number | null>>;

export const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAY_KEYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** `8:00`-style hour label. */
export const hourLabel = (hour: number) => `${hour}:00`;

export function weekdayName(weekday: number, locale: Locale): string {
  const key = WEEKDAY_KEYS[weekday - 1];
  return key ? timeText(locale)[key] : String(weekday);
}

/** The grid of values: 7 weekdays (1 = Monday) × 24 hours; a missing cell is `missing` (0 for volumes). */
export function toHeatmapGrid(rows: readonly Readonly<Record<string, Cell>>[], metric: string, missing: number | null): HeatmapRow[] {
  const grid = new Map<string, number | null>();
  for (const row of rows) {
    const value = row[metric];
    grid.set(`${Number(row.weekday)}:${Number(row.hour_of_day)}`, value === null || value === undefined ? null : Number(value));
  }
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => {
    const row: Record<string, number | null> = { weekday };
    for (const hour of HOURS) row[`h${hour}`] = grid.has(`${weekday}:${hour}`) ? grid.get(`${weekday}:${hour}`)! : missing;
    return row as HeatmapRow;
  });
}

export function buildWeekdayHourHeatmap(input: {
  readonly rows: readonly Readonly<Record<string, Cell>>[];
  readonly metric: string;
  readonly metricName: string;
  readonly zeroWhenMissing: boolean;
  readonly locale: Locale;
  readonly valueFormat: (value: number | null | undefined) => string;
}): { option: ChartOption; table: TableData<HeatmapRow> } {
  const t = timeText(input.locale);
  const grid = toHeatmapGrid(input.rows, input.metric, input.zeroWhenMissing ? 0 : null);
  const weekdays = grid.map((row) => weekdayName(row.weekday, input.locale));
  const data: [number, number, number | null][] = [];
  let max = 0;
  grid.forEach((row, y) => {
    for (const hour of HOURS) {
      const value = row[`h${hour}`] ?? null;
      if (value !== null) max = Math.max(max, value);
      data.push([hour, y, value]);
    }
  });
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 8, bottom: 72 },
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number | null] }) =>
        `${weekdays[p.value[1]]} ${hourLabel(p.value[0])}<br/>${input.metricName}: ${input.valueFormat(p.value[2])}`,
    },
    xAxis: { type: 'category', data: HOURS.map(String), splitArea: { show: true } },
    yAxis: { type: 'category', data: weekdays, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: max || 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      inRange: { color: ['#eff6ff', '#93c5fd', '#2563eb', '#1e3a8a'] },
      formatter: (value: number) => input.valueFormat(value),
    },
    series: [{ name: input.metricName, type: 'heatmap', data, emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 1 } } }],
  };
  const columns: TableColumn<HeatmapRow>[] = [
    { key: 'weekday', label: t.weekday, format: (v) => weekdayName(Number(v), input.locale) },
    ...HOURS.map((hour) => ({
      key: `h${hour}`,
      label: hourLabel(hour),
      numeric: true,
      format: (v: unknown) => input.valueFormat(v as number | null),
    })),
  ];
  return { option, table: { columns, rows: grid } };
}
