/**
 * The forecast page's logic: its URL parameters, the accuracy headline, and chart options with their
 * tables for the decomposition, the estimated effects, the back-test, holiday periods and the
 * peak-period plan. Pure, tested in Node.
 */
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { FlowForecast, ForecastPoint, MethodScore } from '../flow-types.ts';
import type { Format } from '../i18n/format.ts';
import { fill, type Locale } from '../i18n/locale.ts';
import { toFlowMetric, type FlowMetric } from '../region/region-model.ts';
import { componentLabel, holidayLabel, methodLabel, weatherLabel, weekdayLabels, type ForecastWords } from './forecast-text.ts';
import type { DayType, HolidayForecastPeriod, PeakPlan, PeakResult } from './forecast-types.ts';

/** Days ahead the page offers. */
export const HORIZONS = [7, 30, 90] as const;
/** Days the peak plan offers. */
export const PEAK_DAYS = [3, 7, 14] as const;
export const DEFAULT_THROUGHPUT = 60;
export const DEFAULT_TARGET_UTILISATION = 0.85;

/** The page's own URL parameters (the shared filters are read by the shell). */
export const FORECAST_PARAMS = {
  metric: 'fc_metric',
  horizon: 'fc_horizon',
  peakVenue: 'peak_venue',
  peakDays: 'peak_days',
  throughput: 'peak_throughput',
  target: 'peak_target',
  peakDay: 'peak_day',
} as const;

export interface ForecastParams {
  readonly metric: FlowMetric;
  readonly horizon: number;
  readonly peakVenue: string | undefined;
  readonly peakDays: number;
  /** Visitors one member of staff serves in an hour. */
  readonly throughput: number;
  /** Share of capacity to plan up to, (0, 1]. */
  readonly targetUtilisation: number;
  /** Day whose hours the allocation table shows. */
  readonly peakDay: string | undefined;
}

const oneOf = <T extends number>(text: string | null, allowed: readonly T[], fallback: T): T => {
  const value = Number(text);
  return allowed.includes(value as T) ? (value as T) : fallback;
};

/** The page's parameters from the URL; anything missing or out of range takes its default. */
export function readForecastParams(params: URLSearchParams): ForecastParams {
  const throughput = Number(params.get(FORECAST_PARAMS.throughput));
  const target = Number(params.get(FORECAST_PARAMS.target));
  const text = (name: string) => params.get(name)?.trim() || undefined;
  return {
    metric: toFlowMetric(params.get(FORECAST_PARAMS.metric)),
    horizon: oneOf(params.get(FORECAST_PARAMS.horizon), HORIZONS, 30),
    peakVenue: text(FORECAST_PARAMS.peakVenue),
    peakDays: oneOf(params.get(FORECAST_PARAMS.peakDays), PEAK_DAYS, 7),
    throughput: Number.isFinite(throughput) && throughput > 0 ? throughput : DEFAULT_THROUGHPUT,
    targetUtilisation: Number.isFinite(target) && target > 0 && target <= 1 ? target : DEFAULT_TARGET_UTILISATION,
    peakDay: text(FORECAST_PARAMS.peakDay),
  };
}

/** How a metric's forecast values are written: money for revenue, counts with a decimal when small. */
export function valueFormatFor(metric: FlowMetric, format: Pick<Format, 'money' | 'number'>): (value: number | null | undefined) => string {
  return metric === 'revenue' ? (value) => format.money(value) : smallCount(format);
}

/**
 * Counts as people read them: whole numbers from 10 up, one decimal below, two below 1, so a venue's
 * 0.04 visitors in an hour does not read as 0.
 */
export function smallCount(format: Pick<Format, 'number'>): (value: number | null | undefined) => string {
  return (value) =>
    typeof value !== 'number' || !Number.isFinite(value) || value === 0
      ? format.number(value)
      : format.number(value, Math.abs(value) < 1 ? 2 : Math.abs(value) < 10 ? 1 : 0);
}

/** The chosen method's back-test scores next to seasonal naive's, and how much better it does. */
export interface AccuracySummary {
  readonly selected: MethodScore;
  readonly naive: MethodScore | null;
  /** 1 − MASE ÷ naive MASE: 0.2 = 20% less error than seasonal naive; negative when worse. */
  readonly improvement: number | null;
}

export function summariseAccuracy(forecast: FlowForecast['forecast']): AccuracySummary | null {
  const backtest = forecast.backtest;
  if (!backtest) return null;
  const naive = backtest.seasonalNaive ?? null;
  const improvement =
    naive?.mase && backtest.selected.mase !== null && Number.isFinite(naive.mase) && naive.mase > 0
      ? 1 - backtest.selected.mase / naive.mase
      : null;
  return { selected: backtest.selected, naive, improvement };
}

/** Components in the order they are stacked; any other the server adds comes after. */
const COMPONENT_ORDER = ['trend', 'weekly', 'daily', 'yearly', 'holiday', 'weather', 'events'];
const COMPONENT_COLOURS: Readonly<Record<string, string>> = {
  trend: '#94a3b8',
  weekly: '#2563eb',
  daily: '#06b6d4',
  yearly: '#10b981',
  holiday: '#ef4444',
  weather: '#8b5cf6',
  events: '#ec4899',
};

export type ComponentRow = { readonly date: string; readonly forecast: number } & Readonly<Record<string, number | string | null>>;

/** The forecast's parts day by day as stacked bars (negative parts below zero), the forecast as a line. */
export function buildComponentsChart(input: {
  readonly points: readonly ForecastPoint[];
  readonly words: ForecastWords;
  readonly valueFormat: (value: number | null | undefined) => string;
}): { option: ChartOption; table: TableData<ComponentRow>; components: string[] } {
  const present = new Set(input.points.flatMap((point) => Object.keys(point.components ?? {})));
  const components = [...COMPONENT_ORDER.filter((c) => present.has(c)), ...[...present].filter((c) => !COMPONENT_ORDER.includes(c)).sort()];
  const rows: ComponentRow[] = input.points.map((point) => {
    const row: Record<string, number | string | null> = { date: point.ds, forecast: point.yhat };
    for (const component of components) row[component] = point.components?.[component] ?? null;
    return row as ComponentRow;
  });
  const dates = rows.map((row) => row.date);
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => input.valueFormat(value as number) },
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => input.valueFormat(value) } },
    series: [
      ...components.map((component) => ({
        name: componentLabel(component, input.words),
        type: 'bar',
        stack: 'parts',
        data: rows.map((row) => row[component]),
        itemStyle: { color: COMPONENT_COLOURS[component] ?? '#64748b' },
        barMaxWidth: 24,
      })),
      {
        name: input.words.forecast,
        type: 'line',
        data: rows.map((row) => row.forecast),
        symbol: 'circle',
        symbolSize: 4,
        lineStyle: { color: '#f59e0b', width: 2 },
        itemStyle: { color: '#f59e0b' },
        z: 5,
      },
    ],
  };
  const cell = (value: unknown) => input.valueFormat(value as number | null);
  const table: TableData<ComponentRow> = {
    columns: [
      { key: 'date', label: input.words.date },
      ...components.map((component) => ({ key: component, label: componentLabel(component, input.words), numeric: true, format: cell })),
      { key: 'forecast', label: input.words.forecast, numeric: true, format: cell },
    ],
    rows,
  };
  return { option, table, components };
}

export interface EffectRow {
  readonly key: string;
  readonly label: string;
  /** Multiplicative factor: 1.3 = 30% more than the reference day. */
  readonly factor: number;
  /** factor − 1. */
  readonly effect: number;
}

/** Effects (factors) as bars of their uplift, green above and red below the reference day. */
export function buildEffectChart(input: {
  readonly entries: readonly { readonly key: string; readonly label: string; readonly factor: number }[];
  readonly words: ForecastWords;
  readonly format: Pick<Format, 'change' | 'number'>;
}): { option: ChartOption; table: TableData<EffectRow> } {
  const rows: EffectRow[] = input.entries
    .filter((entry) => Number.isFinite(entry.factor))
    .map((entry) => ({ ...entry, effect: entry.factor - 1 }));
  const option: ChartOption = {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: unknown) => input.format.change(value as number) },
    xAxis: {
      type: 'category',
      data: rows.map((row) => row.label),
      axisLabel: { interval: 0, rotate: rows.length > 3 ? 30 : 0, width: 84, overflow: 'truncate' },
    },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => input.format.change(value) } },
    series: [
      {
        name: input.words.effect,
        type: 'bar',
        data: rows.map((row) => ({ value: row.effect, itemStyle: { color: row.effect >= 0 ? '#10b981' : '#ef4444' } })),
        label: { show: true, position: 'top', formatter: (params: { value: number }) => input.format.change(params.value), fontSize: 10 },
        barMaxWidth: 28,
      },
    ],
  };
  const table: TableData<EffectRow> = {
    columns: [
      { key: 'label', label: input.words.component },
      { key: 'factor', label: input.words.factor, numeric: true, format: (value) => input.format.number(value as number, 2) },
      { key: 'effect', label: input.words.effect, numeric: true, format: (value) => input.format.change(value as number) },
    ],
    rows,
  };
  return { option, table };
}

/** The forecast's estimated effects as chart entries: holidays, weekdays (Monday first) and weather. */
export function effectEntries(
  effects: NonNullable<FlowForecast['forecast']['effects']>,
  locale: Locale,
): { holidays: EffectRow[]; weekdays: EffectRow[]; weather: EffectRow[] } {
  const entry = (key: string, label: string, factor: number): EffectRow => ({ key, label, factor, effect: factor - 1 });
  const days = weekdayLabels(locale);
  return {
    holidays: Object.entries(effects.holidays ?? {}).map(([key, factor]) => entry(key, holidayLabel(key, locale), factor)),
    weekdays: (effects.weekdays ?? []).map((factor, index) => entry(String(index + 1), days[index] ?? String(index + 1), factor)),
    weather: Object.entries(effects.weather ?? {}).map(([key, factor]) => entry(key, weatherLabel(key, locale), factor)),
  };
}

export interface BacktestRow {
  readonly method: string;
  readonly label: string;
  readonly mase: number | null;
  readonly smape: number | null;
  readonly selected: boolean;
}

/** Every candidate's MASE as bars (best on top, the chosen one highlighted), and MASE and sMAPE as a table. */
export function buildBacktestChart(input: {
  readonly backtest: NonNullable<FlowForecast['forecast']['backtest']>;
  readonly locale: Locale;
  readonly words: ForecastWords;
  readonly format: Pick<Format, 'number'>;
}): { option: ChartOption; table: TableData<BacktestRow> } {
  const { backtest, locale, words, format } = input;
  const rows: BacktestRow[] = [...backtest.scores]
    .sort((a, b) => (a.mase ?? Infinity) - (b.mase ?? Infinity))
    .map((score) => ({
      method: score.method,
      label: methodLabel(score.method, locale),
      mase: score.mase,
      smape: score.smape,
      selected: score.method === backtest.selected.method,
    }));
  const option: ChartOption = {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: unknown) => format.number(value as number, 2) },
    yAxis: { type: 'category', data: rows.map((row) => row.label), inverse: true, axisLabel: { width: 210, overflow: 'truncate' } },
    xAxis: { type: 'value' },
    series: [
      {
        name: 'MASE',
        type: 'bar',
        data: rows.map((row) => ({ value: row.mase, itemStyle: { color: row.selected ? '#f59e0b' : '#93c5fd' } })),
        label: { show: true, position: 'right', formatter: (params: { value: number }) => format.number(params.value, 2), fontSize: 11 },
        barMaxWidth: 18,
      },
    ],
  };
  const table: TableData<BacktestRow> = {
    columns: [
      { key: 'label', label: words.candidate },
      { key: 'mase', label: 'MASE', numeric: true, format: (value) => format.number(value as number | null, 3) },
      { key: 'smape', label: 'sMAPE', numeric: true, format: (value) => (value === null ? '—' : `${format.number(value as number, 1)}%`) },
      { key: 'selected', label: words.selected, format: (value) => (value ? words.selected : '') },
    ],
    rows,
  };
  return { option, table };
}

export interface HolidayDayRow {
  readonly day: number;
  readonly date: string;
  readonly forecast: number | null;
  readonly lower80: number | null;
  readonly upper80: number | null;
  readonly lastYearDate: string | null;
  readonly lastYear: number | null;
}

/** One holiday period day by day: last year's same holiday day as bars, the forecast and its 80% band over them. */
export function buildHolidayChart(input: {
  readonly period: HolidayForecastPeriod;
  readonly words: ForecastWords;
  readonly locale: Locale;
  readonly valueFormat: (value: number | null | undefined) => string;
  readonly shortDate: (day: string) => string;
}): { option: ChartOption; table: TableData<HolidayDayRow> } {
  const { period, words } = input;
  const rows: HolidayDayRow[] = period.days.map((day) => ({
    day: day.day,
    date: day.date,
    forecast: day.forecast?.yhat ?? null,
    lower80: day.forecast?.lower80 ?? null,
    upper80: day.forecast?.upper80 ?? null,
    lastYearDate: day.lastYear?.date ?? null,
    lastYear: day.lastYear?.value ?? null,
  }));
  const categories = rows.map((row) => `${fill(words.holidayDay, { n: row.day })}\n${input.shortDate(row.date)}`);
  // The band is drawn as a stack: an invisible lower bound and the band's width on top of it.
  const band = (name: string, data: (number | null)[], area: boolean) => ({
    name: words.band80,
    id: name,
    type: 'line',
    stack: 'band80',
    data,
    symbol: 'none',
    lineStyle: { opacity: 0 },
    areaStyle: area ? { color: '#f59e0b', opacity: 0.25 } : undefined,
    itemStyle: { color: '#fcd34d' },
    silent: true,
    tooltip: { show: false },
  });
  const option: ChartOption = {
    grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, data: [words.lastYear, words.forecast, words.band80] },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => input.valueFormat(value as number) },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, fontSize: 10 } },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (value: number) => input.valueFormat(value) } },
    series: [
      { name: words.lastYear, type: 'bar', data: rows.map((row) => row.lastYear), itemStyle: { color: '#93c5fd' }, barMaxWidth: 28 },
      band(
        'band-low',
        rows.map((row) => row.lower80),
        false,
      ),
      band(
        'band-width',
        rows.map((row) => (row.lower80 === null || row.upper80 === null ? null : row.upper80 - row.lower80)),
        true,
      ),
      {
        name: words.forecast,
        type: 'line',
        data: rows.map((row) => row.forecast),
        symbol: 'circle',
        symbolSize: 7,
        lineStyle: { color: '#f59e0b', width: 2 },
        itemStyle: { color: '#f59e0b' },
      },
    ],
  };
  const cell = (value: unknown) => input.valueFormat(value as number | null);
  const table: TableData<HolidayDayRow> = {
    columns: [
      { key: 'day', label: words.dayOfHoliday, numeric: true },
      { key: 'date', label: words.date },
      { key: 'forecast', label: words.forecast, numeric: true, format: cell },
      { key: 'lower80', label: `${words.band80} −`, numeric: true, format: cell },
      { key: 'upper80', label: `${words.band80} +`, numeric: true, format: cell },
      { key: 'lastYearDate', label: words.lastYearDate },
      { key: 'lastYear', label: words.lastYear, numeric: true, format: cell },
    ],
    rows,
  };
  return { option, table };
}

/** The venue the peak plan is for: the filter's, else one picked on the page, else the busiest. */
export function pickPeakVenue(input: {
  readonly filterVenue: string | undefined;
  readonly chosen: string | undefined;
  /** Venues in the filters, busiest first. */
  readonly candidates: readonly { readonly venue: string; readonly name: string }[];
}): { readonly venue: string; readonly name: string; readonly source: 'filter' | 'chosen' | 'busiest' } | null {
  const nameOf = (venue: string) => input.candidates.find((candidate) => candidate.venue === venue)?.name ?? venue;
  if (input.filterVenue) return { venue: input.filterVenue, name: nameOf(input.filterVenue), source: 'filter' };
  if (input.chosen) return { venue: input.chosen, name: nameOf(input.chosen), source: 'chosen' };
  const busiest = input.candidates[0];
  return busiest ? { venue: busiest.venue, name: busiest.name, source: 'busiest' } : null;
}

/** `09:00`. */
export const hourLabel = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;
/** `15:00–22:00` for the hours [start, end). */
export const windowLabel = (start: number, end: number): string => `${hourLabel(start)}–${hourLabel(end)}`;

export const DAY_TYPES: readonly DayType[] = ['workday', 'weekend', 'holiday', 'makeup_workday'];
const DAY_TYPE_COLOURS: Readonly<Record<DayType, string>> = {
  workday: '#2563eb',
  weekend: '#10b981',
  holiday: '#ef4444',
  makeup_workday: '#64748b',
};

export type ProfileRow = { readonly hour: string } & Readonly<Record<DayType, number>>;

/** Share of a day's flow in each hour, one line per day type. */
export function buildProfileChart(input: {
  readonly profiles: PeakResult['profiles'];
  readonly words: ForecastWords;
  readonly format: Pick<Format, 'percent'>;
}): { option: ChartOption; table: TableData<ProfileRow> } {
  const { profiles, words, format } = input;
  const types = DAY_TYPES.filter((type) => profiles.byDayType[type]);
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  const rows = hours.map((hour) => {
    const row: Record<string, number | string> = { hour: hourLabel(hour) };
    for (const type of types) row[type] = profiles.byDayType[type].shares[hour] ?? 0;
    return row as ProfileRow;
  });
  const nameOf = (type: DayType) => {
    const profile = profiles.byDayType[type];
    return profile.fallback
      ? `${words[type]}（${fill(words.profileFrom, { source: words[profile.source as DayType] ?? profile.source, days: profile.days })}）`
      : words[type];
  };
  const option: ChartOption = {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => format.percent(value as number) },
    xAxis: { type: 'category', data: hours.map(hourLabel), boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => format.percent(value, 0) } },
    series: types.map((type) => ({
      name: nameOf(type),
      type: 'line',
      data: rows.map((row) => row[type]),
      symbol: 'none',
      lineStyle: { width: 2, type: profiles.byDayType[type].fallback ? 'dashed' : 'solid', color: DAY_TYPE_COLOURS[type] },
      itemStyle: { color: DAY_TYPE_COLOURS[type] },
    })),
  };
  const table: TableData<ProfileRow> = {
    columns: [
      { key: 'hour', label: words.hour },
      ...types.map((type) => ({
        key: type,
        label: nameOf(type),
        numeric: true,
        format: (value: unknown) => format.percent(value as number),
      })),
    ],
    rows,
  };
  return { option, table };
}

export type HourlyRow = { readonly date: string; readonly dayType: string } & Readonly<Record<string, number | string>>;

/** Predicted visitors per hour of each planned day, as a heatmap (hours across, days down). */
export function buildHourlyHeatmap(input: {
  readonly days: readonly PeakPlan[];
  readonly words: ForecastWords;
  readonly format: Pick<Format, 'number'>;
  readonly shortDate: (day: string) => string;
}): { option: ChartOption; table: TableData<HourlyRow> } {
  const { days, words, format } = input;
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  const value = smallCount(format);
  const data = days.flatMap((day, y) => day.hours.map((hour) => [hour.hour, y, Math.round(hour.visitors * 100) / 100]));
  const max = Math.max(0, ...days.flatMap((day) => day.hours.map((hour) => hour.visitors)));
  const option: ChartOption = {
    grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
    tooltip: {
      position: 'top',
      formatter: (params: { value: [number, number, number] }) =>
        `${input.shortDate(days[params.value[1]]?.date ?? '')} ${hourLabel(params.value[0])}<br/>${words.visitors_h}: ${value(params.value[2])}`,
    },
    xAxis: { type: 'category', data: hours.map(hourLabel), splitArea: { show: true } },
    yAxis: {
      type: 'category',
      data: days.map((day) => `${input.shortDate(day.date)}${day.overCapacity ? ' ⚠' : ''}`),
      inverse: true,
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: max > 0 ? max : 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      inRange: { color: ['#eff6ff', '#60a5fa', '#1d4ed8'] },
      formatter: (v: number) => value(v),
    },
    series: [{ name: words.visitors_h, type: 'heatmap', data, emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 1 } } }],
  };
  const rows = days.map((day) => {
    const row: Record<string, string | number> = { date: day.date, dayType: words[day.dayType] ?? day.dayType };
    for (const hour of day.hours) row[`h${hour.hour}`] = hour.visitors;
    return row as HourlyRow;
  });
  const table: TableData<HourlyRow> = {
    columns: [
      { key: 'date', label: words.date },
      { key: 'dayType', label: words.dayType },
      ...hours.map((hour) => ({ key: `h${hour}`, label: hourLabel(hour), numeric: true, format: (v: unknown) => value(v as number) })),
    ],
    rows,
  };
  return { option, table };
}

export interface PeakDayRow {
  readonly date: string;
  readonly dayType: string;
  readonly visitors: number;
  readonly upper: number | null;
  readonly peakWindow: string;
  readonly busiestHour: string;
  readonly peakStaff: number;
  readonly staffHours: number;
  readonly quota: number | null;
  readonly utilisation: number | null;
  readonly overCapacity: string;
  readonly reasons: string;
}

/** One row per planned day: flow, peak window, staff, quota, utilisation and the capacity verdict. */
export function peakDaysTable(
  days: readonly PeakPlan[],
  words: ForecastWords,
  format: Pick<Format, 'number' | 'percent'>,
): TableData<PeakDayRow> {
  const count = smallCount(format);
  const value = (v: unknown) => count(v as number | null);
  return {
    columns: [
      { key: 'date', label: words.date },
      { key: 'dayType', label: words.dayType },
      { key: 'visitors', label: words.visitors_h, numeric: true, format: value },
      { key: 'upper', label: words.upperVisitors, numeric: true, format: value },
      { key: 'peakWindow', label: words.peakWindow },
      { key: 'busiestHour', label: words.busiestHour },
      { key: 'peakStaff', label: words.peakStaff, numeric: true },
      { key: 'staffHours', label: words.staffHours, numeric: true },
      { key: 'quota', label: words.quota, numeric: true, format: (v) => (v === null ? '—' : format.number(v as number)) },
      { key: 'utilisation', label: words.utilisation, numeric: true, format: (v) => format.percent(v as number | null) },
      { key: 'overCapacity', label: words.overCapacity },
      { key: 'reasons', label: words.reasons },
    ],
    rows: days.map((day) => ({
      date: day.date,
      dayType: words[day.dayType] ?? day.dayType,
      visitors: day.visitors,
      upper: day.upper,
      peakWindow: day.peakWindow ? windowLabel(day.peakWindow.startHour, day.peakWindow.endHour) : '—',
      busiestHour: day.busiestHour ? hourLabel(day.busiestHour.hour) : '—',
      peakStaff: day.peakStaff,
      staffHours: day.staffHours,
      quota: day.quota,
      utilisation: day.utilisation,
      overCapacity: day.overCapacity ? words.over : day.upperOverCapacity ? words.overUpper : '',
      reasons: day.reasons.join(' '),
    })),
  };
}

export interface AllocationRow {
  readonly hour: string;
  readonly visitors: number;
  readonly upperVisitors: number | null;
  readonly staff: number;
  readonly staffUpper: number | null;
  readonly capacity: number | null;
  readonly quota: number | null;
  readonly utilisation: number | null;
  readonly overCapacity: string;
  readonly peak: boolean;
}

/** The open hours of one day: visitors, staff to plan, the busy-day staff, capacity and slot quota. */
export function allocationTable(day: PeakPlan, words: ForecastWords, format: Pick<Format, 'number' | 'percent'>): TableData<AllocationRow> {
  const count = smallCount(format);
  const value = (v: unknown) => count(v as number | null);
  const inPeak = (hour: number) => day.peakWindow !== null && hour >= day.peakWindow.startHour && hour < day.peakWindow.endHour;
  return {
    columns: [
      { key: 'hour', label: words.hour, format: (v, row) => `${String(v)}${row.peak ? ` · ${words.peakWindow}` : ''}` },
      { key: 'visitors', label: words.visitors_h, numeric: true, format: value },
      { key: 'upperVisitors', label: words.upperVisitors, numeric: true, format: value },
      { key: 'staff', label: words.staff, numeric: true },
      { key: 'staffUpper', label: words.staffUpper, numeric: true, format: (v) => (v === null ? '—' : String(v)) },
      { key: 'capacity', label: words.hourCapacity, numeric: true, format: value },
      { key: 'quota', label: words.quota, numeric: true, format: (v) => (v === null ? '—' : format.number(v as number)) },
      { key: 'utilisation', label: words.utilisation, numeric: true, format: (v) => format.percent(v as number | null) },
      { key: 'overCapacity', label: words.overCapacity },
    ],
    rows: day.hours
      .filter((hour) => hour.open)
      .map((hour) => ({
        hour: hourLabel(hour.hour),
        visitors: hour.visitors,
        upperVisitors: hour.upperVisitors,
        staff: hour.staff,
        staffUpper: hour.staffUpper,
        capacity: hour.capacity,
        quota: hour.quota,
        utilisation: hour.utilisation,
        overCapacity: hour.overCapacity ? words.over : hour.upperOverCapacity ? words.overUpper : '',
        peak: inPeak(hour.hour),
      })),
  };
}

/** Staff per hour (planned and for a busy day) as bars, expected visitors as a line on its own axis. */
export function buildAllocationChart(day: PeakPlan, words: ForecastWords, format: Pick<Format, 'number'>): ChartOption {
  const hours = day.hours.filter((hour) => hour.open);
  const value = smallCount(format);
  return {
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => value(v as number) },
    xAxis: { type: 'category', data: hours.map((hour) => hourLabel(hour.hour)) },
    yAxis: [
      { type: 'value', name: words.staff, minInterval: 1 },
      { type: 'value', name: words.visitors_h, splitLine: { show: false } },
    ],
    series: [
      {
        name: words.staff,
        type: 'bar',
        data: hours.map((hour) => hour.staff),
        itemStyle: { color: '#2563eb' },
        barMaxWidth: 14,
        markArea: day.peakWindow
          ? {
              silent: true,
              itemStyle: { color: 'rgba(245,158,11,0.12)' },
              data: [
                [{ xAxis: hourLabel(day.peakWindow.startHour), name: words.peakWindow }, { xAxis: hourLabel(day.peakWindow.endHour - 1) }],
              ],
            }
          : undefined,
      },
      { name: words.staffUpper, type: 'bar', data: hours.map((hour) => hour.staffUpper), itemStyle: { color: '#93c5fd' }, barMaxWidth: 14 },
      {
        name: words.visitors_h,
        type: 'line',
        yAxisIndex: 1,
        data: hours.map((hour) => hour.visitors),
        symbol: 'none',
        lineStyle: { color: '#f59e0b', width: 2 },
        itemStyle: { color: '#f59e0b' },
      },
    ],
  };
}
