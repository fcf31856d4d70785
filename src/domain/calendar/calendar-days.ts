/** The day types of a date range — holiday (with which and which day), make-up workday, weekend — for charts that mark them. */
import { addDays, isCivilDate } from './civil-date.ts';
import { dayType, holidayOn, HOLIDAY_LABELS, makeupWorkdayFor, type DayType, type HolidayName } from './cn-holidays.ts';

export interface CalendarDay {
  readonly date: string;
  readonly type: DayType;
  /** The holiday the day belongs to: its own for a holiday, the one it pays for on a make-up workday. */
  readonly holiday?: HolidayName;
  readonly label?: { readonly zh: string; readonly en: string };
  /** 1-based day within the holiday period. */
  readonly holidayDay?: number;
  readonly holidayLength?: number;
}

/** Longest range answered at once (two years and a bit). */
export const MAX_CALENDAR_DAYS = 800;

/** Every day from `from` to `to` that is not an ordinary workday (weekends, holidays, make-up workdays). */
export function calendarDays(from: string, to: string): CalendarDay[] {
  if (!isCivilDate(from) || !isCivilDate(to)) throw new RangeError(`dates must be YYYY-MM-DD, got "${from}" and "${to}"`);
  const days: CalendarDay[] = [];
  for (let date = from, n = 0; date <= to; date = addDays(date, 1), n++) {
    if (n >= MAX_CALENDAR_DAYS) throw new RangeError(`a calendar range is at most ${MAX_CALENDAR_DAYS} days`);
    const type = dayType(date);
    if (type === 'workday') continue;
    if (type === 'holiday') {
      const day = holidayOn(date)!;
      days.push({ date, type, holiday: day.holiday, label: HOLIDAY_LABELS[day.holiday], holidayDay: day.day, holidayLength: day.length });
    } else if (type === 'makeup_workday') {
      const period = makeupWorkdayFor(date)!;
      days.push({ date, type, holiday: period.holiday, label: HOLIDAY_LABELS[period.holiday] });
    } else days.push({ date, type });
  }
  return days;
}
