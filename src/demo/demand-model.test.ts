import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../domain/calendar/civil-date.ts';
import {
  DEMAND_KINDS,
  HOURLY_PROFILE,
  WEEKDAY_PROFILE,
  calendarFactor,
  describeDemandDay,
  weatherFactor,
  workdayFactor,
  type DemandKind,
} from './demand-model.ts';

const start = toDayNumber('2024-01-01');
const factor = (kind: DemandKind, date: string) => calendarFactor(kind, describeDemandDay(toDayNumber(date), start));

describe('demand model', () => {
  it('scales every weekly profile to a mean of one, with weekends busiest at scenic spots', () => {
    for (const kind of DEMAND_KINDS) {
      const profile = WEEKDAY_PROFILE[kind];
      expect(profile.reduce((a, b) => a + b, 0) / 7).toBeCloseTo(1, 3);
    }
    const scenic = WEEKDAY_PROFILE.scenic_spot;
    expect(Math.min(scenic[5] as number, scenic[6] as number)).toBeGreaterThan(Math.max(...scenic.slice(0, 5)));
  });

  it('lifts golden-week days far above an ordinary weekday of the same season', () => {
    expect(factor('scenic_spot', '2024-10-03')).toBeGreaterThan(2.5 * factor('scenic_spot', '2024-09-24'));
    expect(factor('theme_park', '2024-05-02')).toBeGreaterThan(2.5 * factor('theme_park', '2024-05-14'));
  });

  it('treats a make-up workday like a workday, not like the Sunday it falls on', () => {
    // 2024-02-04 was a Sunday worked for Spring Festival; 2024-01-28 an ordinary Sunday.
    const makeup = describeDemandDay(toDayNumber('2024-02-04'), start);
    expect(makeup.type).toBe('makeup_workday');
    expect(factor('scenic_spot', '2024-02-04')).toBeLessThan(0.7 * factor('scenic_spot', '2024-01-28'));
    expect(workdayFactor('scenic_spot')).toBeLessThan(1);
  });

  it('closes museums on Mondays except on public holidays', () => {
    expect(factor('museum', '2024-09-23')).toBe(0);
    expect(factor('museum', '2024-09-16')).toBeGreaterThan(1);
  });

  it('empties city stores and slows couriers over Spring Festival, and fills them before it', () => {
    expect(factor('store', '2024-02-11')).toBeLessThan(factor('store', '2024-01-31'));
    expect(factor('online', '2024-02-12')).toBeLessThan(0.7 * factor('online', '2024-03-12'));
    expect(factor('online', '2024-11-11')).toBeGreaterThan(2 * factor('online', '2024-11-04'));
  });

  it('keeps people away from outdoor venues in rain and heat, and sends them indoors', () => {
    expect(weatherFactor('scenic_spot', 'rain', 25)).toBeLessThan(0.8);
    expect(weatherFactor('scenic_spot', 'heavy_rain', 25)).toBeLessThan(weatherFactor('scenic_spot', 'rain', 25));
    expect(weatherFactor('scenic_spot', 'sunny', 37)).toBeLessThan(1);
    expect(weatherFactor('museum', 'rain', 25)).toBeGreaterThan(1);
    expect(weatherFactor('store', 'sunny', 25)).toBe(1);
  });

  it('spreads each day over hours that sum to one, with nobody at scenic spots at night', () => {
    for (const kind of DEMAND_KINDS) expect(HOURLY_PROFILE[kind].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(HOURLY_PROFILE.scenic_spot[3]).toBe(0);
    expect(HOURLY_PROFILE.online[21]).toBeGreaterThan(HOURLY_PROFILE.online[4] as number);
  });
});
