/**
 * Actuals followed by the forecast with its 80% and 95% bands, holidays and make-up workdays shaded:
 * the chart option and its table, from plain data (shared by the time view, the overview and the
 * forecast page).
 */
import type { CalendarDay, ForecastPoint } from '../flow-types.ts';
import type { Locale } from '../i18n/locale.ts';
import { defineText } from '../i18n/locale.ts';
import type { ChartOption } from './echarts-core.ts';
import type { TableData } from './table-csv.ts';

const text = defineText({
  'zh-CN': {
    actual: '实际',
    forecast: '预测',
    band80: '80% 区间',
    band95: '95% 区间',
    date: '日期',
    holiday: '节假日',
    makeup: '调休上班',
    low: '下限',
    high: '上限',
  },
  en: {
    actual: 'Actual',
    forecast: 'Forecast',
    band80: '80% band',
    band95: '95% band',
    date: 'Date',
    holiday: 'Holiday',
    makeup: 'Make-up workday',
    low: 'low',
    high: 'high',
  },
});

export interface ForecastChartInput {
  readonly actual: readonly { readonly date: string; readonly value: number | null }[];
  readonly forecast: readonly ForecastPoint[];
  /** Days to shade (from GET /api/v1/calendar); weekends are not shaded. */
  readonly calendar?: readonly CalendarDay[];
  readonly locale: Locale;
  readonly valueFormat: (value: number | null | undefined) => string;
}

export interface ForecastRow {
  readonly date: string;
  readonly actual: number | null;
  readonly forecast: number | null;
  readonly lower80: number | null;
  readonly upper80: number | null;
  readonly lower95: number | null;
  readonly upper95: number | null;
  readonly day: string;
}

/** Consecutive dates of the same kind merged into shaded spans. */
function spans(dates: readonly string[], calendar: readonly CalendarDay[], locale: Locale) {
  const known = new Set(dates);
  const out: { from: string; to: string; name: string; type: CalendarDay['type'] }[] = [];
  for (const day of calendar) {
    if (day.type === 'weekend' || !known.has(day.date)) continue;
    const name = day.label ? (locale === 'en' ? day.label.en : day.label.zh) : '';
    const last = out[out.length - 1];
    const previous = dates[dates.indexOf(day.date) - 1];
    if (last && last.type === day.type && last.name === name && last.to === previous) last.to = day.date;
    else out.push({ from: day.date, to: day.date, name, type: day.type });
  }
  // On this axis a day is a point (boundaryGap: false), so a span from a day to itself has no width:
  // a span reaches to the next day, and a lone last day back from the day before, so each is seen.
  return out.map((span) => {
    const next = dates[dates.indexOf(span.to) + 1];
    if (next !== undefined) return { ...span, to: next };
    const before = dates[dates.indexOf(span.from) - 1];
    return span.from === span.to && before !== undefined ? { ...span, from: before } : span;
  });
}

export function buildForecastChart(input: ForecastChartInput): { option: ChartOption; table: TableData<ForecastRow> } {
  const t = text(input.locale);
  const byDate = new Map<string, { actual: number | null; point?: ForecastPoint }>();
  for (const row of input.actual) byDate.set(row.date, { actual: row.value });
  for (const point of input.forecast) byDate.set(point.ds, { actual: byDate.get(point.ds)?.actual ?? null, point });
  const dates = [...byDate.keys()].sort();
  const calendar = new Map((input.calendar ?? []).map((day) => [day.date, day]));
  const dayName = (date: string) => {
    const day = calendar.get(date);
    if (!day || day.type === 'weekend') return '';
    const label = day.label ? (input.locale === 'en' ? day.label.en : day.label.zh) : '';
    return day.type === 'holiday' ? `${label} ${day.holidayDay ?? ''}`.trim() : `${t.makeup} (${label})`;
  };
  const rows: ForecastRow[] = dates.map((date) => {
    const entry = byDate.get(date)!;
    const p = entry.point;
    return {
      date,
      actual: entry.actual,
      forecast: p?.yhat ?? null,
      lower80: p?.lower80 ?? null,
      upper80: p?.upper80 ?? null,
      lower95: p?.lower95 ?? null,
      upper95: p?.upper95 ?? null,
      day: dayName(date),
    };
  });
  const band = (low: keyof ForecastRow, high: keyof ForecastRow, name: string, opacity: number) => [
    {
      name,
      type: 'line',
      stack: name,
      data: rows.map((r) => r[low]),
      lineStyle: { opacity: 0 },
      symbol: 'none',
      silent: true,
      tooltip: { show: false },
    },
    {
      name,
      type: 'line',
      stack: name,
      data: rows.map((r) => (r[high] === null || r[low] === null ? null : (r[high] as number) - (r[low] as number))),
      lineStyle: { opacity: 0 },
      itemStyle: { color: '#f59e0b' },
      areaStyle: { color: '#f59e0b', opacity },
      symbol: 'none',
      silent: true,
      tooltip: { show: false },
    },
  ];
  const shaded = spans(dates, input.calendar ?? [], input.locale).map((span) => [
    {
      xAxis: span.from,
      name: span.type === 'holiday' ? span.name : t.makeup,
      itemStyle: { color: span.type === 'holiday' ? 'rgba(239,68,68,0.10)' : 'rgba(100,116,139,0.14)' },
      label: { show: span.type === 'holiday', position: 'insideTop', fontSize: 10, color: '#b91c1c' },
    },
    { xAxis: span.to },
  ]);
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 32, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) => input.valueFormat(typeof value === 'number' ? value : null),
    },
    // The bands' legend marks take the band's colour (a band is drawn by two series, the first unfilled).
    legend: {
      top: 0,
      data: [
        t.actual,
        t.forecast,
        { name: t.band80, icon: 'rect', itemStyle: { color: '#f59e0b', opacity: 0.55 } },
        { name: t.band95, icon: 'rect', itemStyle: { color: '#f59e0b', opacity: 0.25 } },
      ],
    },
    xAxis: { type: 'category', data: dates, boundaryGap: false },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (value: number) => input.valueFormat(value) } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
    series: [
      ...band('lower95', 'upper95', t.band95, 0.15),
      ...band('lower80', 'upper80', t.band80, 0.3),
      {
        name: t.actual,
        type: 'line',
        data: rows.map((r) => r.actual),
        symbol: 'none',
        lineStyle: { width: 2, color: '#2563eb' },
        itemStyle: { color: '#2563eb' },
        markArea: shaded.length ? { silent: true, data: shaded } : undefined,
      },
      {
        name: t.forecast,
        type: 'line',
        data: rows.map((r) => r.forecast),
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: '#f59e0b' },
        itemStyle: { color: '#f59e0b' },
      },
    ],
  };
  const table: TableData<ForecastRow> = {
    columns: [
      { key: 'date', label: t.date },
      { key: 'day', label: t.holiday },
      { key: 'actual', label: t.actual, numeric: true, format: (v) => input.valueFormat(v as number | null) },
      { key: 'forecast', label: t.forecast, numeric: true, format: (v) => input.valueFormat(v as number | null) },
      { key: 'lower80', label: `${t.band80} ${t.low}`, numeric: true, format: (v) => input.valueFormat(v as number | null) },
      { key: 'upper80', label: `${t.band80} ${t.high}`, numeric: true, format: (v) => input.valueFormat(v as number | null) },
      { key: 'lower95', label: `${t.band95} ${t.low}`, numeric: true, format: (v) => input.valueFormat(v as number | null) },
      { key: 'upper95', label: `${t.band95} ${t.high}`, numeric: true, format: (v) => input.valueFormat(v as number | null) },
    ],
    rows,
  };
  return { option, table };
}
