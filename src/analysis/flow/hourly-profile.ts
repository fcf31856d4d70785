/**
 * How one venue's daily flow spreads over the hours of the day, for each kind of day.
 *
 * The rule, in plain words. Every day of history is typed by the mainland-China calendar (workday,
 * weekend, holiday, make-up workday). A day's hourly visitors are divided by its total to give the
 * share of the day in each hour 0–23; a day type's profile is the average of those daily shares, so
 * every day counts once however busy it was (one event day cannot reshape the profile) and the shares
 * add up to exactly 1. Days with no visitors at all say nothing about shape and are left out.
 *
 * A day type with fewer than `minDays` days (default 3) borrows the profile of the nearest kind of
 * day instead, walking this chain until a profile has enough days:
 * - makeup_workday → workday → all days (a make-up day is worked like any workday);
 * - holiday → weekend → all days (people are off, so a holiday looks most like a weekend);
 * - weekend → all days; workday → all days.
 * "All days" pools every usable day and is used whenever it has at least one day, even fewer than
 * `minDays`, because nothing better exists; with no usable day at all the profile is flat (1/24 an
 * hour). Each profile records where its shares came from and how many days they rest on.
 *
 * No smoothing across hours, on purpose: hours a venue is closed must stay at exactly 0 and the jump
 * at opening time must stay sharp, or staff and ticket quotas would be planned for closed hours. The
 * noise of a few days is handled by the day-averaging and the minimum-days fallback instead.
 *
 * Several rows for the same date and hour are added together; hours without a row count as 0.
 */
import { dayType, type DayType } from '../../domain/calendar/cn-holidays.ts';

/** Visitors counted at one venue in one hour of one civil date. */
export interface HourlyFlowRow {
  readonly date: string;
  /** Hour of the day, 0–23, local to the venue. */
  readonly hour: number;
  readonly visitors: number;
}

/** Where a profile's shares come from: a day type's own days, all days pooled, or nothing (flat). */
export type ProfileSource = DayType | 'all' | 'flat';

/** The share of a day's flow in each hour for one day type, with where it came from. */
export interface HourlyProfile {
  /** The day type this profile is used for. */
  readonly dayType: DayType;
  /** Whose days the shares were averaged over; differs from `dayType` after a fallback. */
  readonly source: ProfileSource;
  /** True when the day type had too few days of its own and borrowed `source`'s profile. */
  readonly fallback: boolean;
  /** Days of history the shares rest on (0 for a flat profile). */
  readonly days: number;
  /** Share of the day's visitors in each hour 0–23; non-negative, summing to 1. */
  readonly shares: readonly number[];
}

/** One venue's hourly profiles for every day type, after fallback. */
export interface HourlyProfiles {
  /** The profile to plan each day type with. */
  readonly byDayType: Readonly<Record<DayType, HourlyProfile>>;
  /** Usable days (total above 0) of each day type in the history, before any fallback. */
  readonly daysByType: Readonly<Record<DayType, number>>;
  /** Usable days in the history, all types together. */
  readonly totalDays: number;
  /** Days a day type needed to keep its own profile. */
  readonly minDays: number;
}

/** Options of {@link buildHourlyProfiles}. */
export interface BuildHourlyProfilesOptions {
  /** Days a day type needs before its own profile is trusted (default 3). */
  readonly minDays?: number | undefined;
}

/** Hours in a civil day as the profiles count them (daylight saving does not apply in China). */
export const HOURS_PER_DAY = 24;

/** Every day type, in the order profiles are reported. */
export const DAY_TYPES: readonly DayType[] = ['workday', 'weekend', 'holiday', 'makeup_workday'];

/** The next-best source for each day type when it has too few days; see the top comment. */
const FALLBACK: Readonly<Record<DayType, DayType | 'all'>> = {
  makeup_workday: 'workday',
  holiday: 'weekend',
  weekend: 'all',
  workday: 'all',
};

/** Averages each day type's hourly shares over its history, falling back for thin day types. */
export function buildHourlyProfiles(rows: readonly HourlyFlowRow[], options: BuildHourlyProfilesOptions = {}): HourlyProfiles {
  const minDays = options.minDays ?? 3;
  if (!Number.isInteger(minDays) || minDays < 1) throw new RangeError(`minDays must be a whole number ≥ 1, got ${minDays}`);

  const byDate = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (!Number.isInteger(row.hour) || row.hour < 0 || row.hour >= HOURS_PER_DAY) {
      throw new RangeError(`rows[${i}].hour must be a whole hour 0–23, got ${row.hour}`);
    }
    if (!Number.isFinite(row.visitors) || row.visitors < 0) {
      throw new RangeError(`rows[${i}].visitors must be a finite number ≥ 0, got ${row.visitors}`);
    }
    let hours = byDate.get(row.date);
    if (!hours) {
      hours = new Array<number>(HOURS_PER_DAY).fill(0);
      byDate.set(row.date, hours);
    }
    hours[row.hour] = (hours[row.hour] as number) + row.visitors;
  });

  // Sum of daily shares per type; dividing by the day count at the end gives the average.
  const shareSums = new Map<DayType | 'all', number[]>();
  const dayCounts = new Map<DayType | 'all', number>();
  const add = (bucket: DayType | 'all', shares: readonly number[]): void => {
    const sums = shareSums.get(bucket) ?? new Array<number>(HOURS_PER_DAY).fill(0);
    for (let h = 0; h < HOURS_PER_DAY; h++) sums[h] = (sums[h] as number) + (shares[h] as number);
    shareSums.set(bucket, sums);
    dayCounts.set(bucket, (dayCounts.get(bucket) ?? 0) + 1);
  };
  // Sorted so the floating-point sums, and so the profiles, do not depend on row order.
  for (const date of [...byDate.keys()].sort()) {
    const hours = byDate.get(date) as number[];
    const total = hours.reduce((sum, v) => sum + v, 0);
    if (total <= 0) continue;
    const shares = hours.map((v) => v / total);
    add(dayType(date), shares);
    add('all', shares);
  }

  const averaged = (bucket: DayType | 'all'): { shares: number[]; days: number } | undefined => {
    const days = dayCounts.get(bucket) ?? 0;
    const sums = shareSums.get(bucket);
    return days === 0 || !sums ? undefined : { shares: normalise(sums.map((s) => s / days)), days };
  };

  const profileOf = (type: DayType): HourlyProfile => {
    let source: DayType | 'all' = type;
    for (;;) {
      const own = averaged(source);
      // 'all' is the last resort: any day at all beats a flat guess.
      if (own && (own.days >= minDays || source === 'all')) {
        return { dayType: type, source, fallback: source !== type, days: own.days, shares: own.shares };
      }
      if (source === 'all') break;
      source = FALLBACK[source];
    }
    return { dayType: type, source: 'flat', fallback: true, days: 0, shares: new Array<number>(HOURS_PER_DAY).fill(1 / HOURS_PER_DAY) };
  };

  return {
    byDayType: {
      workday: profileOf('workday'),
      weekend: profileOf('weekend'),
      holiday: profileOf('holiday'),
      makeup_workday: profileOf('makeup_workday'),
    },
    daysByType: {
      workday: dayCounts.get('workday') ?? 0,
      weekend: dayCounts.get('weekend') ?? 0,
      holiday: dayCounts.get('holiday') ?? 0,
      makeup_workday: dayCounts.get('makeup_workday') ?? 0,
    },
    totalDays: dayCounts.get('all') ?? 0,
    minDays,
  };
}

/** The profile to plan a civil date with: the one for its day type. */
export function profileForDate(profiles: HourlyProfiles, date: string): HourlyProfile {
  return profiles.byDayType[dayType(date)];
}

/** Rescales shares to add up to 1 (to within rounding), absorbing the drift of summing many days. */
function normalise(shares: readonly number[]): number[] {
  const total = shares.reduce((sum, v) => sum + v, 0);
  return shares.map((v) => v / total);
}
