import { describe, expect, it } from 'vitest';
import { addDays, civilOf, dayOfYear, fromDayNumber, isCivilDate, isoWeekday, toDayNumber } from './civil-date.ts';

describe('civil dates', () => {
  it('counts days from 1970-01-01 the same way Date.UTC does', () => {
    for (const date of ['1970-01-01', '1999-12-31', '2000-02-29', '2024-02-29', '2026-12-31', '1900-03-01']) {
      expect(toDayNumber(date)).toBe(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    }
  });

  it('round-trips every day of several decades', () => {
    for (let n = toDayNumber('1990-01-01'); n <= toDayNumber('2040-12-31'); n++) {
      expect(toDayNumber(fromDayNumber(n))).toBe(n);
    }
    expect(civilOf(toDayNumber('2024-02-29'))).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('refuses to write a day whose year YYYY-MM-DD cannot hold, instead of writing a malformed date', () => {
    expect(fromDayNumber(toDayNumber('0000-01-01'))).toBe('0000-01-01');
    expect(fromDayNumber(toDayNumber('9999-12-31'))).toBe('9999-12-31');
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -800)).toThrow('outside what YYYY-MM-DD can write');
  });

  it('knows weekdays, day of year and date arithmetic across month and year ends', () => {
    expect(isoWeekday('2024-02-10')).toBe(6);
    expect(isoWeekday('2025-01-26')).toBe(7);
    expect(isoWeekday('2026-02-23')).toBe(1);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(dayOfYear(toDayNumber('2024-12-31'))).toBe(366);
    expect(dayOfYear(toDayNumber('2025-01-01'))).toBe(1);
  });

  it('accepts only real dates written as YYYY-MM-DD', () => {
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2023-02-29')).toBe(false);
    expect(isCivilDate('2024-2-9')).toBe(false);
    expect(isCivilDate('2024-13-01')).toBe(false);
    expect(() => toDayNumber('yesterday')).toThrow(RangeError);
  });
});
