import { describe, expect, it } from 'vitest';
import type { CalendarDay } from '../flow-types.ts';
import { buildPeakChart, dayTypeOf, formatWindows, hourlyProfiles, summarisePeaks } from './peak-periods.ts';

const calendar: CalendarDay[] = [
  { date: '2026-09-27', type: 'makeup_workday', label: { zh: '国庆节', en: 'National Day' } },
  { date: '2026-10-01', type: 'holiday', label: { zh: '国庆节', en: 'National Day' }, holidayDay: 1 },
  { date: '2026-10-03', type: 'holiday', label: { zh: '国庆节', en: 'National Day' }, holidayDay: 3 },
];
const byDate = new Map(calendar.map((day) => [day.date, day]));

describe('peak periods', () => {
  it('types days by the holiday calendar: a make-up Sunday is a workday, a holiday Saturday a holiday', () => {
    expect(dayTypeOf('2026-09-27', byDate)).toBe('workday'); // Sunday, make-up workday
    expect(dayTypeOf('2026-10-03', byDate)).toBe('holiday'); // Saturday in the holiday
    expect(dayTypeOf('2026-10-01', byDate)).toBe('holiday'); // Thursday
    expect(dayTypeOf('2026-09-26', byDate)).toBe('weekend'); // Saturday
    expect(dayTypeOf('2026-09-28', byDate)).toBe('workday'); // Monday
  });

  it('averages each hour over all the days of a type, a day without rows counting as 0', () => {
    const rows = [
      { day: '2026-09-28', hour_of_day: 10, visitors: 6 },
      { day: '2026-09-29', hour_of_day: 10, visitors: 2 },
      { day: '2026-09-26', hour_of_day: 15, visitors: 5 },
      { day: '2026-10-01', hour_of_day: 11, visitors: 9 },
    ];
    // Workdays: 09-27 (make-up), 09-28, 09-29, 09-30; weekend: 09-26; holidays: 10-01.
    const days = ['2026-09-26', '2026-09-27', '2026-09-28', '2026-09-29', '2026-09-30', '2026-10-01'];
    const [workday, weekend, holiday] = hourlyProfiles(rows, 'visitors', days, calendar);
    expect([workday!.days, weekend!.days, holiday!.days]).toEqual([4, 1, 1]);
    expect(workday!.average[10]).toBe(2);
    expect(weekend!.average[15]).toBe(5);
    expect(holiday!.average[11]).toBe(9);
    expect(workday!.average[0]).toBe(0);
    const none = hourlyProfiles(rows, 'visitors', ['2026-09-28'], calendar)[2]!;
    expect(none.days).toBe(0);
    expect(none.average.every((value) => value === null)).toBe(true);
  });

  it('finds the runs of hours at 80% of the busiest one and their share of the day', () => {
    const average = Array.from({ length: 24 }, () => 0);
    Object.assign(average, { 9: 5, 10: 9, 11: 10, 12: 4, 15: 8, 16: 2, 20: 2 });
    const summary = summarisePeaks({ dayType: 'workday', days: 5, average });
    expect(summary.busiestHour).toBe(11);
    expect(summary.windows).toEqual([
      [10, 11],
      [15, 15],
    ]);
    expect(summary.peakShare).toBeCloseTo(27 / 40);
    expect(formatWindows(summary.windows)).toBe('10:00–12:00, 15:00–16:00');
    expect(summarisePeaks({ dayType: 'holiday', days: 0, average: average.map(() => null) })).toEqual({
      dayType: 'holiday',
      days: 0,
      busiestHour: null,
      windows: [],
      peakShare: null,
    });
  });

  it('draws only the day types the period has and tabulates every hour', () => {
    const profiles = hourlyProfiles([{ day: '2026-09-28', hour_of_day: 10, visitors: 6 }], 'visitors', ['2026-09-28'], calendar);
    const { option, table } = buildPeakChart(profiles, 'en', (v) => String(v));
    expect((option as { series: { name: string }[] }).series.map((s) => s.name)).toEqual(['Workdays']);
    expect(table.rows).toHaveLength(24);
    expect(table.rows[10]).toEqual({ hour: 10, workday: 6, weekend: null, holiday: null });
  });
});
