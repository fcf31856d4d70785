import { describe, expect, it } from 'vitest';
import type { DayType } from '../../domain/calendar/cn-holidays.ts';
import { allocatePeaks, type AllocatePeaksInput, type HourPlan, type PeakPlan } from './allocate-peaks.ts';
import { buildHourlyProfiles, type HourlyProfile, type HourlyProfiles, type ProfileSource } from './hourly-profile.ts';

/** 24 shares from a map of hour → share. */
const sharesOf = (byHour: Record<number, number>): number[] => Array.from({ length: 24 }, (_, h) => byHour[h] ?? 0);

// A workday: quiet morning, a lunchtime peak at 12:00. 1000 visitors give 50, 100, 200, 250, 150, 100, 100, 50.
const WORKDAY = sharesOf({ 9: 0.05, 10: 0.1, 11: 0.2, 12: 0.25, 13: 0.15, 14: 0.1, 15: 0.1, 16: 0.05 });

/** Profiles built by hand: every type uses `shares` unless overridden. */
function profilesOf(
  shares: readonly number[],
  overrides: Partial<Record<DayType, { shares: readonly number[]; source: ProfileSource; days: number }>> = {},
  daysByType: Record<DayType, number> = { workday: 20, weekend: 8, holiday: 3, makeup_workday: 3 },
): HourlyProfiles {
  const profile = (dayType: DayType): HourlyProfile => {
    const own = overrides[dayType];
    const source = own?.source ?? dayType;
    return { dayType, source, fallback: source !== dayType, days: own?.days ?? daysByType[dayType], shares: own?.shares ?? shares };
  };
  return {
    byDayType: {
      workday: profile('workday'),
      weekend: profile('weekend'),
      holiday: profile('holiday'),
      makeup_workday: profile('makeup_workday'),
    },
    daysByType,
    totalDays: daysByType.workday + daysByType.weekend + daysByType.holiday + daysByType.makeup_workday,
    minDays: 3,
  };
}

const BASE: AllocatePeaksInput = {
  days: [],
  profiles: profilesOf(WORKDAY),
  capacityPerDay: null,
  capacityPerHour: null,
  staffThroughputPerHour: 40,
  targetUtilisation: 0.85,
};

/** The one plan for a single day. */
function planOne(input: Partial<AllocatePeaksInput> & Pick<AllocatePeaksInput, 'days'>): PeakPlan {
  const plans = allocatePeaks({ ...BASE, ...input });
  expect(plans).toHaveLength(1);
  return plans[0] as PeakPlan;
}

/** One field of the workday profile's busy hours, 09:00 to 17:00. */
const busyHours = <K extends keyof HourPlan>(plan: PeakPlan, key: K): Array<HourPlan[K]> => plan.hours.slice(9, 17).map((h) => h[key]);

describe('allocatePeaks: hourly flow and staff', () => {
  // 2024-03-05 is an ordinary Tuesday.
  const plan = planOne({ days: [{ date: '2024-03-05', visitors: 1000, lower: 800, upper: 1400 }] });

  it('spreads the day’s forecast and its upper band over the hours by the profile', () => {
    expect(plan).toMatchObject({
      date: '2024-03-05',
      dayType: 'workday',
      profileSource: 'workday',
      profileDays: 20,
      lower: 800,
      upper: 1400,
    });
    expect(plan.hours).toHaveLength(24);
    expect(plan.hours.map((h) => Math.round(h.visitors))).toEqual(
      sharesOf({ 9: 50, 10: 100, 11: 200, 12: 250, 13: 150, 14: 100, 15: 100, 16: 50 }),
    );
    expect(plan.hours.map((h) => Math.round(h.upperVisitors ?? -1))).toEqual(
      sharesOf({ 9: 70, 10: 140, 11: 280, 12: 350, 13: 210, 14: 140, 15: 140, 16: 70 }),
    );
  });

  it('staffs each hour with ceil(visitors / 40), and works out the upper band too', () => {
    // 50/40 → 2, 100/40 → 3, 200/40 = 5 exactly, 250/40 → 7, 150/40 → 4.
    expect(busyHours(plan, 'staff')).toEqual([2, 3, 5, 7, 4, 3, 3, 2]);
    // 70/40 → 2, 140/40 → 4, 280/40 = 7 exactly, 350/40 → 9, 210/40 → 6.
    expect(busyHours(plan, 'staffUpper')).toEqual([2, 4, 7, 9, 6, 4, 4, 2]);
    expect(plan.hours.slice(0, 9).every((h) => h.staff === 0 && h.staffUpper === 0)).toBe(true);
    expect(plan).toMatchObject({ peakStaff: 7, staffHours: 29, peakStaffUpper: 9, staffHoursUpper: 38 });
  });

  it('finds the shortest run holding half the flow, and the busiest hour', () => {
    // No two hours reach 50% (at best 45%); of the three-hour runs 11–13 holds the most, 60%.
    expect(plan.peakWindow).toMatchObject({ startHour: 11, endHour: 14, hours: 3 });
    expect(plan.peakWindow?.share).toBeCloseTo(0.6, 12);
    expect(plan.peakWindow?.visitors).toBeCloseTo(600, 9);
    expect(plan.busiestHour).toMatchObject({ hour: 12, share: 0.25 });
    expect(plan.busiestHour?.visitors).toBeCloseTo(250, 9);
  });

  it('has no capacity figures or warnings when no capacity is known', () => {
    expect(plan).toMatchObject({
      capacity: null,
      quota: null,
      utilisation: null,
      upperUtilisation: null,
      overCapacity: false,
      upperOverCapacity: false,
    });
    expect(plan.hours.every((h) => h.quota === null && h.utilisation === null && !h.overCapacity)).toBe(true);
    expect(plan.reasons).toEqual([]);
  });

  it('leaves the upper figures null when the forecast has no band', () => {
    const bare = planOne({ days: [{ date: '2024-03-05', visitors: 1000 }] });
    expect(bare).toMatchObject({ lower: null, upper: null, peakStaffUpper: null, staffHoursUpper: null, upperOverCapacity: null });
    expect(bare.hours.every((h) => h.upperVisitors === null && h.staffUpper === null && h.upperOverCapacity === null)).toBe(true);
  });
});

describe('allocatePeaks: capacity', () => {
  it('releases floor(hourly capacity × target) per open hour and flags hours only the upper band overfills', () => {
    const plan = planOne({ days: [{ date: '2024-03-05', visitors: 1000, upper: 1400 }], capacityPerHour: 300 });
    // 300 × 0.85 = 255 a slot; the forecast's busiest hour (250) fits, the upper band's 280 and 350 do not.
    expect(plan.hours.every((h) => h.quota === 255)).toBe(true);
    expect(plan.hours[12]?.utilisation).toBeCloseTo(250 / 300, 12);
    expect(plan.hours[12]).toMatchObject({ capacity: 300, overCapacity: false, upperOverCapacity: true });
    expect(plan.hours.filter((h) => h.upperOverCapacity).map((h) => h.hour)).toEqual([11, 12]);
    // Without a daily capacity the day holds 24 × 300, and its quota is the slots added up.
    expect(plan).toMatchObject({ capacity: 7200, quota: 24 * 255, overCapacity: false, upperOverCapacity: true });
    expect(plan.reasons).toEqual(['upper band is above 85% of the hourly capacity 300 (255) in 11:00–13:00']);
  });

  it('flags a day whose forecast overfills an hour even when the day as a whole fits', () => {
    const plan = planOne({ days: [{ date: '2024-03-05', visitors: 1100 }], capacityPerDay: 5000, capacityPerHour: 250 });
    // 1100 × 0.2 = 220 and 1100 × 0.25 = 275 are above 212.5; the day's 1100 is far below 4250.
    expect(plan.overCapacity).toBe(true);
    expect(plan.utilisation).toBeCloseTo(0.22, 12);
    expect(plan.quota).toBe(4250);
    expect(plan.hours.filter((h) => h.overCapacity).map((h) => h.hour)).toEqual([11, 12]);
    expect(plan.reasons).toEqual(['forecast is above 85% of the hourly capacity 250 (213) in 11:00–13:00']);
  });

  it('flags the forecast and the upper band separately against the daily capacity', () => {
    const [fits, upperOnly, both] = allocatePeaks({
      ...BASE,
      days: [
        { date: '2024-03-05', visitors: 1000, upper: 1200 },
        { date: '2024-03-06', visitors: 1000, upper: 1400 },
        { date: '2024-03-07', visitors: 1300, upper: 1600 },
      ],
      capacityPerDay: 1500,
    });
    // The limit is 1500 × 0.85 = 1275.
    expect(fits).toMatchObject({ overCapacity: false, upperOverCapacity: false, reasons: [] });
    expect(upperOnly).toMatchObject({ overCapacity: false, upperOverCapacity: true });
    expect(upperOnly?.upperUtilisation).toBeCloseTo(1400 / 1500, 12);
    expect(upperOnly?.reasons).toEqual(['upper band 1400 is above 85% of the daily capacity 1500 (1275)']);
    expect(both).toMatchObject({ overCapacity: true, upperOverCapacity: true });
    expect(both?.reasons).toEqual(['forecast 1300 is above 85% of the daily capacity 1500 (1275)']);
  });

  it('shares the daily quota over the hours by largest remainder so the slots add up to it', () => {
    const plan = planOne({ days: [{ date: '2024-03-05', visitors: 900 }], capacityPerDay: 1000 });
    // 850 × shares = 42.5, 85, 170, 212.5, 127.5, 85, 85, 42.5: floors add to 848, and the two spare
    // slots go to the halves with the biggest shares, 12:00 (25%) and 13:00 (15%).
    expect(busyHours(plan, 'quota')).toEqual([42, 85, 170, 213, 128, 85, 85, 42]);
    expect(plan.hours.reduce((s, h) => s + (h.quota ?? 0), 0)).toBe(850);
    expect(plan.quota).toBe(850);
    expect(plan.hours[3]).toMatchObject({ quota: 0, capacity: null, utilisation: null });
  });

  it('gives each hour the day’s utilisation when only a daily capacity is known, with one reason', () => {
    const plan = planOne({ days: [{ date: '2024-03-05', visitors: 900 }], capacityPerDay: 1000 });
    expect(plan.utilisation).toBeCloseTo(0.9, 12);
    expect(plan.hours[12]?.capacity).toBeCloseTo(250, 9);
    for (const h of plan.hours.slice(9, 17)) {
      expect(h.utilisation).toBeCloseTo(0.9, 12);
      expect(h.overCapacity).toBe(true);
    }
    expect(plan.overCapacity).toBe(true);
    expect(plan.reasons).toEqual(['forecast 900 is above 85% of the daily capacity 1000 (850)']);
  });

  it('does not flag a day exactly at the target', () => {
    const plan = planOne({ days: [{ date: '2024-03-05', visitors: 850 }], capacityPerDay: 1000, capacityPerHour: 250 });
    expect(plan.overCapacity).toBe(false);
    expect(
      allocatePeaks({ ...BASE, days: [{ date: '2024-03-05', visitors: 1000 }], capacityPerHour: 250, targetUtilisation: 1 })[0]
        ?.overCapacity,
    ).toBe(false);
  });
});

describe('allocatePeaks: day types, opening hours and edge cases', () => {
  it('plans each date with the profile of its day type and explains a borrowed one', () => {
    const weekend = sharesOf({ 14: 0.5, 15: 0.5 });
    const profiles = profilesOf(
      WORKDAY,
      { weekend: { shares: weekend, source: 'weekend', days: 8 }, holiday: { shares: weekend, source: 'weekend', days: 8 } },
      {
        workday: 20,
        weekend: 8,
        holiday: 2,
        makeup_workday: 3,
      },
    );
    // 2024-05-01 is Labour Day, 2024-05-11 a make-up workday (a Saturday), 2024-05-12 a Sunday.
    const plans = allocatePeaks({
      ...BASE,
      profiles,
      days: ['2024-05-01', '2024-05-11', '2024-05-12'].map((date) => ({ date, visitors: 400 })),
    });
    expect(plans.map((p) => [p.dayType, p.profileSource, p.busiestHour?.hour])).toEqual([
      ['holiday', 'weekend', 14],
      ['makeup_workday', 'makeup_workday', 12],
      ['weekend', 'weekend', 14],
    ]);
    expect(plans[0]?.reasons).toEqual(['holiday hourly shape borrowed from weekend: 2 holiday days of history, fewer than 3']);
    expect(plans[0]?.peakWindow).toMatchObject({ startHour: 14, endHour: 15, hours: 1, share: 0.5 });
  });

  it('works straight from buildHourlyProfiles, saying when there was no history', () => {
    const [plan] = allocatePeaks({ ...BASE, profiles: buildHourlyProfiles([]), days: [{ date: '2024-03-05', visitors: 240 }] });
    expect(plan?.profileSource).toBe('flat');
    expect(plan?.hours.every((h) => Math.abs(h.visitors - 10) < 1e-9)).toBe(true);
    // Twelve of 24 equal hours hold half the day; the earliest such run wins.
    expect(plan?.peakWindow).toMatchObject({ startHour: 0, endHour: 12, hours: 12 });
    expect(plan?.reasons).toEqual(['no hourly history: workday flow spread evenly over the open hours']);
  });

  it('moves the flow of closed hours into the open ones and releases no slots while closed', () => {
    const profiles = profilesOf(sharesOf({ 8: 0.2, 9: 0.4, 10: 0.4 }));
    const plan = planOne({
      profiles,
      days: [{ date: '2024-03-05', visitors: 100 }],
      capacityPerHour: 100,
      targetUtilisation: 0.8,
      openHours: { open: 9, close: 17 },
    });
    expect(plan.hours[8]).toMatchObject({ open: false, share: 0, visitors: 0, staff: 0, quota: 0, capacity: null });
    expect(plan.hours[9]).toMatchObject({ open: true, share: 0.5, visitors: 50, staff: 2, quota: 80 });
    expect(plan.hours[16]).toMatchObject({ open: true, visitors: 0, staff: 0, quota: 80 });
    expect(plan.hours.filter((h) => h.open)).toHaveLength(8);
    expect(plan).toMatchObject({ capacity: 800, quota: 640 });
  });

  it('spreads evenly over opening hours that wrap past midnight when history saw none of them', () => {
    const plan = planOne({ days: [{ date: '2024-03-05', visitors: 400 }], openHours: { open: 22, close: 2 } });
    expect(plan.hours.filter((h) => h.open).map((h) => h.hour)).toEqual([0, 1, 22, 23]);
    expect(plan.hours.filter((h) => h.visitors > 0).map((h) => [h.hour, h.visitors])).toEqual([
      [0, 100],
      [1, 100],
      [22, 100],
      [23, 100],
    ]);
  });

  it('prefers the busier of two equally short peak windows', () => {
    const profiles = profilesOf(sharesOf({ 9: 0.1, 12: 0.2, 13: 0.4, 14: 0.3 }));
    const plan = planOne({ profiles, days: [{ date: '2024-03-05', visitors: 100 }] });
    // 12–13 holds 60% and 13–14 holds 70%: both reach half in two hours.
    expect(plan.peakWindow).toMatchObject({ startHour: 13, endHour: 15, hours: 2 });
    expect(plan.peakWindow?.share).toBeCloseTo(0.7, 12);
    expect(planOne({ profiles, days: [{ date: '2024-03-05', visitors: 100 }], peakShare: 0.8 }).peakWindow).toMatchObject({
      startHour: 12,
      endHour: 15,
    });
  });

  it('plans a day with no forecast flow with no staff and no peak', () => {
    const plan = planOne({ days: [{ date: '2024-03-05', visitors: 0 }], capacityPerDay: 1000 });
    expect(plan).toMatchObject({
      peakWindow: null,
      busiestHour: null,
      peakStaff: 0,
      staffHours: 0,
      utilisation: 0,
      overCapacity: false,
      quota: 850,
    });
  });

  it('returns no plans for no days', () => {
    expect(allocatePeaks(BASE)).toEqual([]);
  });

  it('rejects bad inputs with a RangeError naming the field', () => {
    const day = [{ date: '2024-03-05', visitors: 100 }];
    expect(() => allocatePeaks({ ...BASE, days: day, staffThroughputPerHour: 0 })).toThrow(/staffThroughputPerHour/);
    expect(() => allocatePeaks({ ...BASE, days: day, targetUtilisation: 0 })).toThrow(/targetUtilisation/);
    expect(() => allocatePeaks({ ...BASE, days: day, targetUtilisation: 1.2 })).toThrow(RangeError);
    expect(() => allocatePeaks({ ...BASE, days: day, capacityPerDay: -5 })).toThrow(/capacityPerDay/);
    expect(() => allocatePeaks({ ...BASE, days: day, capacityPerHour: 0 })).toThrow(/capacityPerHour/);
    expect(() => allocatePeaks({ ...BASE, days: day, openHours: { open: 9, close: 9 } })).toThrow(/openHours/);
    expect(() => allocatePeaks({ ...BASE, days: day, openHours: { open: 9, close: 25 } })).toThrow(/openHours\.close/);
    expect(() => allocatePeaks({ ...BASE, days: day, peakShare: 0 })).toThrow(/peakShare/);
    expect(() => allocatePeaks({ ...BASE, days: [{ date: '2024-02-30', visitors: 1 }] })).toThrow(/days\[0\]\.date/);
    expect(() => allocatePeaks({ ...BASE, days: [{ date: '2024-03-05', visitors: -1 }] })).toThrow(/days\[0\]\.visitors/);
    expect(() => allocatePeaks({ ...BASE, days: [{ date: '2024-03-05', visitors: 100, upper: 90 }] })).toThrow(/days\[0\]\.upper/);
    expect(() => allocatePeaks({ ...BASE, days: [{ date: '2024-03-05', visitors: 100, lower: 110 }] })).toThrow(/days\[0\]\.lower/);
  });
});
