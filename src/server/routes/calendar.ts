/**
 * GET /api/v1/calendar?from=&to= — weekends, Chinese public holidays and make-up workdays in a range,
 * for charts to mark, with how far each year's holidays are known: a year without the State
 * Council's notice shows its statutory days only (provisional) or no holidays at all (unknown).
 */
import { Hono } from 'hono';
import { calendarDays, MAX_CALENDAR_DAYS } from '../../domain/calendar/calendar-days.ts';
import { HOLIDAY_CALENDAR_COVERAGE, hasOfficialSchedule, holidayScheduleSource } from '../../domain/calendar/cn-holidays.ts';
import { parsePeriod, QueryError } from '../../analysis/metrics/metric-query.ts';
import { ApiError } from '../api-error.ts';

/** How well the holidays and make-up workdays of one year are known. */
export interface CalendarYear {
  readonly year: number;
  /** official: the State Council's notice; provisional: the statutory days only; unknown: weekends only. */
  readonly status: 'official' | 'provisional' | 'unknown';
  /** Where the year's schedule comes from (the notice's title), when there is one. */
  readonly source?: string;
}

export function calendarRoutes(): Hono {
  return new Hono().get('/calendar', (c) => {
    let period;
    try {
      period = parsePeriod({ from: c.req.query('from'), to: c.req.query('to') }, { required: true, maxDays: MAX_CALENDAR_DAYS });
    } catch (error) {
      if (error instanceof QueryError) throw new ApiError(400, 'invalid_parameter', error.message, { field: error.field });
      throw error;
    }
    const { from = '', to = '' } = period;
    const years = calendarYears(Number(from.slice(0, 4)), Number(to.slice(0, 4)));
    return c.json({ from, to, days: calendarDays(from, to), years, notes: calendarNotes(years) });
  });
}

/** The status of every year from `first` to `last`. */
export function calendarYears(first: number, last: number): CalendarYear[] {
  const years: CalendarYear[] = [];
  for (let year = first; year <= last; year++) {
    const source = holidayScheduleSource(year);
    const status = source === undefined ? 'unknown' : hasOfficialSchedule(year) ? 'official' : 'provisional';
    years.push({ year, status, ...(source === undefined ? {} : { source }) });
  }
  return years;
}

/** Sentences for the years whose days are not all known, worded as the forecasts' notes. */
function calendarNotes(years: readonly CalendarYear[]): string[] {
  const notes: string[] = [];
  const provisional = years.filter((y) => y.status === 'provisional').map((y) => y.year);
  if (provisional.length > 0)
    notes.push(
      `the ${provisional.join(' and ')} holidays are provisional: the statutory days off only, the State Council's notice is not out yet, so holidays, bridge days and make-up workdays may change`,
    );
  const unknown = years.filter((y) => y.status === 'unknown').map((y) => y.year);
  if (unknown.length > 0) {
    const { firstYear, lastYear } = HOLIDAY_CALENDAR_COVERAGE;
    notes.push(
      `the holiday calendar covers ${firstYear}–${lastYear}: ${unknown.length === 1 ? unknown[0] : `${unknown[0]}–${unknown.at(-1)}`} ${unknown.length === 1 ? 'has' : 'have'} no holidays or make-up workdays here, only weekends`,
    );
  }
  return notes;
}
