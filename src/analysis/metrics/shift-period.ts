/**
 * Comparison periods: the previous period (环比) and the same period last year (同比). Day, hour and
 * week series compare weekday-aligned (last year = 52 weeks = 364 days earlier, so a Saturday meets a
 * Saturday); month, quarter and year series and whole-month periods compare by calendar months.
 */
import { addDays, daysInMonth, toDayNumber } from '../../domain/calendar/civil-date.ts';
import type { DimensionName, TimeGrain } from './dimensions.ts';
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

/** The days of the period a comparison shift moved forward onto `period`: `period` moved back by `shift`. */
export function shiftBack(period: Period, shift: PeriodShift): Period {
  if (shift.months === 0) return { from: addDays(period.from, -shift.days), to: addDays(period.to, -shift.days) };
  return { from: addMonths(period.from, -shift.months), to: lastDayShifted(period, -shift.months) };
}

/**
 * The days of a time bucket, from its label (see dimensions.ts): a day, hour or minute is its day, a
 * week its seven days from Monday, a month, quarter or year its calendar days. Undefined for a label
 * that is not one (no value).
 */
export function bucketDays(grain: TimeGrain, label: string): Period | undefined {
  const [y, m] = label.split('-').map(Number) as [number, number | undefined];
  if (!Number.isInteger(y)) return undefined;
  const year = String(y).padStart(4, '0');
  const monthDays = (first: number, last: number): Period => ({
    from: `${year}-${String(first).padStart(2, '0')}-01`,
    to: `${year}-${String(last).padStart(2, '0')}-${String(daysInMonth(y, last)).padStart(2, '0')}`,
  });
  switch (grain) {
    case 'minute':
    case 'hour':
    case 'day':
      return { from: label.slice(0, 10), to: label.slice(0, 10) };
    case 'week':
      return { from: label.slice(0, 10), to: addDays(label.slice(0, 10), 6) };
    case 'month':
      return m === undefined ? undefined : monthDays(m, m);
    case 'quarter': {
      const quarter = Number(label.slice(-1));
      return monthDays(quarter * 3 - 2, quarter * 3);
    }
    case 'year':
      return monthDays(1, 12);
  }
}
