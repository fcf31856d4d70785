/**
 * Peak hours on workdays, weekends and holidays, from a metric by day and hour_of_day: each day is
 * typed with the holiday calendar (a make-up workday is a workday, a holiday on a weekend a holiday),
 * each hour averaged over the days of a type (a day without rows counts as 0), and the peak hours are
 * those at 80% or more of the type's busiest hour.
 */
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { CalendarDay } from '../flow-types.ts';
import type { Locale } from '../i18n/locale.ts';
import { timeText } from './time-text.ts';
import { isoWeekday } from './trend-chart.ts';
import { HOURS, hourLabel } from './weekday-hour-heatmap.ts';

export type DayType = 'workday' | 'weekend' | 'holiday';
export const DAY_TYPES: readonly DayType[] = ['workday', 'weekend', 'holiday'];

/** Share of the busiest hour at which an hour counts as a peak. */
export const PEAK_SHARE = 0.8;

type Cell = string | number | null;

export function dayTypeOf(day: string, calendar: ReadonlyMap<string, CalendarDay>): DayType {
  const entry = calendar.get(day);
  if (entry?.type === 'holiday') return 'holiday';
  if (entry?.type === 'makeup_workday') return 'workday';
  return isoWeekday(day) >= 6 ? 'weekend' : 'workday';
}

export interface HourlyProfile {
  readonly dayType: DayType;
  /** Days of this type in the period. */
  readonly days: number;
  /** Average per day of each hour 0–23; null when there are no such days. */
  readonly average: readonly (number | null)[];
}

/** The average day of each type over `days`, from rows `{ day, hour_of_day, [metric] }`. */
export function hourlyProfiles(
  rows: readonly Readonly<Record<string, Cell>>[],
  metric: string,
  days: readonly string[],
  calendar: readonly CalendarDay[],
): HourlyProfile[] {
  const byDate = new Map(calendar.map((day) => [day.date, day]));
  const typeOf = new Map(days.map((day) => [day, dayTypeOf(day, byDate)]));
  const sums = new Map<DayType, number[]>(DAY_TYPES.map((type) => [type, HOURS.map(() => 0)]));
  for (const row of rows) {
    const type = typeOf.get(String(row.day));
    const hour = Number(row.hour_of_day);
    if (type === undefined || !(hour >= 0 && hour < 24)) continue;
    sums.get(type)![hour]! += Number(row[metric] ?? 0) || 0;
  }
  return DAY_TYPES.map((dayType) => {
    const count = days.filter((day) => typeOf.get(day) === dayType).length;
    return { dayType, days: count, average: sums.get(dayType)!.map((sum) => (count === 0 ? null : sum / count)) };
  });
}

export interface PeakSummary {
  readonly dayType: DayType;
  readonly days: number;
  readonly busiestHour: number | null;
  /** Runs of consecutive peak hours, `[first, last]`. */
  readonly windows: readonly (readonly [number, number])[];
  /** Share of the average day's total in the peak hours. */
  readonly peakShare: number | null;
}

/** The busiest hour, the runs of peak hours and their share of the day, for one profile. */
export function summarisePeaks(profile: HourlyProfile): PeakSummary {
  const values = profile.average.map((value) => value ?? 0);
  const max = Math.max(0, ...values);
  if (profile.days === 0 || max === 0)
    return { dayType: profile.dayType, days: profile.days, busiestHour: null, windows: [], peakShare: null };
  const peak = values.map((value) => value >= max * PEAK_SHARE);
  const windows: [number, number][] = [];
  for (const hour of HOURS) {
    if (!peak[hour]) continue;
    const last = windows[windows.length - 1];
    if (last && last[1] === hour - 1) last[1] = hour;
    else windows.push([hour, hour]);
  }
  const total = values.reduce((sum, value) => sum + value, 0);
  const inPeaks = values.reduce((sum, value, hour) => sum + (peak[hour] ? value : 0), 0);
  return { dayType: profile.dayType, days: profile.days, busiestHour: values.indexOf(max), windows, peakShare: inPeaks / total };
}

/** `10:00–12:00, 15:00–16:00` for runs [10, 11] and [15, 15]. */
export function formatWindows(windows: readonly (readonly [number, number])[]): string {
  return windows.map(([first, last]) => `${hourLabel(first)}–${hourLabel(last + 1)}`).join(', ');
}

export interface PeakChartRow {
  readonly hour: number;
  readonly workday: number | null;
  readonly weekend: number | null;
  readonly holiday: number | null;
}

const COLORS: Readonly<Record<DayType, string>> = { workday: '#2563eb', weekend: '#10b981', holiday: '#ef4444' };

/** The three average days as lines, peak hours marked, with the hour-by-type table. */
export function buildPeakChart(
  profiles: readonly HourlyProfile[],
  locale: Locale,
  valueFormat: (value: number | null | undefined) => string,
): { option: ChartOption; table: TableData<PeakChartRow> } {
  const t = timeText(locale);
  const shown = profiles.filter((profile) => profile.days > 0);
  const rows: PeakChartRow[] = HOURS.map((hour) => {
    const of = (type: DayType) => profiles.find((p) => p.dayType === type)?.average[hour] ?? null;
    return { hour, workday: of('workday'), weekend: of('weekend'), holiday: of('holiday') };
  });
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => valueFormat(typeof value === 'number' ? value : null) },
    legend: { top: 0, data: shown.map((p) => t[p.dayType]) },
    xAxis: { type: 'category', data: HOURS.map(hourLabel), boundaryGap: false },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (value: number) => valueFormat(value) } },
    series: shown.map((profile) => {
      const summary = summarisePeaks(profile);
      return {
        name: t[profile.dayType],
        type: 'line',
        smooth: 0.2,
        symbol: 'none',
        data: profile.average,
        lineStyle: { width: 2, color: COLORS[profile.dayType] },
        itemStyle: { color: COLORS[profile.dayType] },
        markArea: {
          silent: true,
          itemStyle: { color: COLORS[profile.dayType], opacity: 0.08 },
          data: summary.windows.map(([first, last]) => [{ xAxis: hourLabel(first) }, { xAxis: hourLabel(last) }]),
        },
      };
    }),
  };
  const number = (v: unknown) => valueFormat(v as number | null);
  return {
    option,
    table: {
      columns: [
        { key: 'hour', label: t.hourOfDay, format: (v) => hourLabel(Number(v)) },
        { key: 'workday', label: t.workday, numeric: true, format: number },
        { key: 'weekend', label: t.weekend, numeric: true, format: number },
        { key: 'holiday', label: t.holiday, numeric: true, format: number },
      ],
      rows,
    },
  };
}
