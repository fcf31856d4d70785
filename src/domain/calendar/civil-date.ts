/**
 * Civil dates as 'YYYY-MM-DD' strings and as day numbers (days since 1970-01-01). Calendar days in
 * China need no time-zone maths, so everything here is plain proleptic-Gregorian arithmetic; no Date
 * objects, which also keeps the demo generator's per-day loops cheap.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date given as year, month (1-12) and day. */
export function dayNumberOf(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil: exact for every Gregorian date, branch-light.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on a malformed string. */
export function toDayNumber(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return dayNumberOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Year, month (1-12) and day of a day number. */
export function civilOf(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The 'YYYY-MM-DD' string of a day number; throws for a year YYYY cannot write (before 0000, after 9999). */
export function fromDayNumber(dayNumber: number): string {
  const { year, month, day } = civilOf(dayNumber);
  // Padding "-2" or "10000" would give a string that looks like a date and is none ("00-2-01-03").
  if (year < 0 || year > 9999) throw new RangeError(`day ${dayNumber} is in year ${year}, outside what YYYY-MM-DD can write`);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The date `days` calendar days after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOf(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return isoWeekdayOf(toDayNumber(date));
}

/** Day of the year, 1 = 1 January. */
export function dayOfYear(dayNumber: number): number {
  return dayNumber - dayNumberOf(civilOf(dayNumber).year, 1, 1) + 1;
}

/** True when the string is a real calendar date written as 'YYYY-MM-DD'. */
export function isCivilDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  return fromDayNumber(toDayNumber(value)) === value;
}

/** Number of days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether year-month-day names a real day (no 2024-02-30, no month 13). */
export function isValidCivilDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}
