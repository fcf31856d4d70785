/**
 * Comparison periods: the previous period (环比) and the same period last year (同比). Day, hour and
 * week series compare weekday-aligned (last year = 52 weeks = 364 days earlier, so a Saturday meets a
 * Saturday); month, quarter and year series and whole-month periods compare by calendar months.
 */
import { addDays, daysInMonth, toDayNumber } from '../../domain/calendar/civil-date.ts';
import type { DimensionName } from './dimensions.ts';
import type { Comparison } from './metric-query.ts';
import type { PeriodShift } from './sql-dialect.ts';

export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface ComparisonPeriod extends Period {
  /** How far the comparison period lies behind; its rows are moved forward by this to line up. */
  readonly shift: PeriodShift;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isWholeMonths(period: Period): boolean {
  const [y, m, d] = period.to.split('-').map(Number) as [number, number, number];
  return period.from.endsWith('-01') && d === daysInMonth(y, m);
}

function monthsSpanned(period: Period): number {
  const [fy, fm] = period.from.split('-').map(Number) as [number, number];
  const [ty, tm] = period.to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The period to compare `period` with, and the shift that lines its buckets up with the current ones. */
export function comparisonPeriod(period: Period, compare: Comparison, by: readonly DimensionName[]): ComparisonPeriod {
  const calendarGrain = by.some((d) => d === 'month' || d === 'quarter' || d === 'year');
  const dailyGrain = by.some((d) => d === 'day' || d === 'hour' || d === 'minute' || d === 'week');
  const byMonths = calendarGrain || (!dailyGrain && isWholeMonths(period));
  if (compare === 'year') {
    if (byMonths) return { from: addMonths(period.from, -12), to: lastDayShifted(period, -12), shift: { days: 0, months: 12 } };
    return { from: addDays(period.from, -364), to: addDays(period.to, -364), shift: { days: 364, months: 0 } };
  }
  if (byMonths && isWholeMonths(period)) {
    const months = monthsSpanned(period);
    return { from: addMonths(period.from, -months), to: lastDayShifted(period, -months), shift: { days: 0, months } };
  }
  const days = toDayNumber(period.to) - toDayNumber(period.from) + 1;
  return { from: addDays(period.from, -days), to: addDays(period.to, -days), shift: { days, months: 0 } };
}

/** The last day of the period moved by whole months, kept at month end when it was one. */
function lastDayShifted(period: Period, months: number): string {
  const moved = addMonths(period.to, months);
  if (!isWholeMonths(period)) return moved;
  const [y, m] = moved.split('-').map(Number) as [number, number];
  return `${moved.slice(0, 8)}${String(daysInMonth(y, m)).padStart(2, '0')}`;
}
