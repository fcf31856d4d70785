import { describe, expect, it } from 'vitest';
import { DAY_TYPES, buildHourlyProfiles, profileForDate, type HourlyFlowRow } from './hourly-profile.ts';

/** Rows for one date from a map of hour → visitors. */
const day = (date: string, byHour: Record<number, number>): HourlyFlowRow[] =>
  Object.entries(byHour).map(([hour, visitors]) => ({ date, hour: Number(hour), visitors }));

// March 2024 has no holidays: 4–8 March is Monday–Friday, 9–10 and 16–17 March are weekends.
// 2024-05-01…05 is the Labour Day holiday; 2024-04-28 and 2024-05-11 are its make-up workdays.
const WORKDAYS = ['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08'];
const WEEKENDS = ['2024-03-09', '2024-03-10', '2024-03-16', '2024-03-17'];

const sumOf = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

describe('buildHourlyProfiles', () => {
  it('averages each day’s shares, so a busy day counts no more than a quiet one', () => {
    const rows = [
      ...day('2024-03-04', { 9: 100, 10: 300 }), // 25% / 75%
      ...day('2024-03-05', { 9: 30, 10: 10 }), // 75% / 25%
      ...day('2024-03-06', { 9: 5, 10: 5 }), // 50% / 50%
    ];
    const workday = buildHourlyProfiles(rows).byDayType.workday;
    // Pooling the visitors instead would give 135 / 450 = 30% at 09:00.
    expect(workday.shares[9]).toBeCloseTo(0.5, 12);
    expect(workday.shares[10]).toBeCloseTo(0.5, 12);
    expect(workday.shares.filter((s) => s > 0)).toHaveLength(2);
    expect(workday).toMatchObject({ dayType: 'workday', source: 'workday', fallback: false, days: 3 });
  });

  it('keeps each day type’s own shape once it has three days', () => {
    const rows = [
      ...WORKDAYS.flatMap((date) => day(date, { 8: 60, 12: 20, 18: 20 })),
      ...WEEKENDS.slice(0, 3).flatMap((date) => day(date, { 14: 75, 15: 25 })),
    ];
    const { byDayType, daysByType, totalDays } = buildHourlyProfiles(rows);
    expect(daysByType).toEqual({ workday: 5, weekend: 3, holiday: 0, makeup_workday: 0 });
    expect(totalDays).toBe(8);
    expect(byDayType.workday.shares[8]).toBeCloseTo(0.6, 12);
    expect(byDayType.workday.shares[18]).toBeCloseTo(0.2, 12);
    expect(byDayType.weekend).toMatchObject({ source: 'weekend', fallback: false, days: 3 });
    expect(byDayType.weekend.shares[14]).toBeCloseTo(0.75, 12);
  });

  it('gives 24 non-negative shares summing to 1 for every day type', () => {
    const rows = [...WORKDAYS, ...WEEKENDS, '2024-05-01', '2024-05-02', '2024-04-28'].flatMap((date, d) =>
      Array.from({ length: 24 }, (_, hour) => ({ date, hour, visitors: hour < 8 ? 0 : ((hour * 37 + d * 11) % 50) + 1 })),
    );
    const profiles = buildHourlyProfiles(rows);
    for (const type of DAY_TYPES) {
      const { shares } = profiles.byDayType[type];
      expect(shares).toHaveLength(24);
      expect(shares.every((s) => s >= 0)).toBe(true);
      expect(sumOf(shares)).toBeCloseTo(1, 12);
      expect(shares.slice(0, 8).every((s) => s === 0)).toBe(true);
    }
  });

  it('falls back make-up workday → workday and holiday → weekend → all days, saying so', () => {
    const rows = [
      ...WORKDAYS.slice(0, 3).flatMap((date) => day(date, { 9: 1, 10: 3 })),
      ...WEEKENDS.slice(0, 2).flatMap((date) => day(date, { 15: 10 })),
      ...day('2024-05-01', { 11: 10 }),
      ...day('2024-05-02', { 11: 10 }),
      ...day('2024-04-28', { 7: 10 }),
    ];
    const { byDayType, daysByType } = buildHourlyProfiles(rows);
    expect(daysByType).toEqual({ workday: 3, weekend: 2, holiday: 2, makeup_workday: 1 });
    expect(byDayType.workday).toMatchObject({ source: 'workday', fallback: false, days: 3 });
    // One make-up day is not enough: it is planned like the three workdays.
    expect(byDayType.makeup_workday).toMatchObject({ dayType: 'makeup_workday', source: 'workday', fallback: true, days: 3 });
    expect(byDayType.makeup_workday.shares).toEqual(byDayType.workday.shares);
    // Two holidays and two weekend days: both give way to all eight days pooled.
    expect(byDayType.holiday).toMatchObject({ source: 'all', fallback: true, days: 8 });
    expect(byDayType.weekend).toMatchObject({ source: 'all', fallback: true, days: 8 });
    // 09:00 is a quarter of three of the eight days.
    expect(byDayType.holiday.shares[9]).toBeCloseTo(0.75 / 8, 12);
    expect(byDayType.holiday.shares[11]).toBeCloseTo(2 / 8, 12);
  });

  it('lets a thin holiday history borrow a well-filled weekend profile', () => {
    const rows = [...WEEKENDS.flatMap((date) => day(date, { 14: 1, 15: 1 })), ...day('2024-05-03', { 10: 5 })];
    const holiday = buildHourlyProfiles(rows).byDayType.holiday;
    expect(holiday).toMatchObject({ source: 'weekend', fallback: true, days: 4 });
    expect(holiday.shares[14]).toBeCloseTo(0.5, 12);
    expect(holiday.shares[10]).toBe(0);
  });

  it('uses all days even when there are fewer than minDays, and a flat profile with none', () => {
    const one = buildHourlyProfiles(day('2024-03-04', { 10: 4, 11: 4 }));
    expect(one.byDayType.weekend).toMatchObject({ source: 'all', fallback: true, days: 1 });
    expect(one.byDayType.workday).toMatchObject({ source: 'all', fallback: true, days: 1 });
    expect(one.byDayType.workday.shares[10]).toBe(0.5);

    const none = buildHourlyProfiles([]);
    expect(none.totalDays).toBe(0);
    for (const type of DAY_TYPES) {
      expect(none.byDayType[type]).toMatchObject({ dayType: type, source: 'flat', fallback: true, days: 0 });
      expect(none.byDayType[type].shares.every((s) => s === 1 / 24)).toBe(true);
    }
  });

  it('ignores days whose total is zero', () => {
    const rows = [...WORKDAYS.slice(0, 3).flatMap((date) => day(date, { 12: 10 })), ...day('2024-03-07', { 8: 0, 9: 0 })];
    const { daysByType, byDayType } = buildHourlyProfiles(rows);
    expect(daysByType.workday).toBe(3);
    expect(byDayType.workday.shares[12]).toBe(1);
  });

  it('adds rows for the same hour together and counts missing hours as zero', () => {
    const rows = [
      { date: '2024-03-04', hour: 9, visitors: 10 },
      { date: '2024-03-04', hour: 9, visitors: 20 },
      { date: '2024-03-04', hour: 17, visitors: 10 },
    ];
    const { workday } = buildHourlyProfiles(rows, { minDays: 1 }).byDayType;
    expect(workday.shares[9]).toBe(0.75);
    expect(workday.shares[17]).toBe(0.25);
    expect(workday.shares[12]).toBe(0);
  });

  it('honours minDays', () => {
    const rows = WEEKENDS.slice(0, 2).flatMap((date) => day(date, { 15: 10 }));
    expect(buildHourlyProfiles(rows).byDayType.weekend.source).toBe('all');
    expect(buildHourlyProfiles(rows, { minDays: 2 }).byDayType.weekend).toMatchObject({ source: 'weekend', fallback: false });
    expect(() => buildHourlyProfiles(rows, { minDays: 0 })).toThrow(/minDays/);
  });

  it('does not depend on the order of the rows', () => {
    const rows = [...WORKDAYS, ...WEEKENDS].flatMap((date, d) =>
      Array.from({ length: 24 }, (_, hour) => ({ date, hour, visitors: ((hour * 13 + d * 7) % 29) + 0.3 })),
    );
    expect(buildHourlyProfiles([...rows].reverse())).toEqual(buildHourlyProfiles(rows));
  });

  it('rejects an hour outside 0–23 or negative visitors, naming the row', () => {
    expect(() => buildHourlyProfiles([{ date: '2024-03-04', hour: 24, visitors: 1 }])).toThrow(RangeError);
    expect(() => buildHourlyProfiles([{ date: '2024-03-04', hour: 24, visitors: 1 }])).toThrow(/rows\[0\]\.hour/);
    expect(() => buildHourlyProfiles([{ date: '2024-03-04', hour: 9.5, visitors: 1 }])).toThrow(/rows\[0\]\.hour/);
    expect(() =>
      buildHourlyProfiles([
        { date: '2024-03-04', hour: 9, visitors: 1 },
        { date: '2024-03-04', hour: 10, visitors: -1 },
      ]),
    ).toThrow(/rows\[1\]\.visitors/);
  });
});

describe('profileForDate', () => {
  it('picks the profile of the date’s day type', () => {
    const profiles = buildHourlyProfiles([]);
    expect(profileForDate(profiles, '2024-03-04').dayType).toBe('workday');
    expect(profileForDate(profiles, '2024-03-09').dayType).toBe('weekend');
    expect(profileForDate(profiles, '2024-05-01').dayType).toBe('holiday');
    expect(profileForDate(profiles, '2024-04-28').dayType).toBe('makeup_workday');
  });
});
