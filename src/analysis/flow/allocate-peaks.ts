/**
 * Turns a daily flow forecast into an hour-by-hour plan: expected visitors, peak windows, staff,
 * time-slot quotas and capacity warnings.
 *
 * The rule, in plain words.
 * - Hourly flow: each day's forecast is spread over the hours with the hourly profile of its day type
 *   (workday, weekend, holiday, make-up workday; see hourly-profile.ts). When opening hours are given,
 *   shares outside them are dropped and the rest scaled back up to 1, so the whole forecast lands in
 *   open hours (a profile with no flow at all inside them is replaced by an even spread over them).
 *   The upper band of the forecast, when given, is spread with the same shares.
 * - Peak window: the shortest run of consecutive hours holding at least half the day's flow
 *   (`peakShare`), the busier run when several are as short, then the earlier. Also the single
 *   busiest hour (the earlier on a tie). Both are the same for the forecast and its upper band, which
 *   share one shape.
 * - Staff: ceil(hourly visitors / visitors one person serves in an hour), 0 for an hour without flow.
 *   Planned on the forecast itself (`staff`), and also worked out for the upper band (`staffUpper`)
 *   so a manager can see what a busy day would take; rostering to the upper band every day would
 *   overstaff most days.
 * - Time-slot quotas (tickets or bookings to release per hour): floor(hourly capacity × target
 *   utilisation) in each open hour when the hourly capacity is known. Otherwise the day's quota,
 *   floor(daily capacity × target), is shared out over the hours in proportion to the profile by the
 *   largest-remainder method, so the hourly quotas add up to exactly the daily quota. No capacity, no
 *   quota. The day's quota is floor(daily capacity × target) whenever the daily capacity is known, and
 *   may then be less than the hourly quotas added up: both limits hold, so stop releasing slots once
 *   the day's quota is gone.
 * - Utilisation: visitors ÷ capacity, for the day and for each hour. An hour's capacity is the hourly
 *   capacity when known, else the daily capacity × the hour's share (so every open hour then carries
 *   the day's utilisation). A day without a daily capacity uses hourly capacity × open hours.
 * - Over capacity: a day is over when its forecast exceeds daily capacity × target, or any hour's
 *   forecast exceeds its hour's capacity × target; `upperOverCapacity` asks the same of the upper band.
 * - Reasons: short sentences explaining each warning and any borrowed profile.
 */
import { isCivilDate } from '../../domain/calendar/civil-date.ts';
import { dayType, type DayType } from '../../domain/calendar/cn-holidays.ts';
import { HOURS_PER_DAY, type HourlyProfiles, type ProfileSource } from './hourly-profile.ts';

/** One day of a daily flow forecast: the expected visitors and optionally its band. */
export interface DailyFlowForecast {
  readonly date: string;
  readonly visitors: number;
  readonly lower?: number | undefined;
  readonly upper?: number | undefined;
}

/**
 * Whole opening hours [open, close): `{ open: 9, close: 18 }` is 09:00–18:00. A close before the open
 * wraps past midnight within the same date: `{ open: 18, close: 2 }` is 00:00–02:00 and 18:00–24:00.
 */
export interface OpenHours {
  /** First open hour, 0–23. */
  readonly open: number;
  /** Hour the venue closes, 1–24. */
  readonly close: number;
}

/** Everything {@link allocatePeaks} needs; capacities are null when the venue has none on record. */
export interface AllocatePeaksInput {
  readonly days: readonly DailyFlowForecast[];
  readonly profiles: HourlyProfiles;
  /** Visitors the venue can take in a day. */
  readonly capacityPerDay: number | null;
  /** Visitors the venue can take in any one hour. */
  readonly capacityPerHour: number | null;
  /** Visitors one member of staff serves in an hour. */
  readonly staffThroughputPerHour: number;
  /** Share of capacity to plan up to, in (0, 1], e.g. 0.85. */
  readonly targetUtilisation: number;
  /** Opening hours; default all day. */
  readonly openHours?: OpenHours | undefined;
  /** Share of the day's flow a peak window must hold, in (0, 1]; default 0.5. */
  readonly peakShare?: number | undefined;
}

/** One hour of a day's plan. */
export interface HourPlan {
  /** Hour of the day, 0–23. */
  readonly hour: number;
  readonly open: boolean;
  /** Share of the day's flow expected in this hour. */
  readonly share: number;
  /** Expected visitors: the day's forecast × share. */
  readonly visitors: number;
  /** Visitors on the upper band of the forecast; null without one. */
  readonly upperVisitors: number | null;
  /** Staff to serve the expected visitors. */
  readonly staff: number;
  /** Staff to serve the upper band; null without one. */
  readonly staffUpper: number | null;
  /** Capacity of this hour (hourly, or daily × share); null when unknown or the hour has none. */
  readonly capacity: number | null;
  /** Bookings or tickets to release for this hour; null without any capacity. */
  readonly quota: number | null;
  /** visitors ÷ capacity; null without capacity. */
  readonly utilisation: number | null;
  /** upperVisitors ÷ capacity; null without capacity or upper band. */
  readonly upperUtilisation: number | null;
  /** The expected visitors exceed capacity × target. */
  readonly overCapacity: boolean;
  /** The upper band exceeds capacity × target; null without an upper band. */
  readonly upperOverCapacity: boolean | null;
}

/** A run of consecutive hours [startHour, endHour). */
export interface PeakWindow {
  readonly startHour: number;
  /** Hour after the last hour of the window, 1–24. */
  readonly endHour: number;
  readonly hours: number;
  /** Expected visitors in the window. */
  readonly visitors: number;
  /** Share of the day's flow in the window. */
  readonly share: number;
}

/** The busiest single hour of a day. */
export interface BusiestHour {
  readonly hour: number;
  readonly visitors: number;
  readonly share: number;
}

/** One day's hourly plan, capacity verdict and the reasons behind it. */
export interface PeakPlan {
  readonly date: string;
  readonly dayType: DayType;
  /** Whose history the hourly shape comes from (differs from `dayType` after a fallback). */
  readonly profileSource: ProfileSource;
  /** Days of history behind the hourly shape. */
  readonly profileDays: number;
  readonly visitors: number;
  readonly lower: number | null;
  readonly upper: number | null;
  /** All 24 hours, closed ones included with zero flow. */
  readonly hours: readonly HourPlan[];
  /** Null when the day has no flow. */
  readonly peakWindow: PeakWindow | null;
  /** Null when the day has no flow. */
  readonly busiestHour: BusiestHour | null;
  /** Most staff needed in any hour, on the forecast. */
  readonly peakStaff: number;
  /** Most staff needed in any hour on the upper band; null without one. */
  readonly peakStaffUpper: number | null;
  /** Staff-hours over the day (sum of hourly staff), on the forecast. */
  readonly staffHours: number;
  /** Staff-hours on the upper band; null without one. */
  readonly staffHoursUpper: number | null;
  /** The day's capacity: daily, else hourly × open hours; null when neither is known. */
  readonly capacity: number | null;
  /** Bookings to release for the day: floor(daily capacity × target), else the sum of hourly quotas. */
  readonly quota: number | null;
  /** visitors ÷ capacity. */
  readonly utilisation: number | null;
  /** upper ÷ capacity. */
  readonly upperUtilisation: number | null;
  /** The forecast exceeds daily capacity × target, or some hour exceeds its capacity × target. */
  readonly overCapacity: boolean;
  /** The same test on the upper band; null without one. */
  readonly upperOverCapacity: boolean | null;
  /** Why the day is flagged and where its shape came from, in words; empty when nothing to say. */
  readonly reasons: readonly string[];
}

/** Tolerance for floating-point products such as 1000 × 0.3 = 300.00000000000006. */
const EPSILON = 1e-9;

/** Plans each forecast day hour by hour: flow, peak window, staff, quotas and capacity warnings. */
export function allocatePeaks(input: AllocatePeaksInput): PeakPlan[] {
  validate(input);
  const { profiles, capacityPerDay, capacityPerHour, staffThroughputPerHour: throughput, targetUtilisation: target } = input;
  const peakShare = input.peakShare ?? 0.5;
  const isOpen = openMask(input.openHours);
  const openCount = isOpen.filter(Boolean).length;
  const staffFor = (visitors: number): number => (visitors <= 0 ? 0 : Math.ceil(visitors / throughput - EPSILON));
  const isOver = (visitors: number, capacity: number | null): boolean => capacity !== null && visitors > capacity * target * (1 + EPSILON);

  return input.days.map((day): PeakPlan => {
    const type = dayType(day.date);
    const profile = profiles.byDayType[type];
    const shares = restrictToOpenHours(profile.shares, isOpen, openCount);
    const upper = day.upper ?? null;
    const hourlyQuotas = quotasFor(shares, isOpen, capacityPerDay, capacityPerHour, target);

    const hours = shares.map((share, hour): HourPlan => {
      const visitors = day.visitors * share;
      const upperVisitors = upper === null ? null : upper * share;
      const capacity =
        capacityPerHour !== null
          ? isOpen[hour]
            ? capacityPerHour
            : null
          : capacityPerDay !== null && share > 0
            ? capacityPerDay * share
            : null;
      return {
        hour,
        open: isOpen[hour] as boolean,
        share,
        visitors,
        upperVisitors,
        staff: staffFor(visitors),
        staffUpper: upperVisitors === null ? null : staffFor(upperVisitors),
        capacity,
        quota: hourlyQuotas?.[hour] ?? null,
        utilisation: capacity === null ? null : visitors / capacity,
        upperUtilisation: capacity === null || upperVisitors === null ? null : upperVisitors / capacity,
        overCapacity: isOver(visitors, capacity),
        upperOverCapacity: upperVisitors === null ? null : isOver(upperVisitors, capacity),
      };
    });

    const capacity = capacityPerDay ?? (capacityPerHour === null ? null : capacityPerHour * openCount);
    const dayOver = isOver(day.visitors, capacityPerDay);
    const dayUpperOver = upper === null ? null : isOver(upper, capacityPerDay);
    const overCapacity = dayOver || hours.some((h) => h.overCapacity);
    const upperOverCapacity = upper === null ? null : (dayUpperOver as boolean) || hours.some((h) => h.upperOverCapacity === true);
    const hasFlow = day.visitors > 0;

    const reasons: string[] = [];
    if (profile.fallback) reasons.push(profileReason(type, profile.source, profiles.daysByType[type], profiles.minDays));
    if (capacityPerDay !== null) {
      const limit = capacityPerDay * target;
      if (dayOver)
        reasons.push(
          `forecast ${whole(day.visitors)} is above ${percent(target)} of the daily capacity ${whole(capacityPerDay)} (${whole(limit)})`,
        );
      else if (dayUpperOver === true) {
        reasons.push(
          `upper band ${whole(upper as number)} is above ${percent(target)} of the daily capacity ${whole(capacityPerDay)} (${whole(limit)})`,
        );
      }
    }
    // With only a daily capacity, every hour carries the day's utilisation: the day's reason says it all.
    if (capacityPerHour !== null) {
      const limit = `${percent(target)} of the hourly capacity ${whole(capacityPerHour)} (${whole(capacityPerHour * target)})`;
      const overHours = hours.filter((h) => h.overCapacity).map((h) => h.hour);
      const upperOnlyHours = hours.filter((h) => h.upperOverCapacity === true && !h.overCapacity).map((h) => h.hour);
      if (overHours.length > 0) reasons.push(`forecast is above ${limit} in ${hourRuns(overHours)}`);
      if (upperOnlyHours.length > 0) reasons.push(`upper band is above ${limit} in ${hourRuns(upperOnlyHours)}`);
    }

    return {
      date: day.date,
      dayType: type,
      profileSource: profile.source,
      profileDays: profile.days,
      visitors: day.visitors,
      lower: day.lower ?? null,
      upper,
      hours,
      peakWindow: hasFlow ? peakWindowOf(hours, peakShare) : null,
      busiestHour: hasFlow ? busiestHourOf(hours) : null,
      peakStaff: Math.max(...hours.map((h) => h.staff)),
      peakStaffUpper: upper === null ? null : Math.max(...hours.map((h) => h.staffUpper ?? 0)),
      staffHours: sum(hours.map((h) => h.staff)),
      staffHoursUpper: upper === null ? null : sum(hours.map((h) => h.staffUpper ?? 0)),
      capacity,
      quota: capacityPerDay !== null ? Math.floor(capacityPerDay * target + EPSILON) : hourlyQuotas === null ? null : sum(hourlyQuotas),
      utilisation: capacity === null ? null : day.visitors / capacity,
      upperUtilisation: capacity === null || upper === null ? null : upper / capacity,
      overCapacity,
      upperOverCapacity,
      reasons,
    };
  });
}

/** Rejects inputs that are bugs in the caller, naming the field. */
function validate(input: AllocatePeaksInput): void {
  const { staffThroughputPerHour, targetUtilisation, capacityPerDay, capacityPerHour, openHours, peakShare } = input;
  if (!Number.isFinite(staffThroughputPerHour) || staffThroughputPerHour <= 0) {
    throw new RangeError(`staffThroughputPerHour must be a finite number > 0, got ${staffThroughputPerHour}`);
  }
  if (!Number.isFinite(targetUtilisation) || targetUtilisation <= 0 || targetUtilisation > 1) {
    throw new RangeError(`targetUtilisation must be in (0, 1], got ${targetUtilisation}`);
  }
  for (const [name, value] of [
    ['capacityPerDay', capacityPerDay],
    ['capacityPerHour', capacityPerHour],
  ] as const) {
    if (value !== null && (!Number.isFinite(value) || value <= 0))
      throw new RangeError(`${name} must be null or a finite number > 0, got ${value}`);
  }
  if (peakShare !== undefined && (!Number.isFinite(peakShare) || peakShare <= 0 || peakShare > 1)) {
    throw new RangeError(`peakShare must be in (0, 1], got ${peakShare}`);
  }
  if (openHours !== undefined) {
    const { open, close } = openHours;
    if (!Number.isInteger(open) || open < 0 || open > 23) throw new RangeError(`openHours.open must be a whole hour 0–23, got ${open}`);
    if (!Number.isInteger(close) || close < 1 || close > 24)
      throw new RangeError(`openHours.close must be a whole hour 1–24, got ${close}`);
    if (open === close) throw new RangeError(`openHours.open and openHours.close must differ, got ${open} for both`);
  }
  input.days.forEach((day, i) => {
    if (!isCivilDate(day.date)) throw new RangeError(`days[${i}].date must be a YYYY-MM-DD date, got ${day.date}`);
    if (!Number.isFinite(day.visitors) || day.visitors < 0)
      throw new RangeError(`days[${i}].visitors must be a finite number ≥ 0, got ${day.visitors}`);
    if (day.lower !== undefined && (!Number.isFinite(day.lower) || day.lower < 0 || day.lower > day.visitors)) {
      throw new RangeError(`days[${i}].lower must be a finite number between 0 and visitors, got ${day.lower}`);
    }
    if (day.upper !== undefined && (!Number.isFinite(day.upper) || day.upper < day.visitors)) {
      throw new RangeError(`days[${i}].upper must be a finite number ≥ visitors, got ${day.upper}`);
    }
  });
}

/** Which hours 0–23 are open. */
function openMask(openHours: OpenHours | undefined): boolean[] {
  return Array.from({ length: HOURS_PER_DAY }, (_, h) => {
    if (openHours === undefined) return true;
    const { open, close } = openHours;
    return open < close ? h >= open && h < close : h >= open || h < close;
  });
}

/** The profile with closed hours at 0 and open hours scaled to sum to 1; even when nothing is left. */
function restrictToOpenHours(shares: readonly number[], isOpen: readonly boolean[], openCount: number): number[] {
  const kept = shares.map((share, h) => (isOpen[h] ? share : 0));
  const total = sum(kept);
  if (total <= 0) return isOpen.map((open) => (open ? 1 / openCount : 0));
  return kept.map((share) => share / total);
}

/**
 * Hourly quotas: floor(hourly capacity × target) in open hours; else the daily quota apportioned by
 * share with the largest-remainder method (bigger remainder first, then bigger share, then earlier).
 */
function quotasFor(
  shares: readonly number[],
  isOpen: readonly boolean[],
  capacityPerDay: number | null,
  capacityPerHour: number | null,
  target: number,
): number[] | null {
  if (capacityPerHour !== null) {
    const quota = Math.floor(capacityPerHour * target + EPSILON);
    return isOpen.map((open) => (open ? quota : 0));
  }
  if (capacityPerDay === null) return null;
  const dailyQuota = Math.floor(capacityPerDay * target + EPSILON);
  const exact = shares.map((share) => dailyQuota * share);
  const quotas = exact.map((q) => Math.floor(q + EPSILON));
  const order = exact
    .map((q, hour) => ({ hour, remainder: q - (quotas[hour] as number), share: shares[hour] as number }))
    .filter((x) => x.share > 0)
    // Remainders equal but for float noise (42.5 vs 42.50000000000001) are ties, settled by share.
    .sort(
      (a, b) => (Math.abs(b.remainder - a.remainder) > EPSILON ? b.remainder - a.remainder : 0) || b.share - a.share || a.hour - b.hour,
    );
  for (let left = dailyQuota - sum(quotas), i = 0; left > 0 && i < order.length; left--, i++) {
    const hour = (order[i] as { hour: number }).hour;
    quotas[hour] = (quotas[hour] as number) + 1;
  }
  return quotas;
}

/** The shortest run of hours holding at least `peakShare` of the flow; the busier, then the earlier. */
function peakWindowOf(hours: readonly HourPlan[], peakShare: number): PeakWindow {
  let best: { start: number; end: number; share: number } | undefined;
  for (let start = 0; start < HOURS_PER_DAY; start++) {
    let share = 0;
    for (let end = start + 1; end <= HOURS_PER_DAY; end++) {
      share += (hours[end - 1] as HourPlan).share;
      if (share + EPSILON < peakShare) continue;
      const length = end - start;
      const bestLength = best ? best.end - best.start : Infinity;
      if (length < bestLength || (length === bestLength && best && share > best.share + EPSILON)) best = { start, end, share };
      break;
    }
  }
  // Shares sum to 1 and peakShare ≤ 1, so the whole day always qualifies.
  const { start, end, share } = best ?? { start: 0, end: HOURS_PER_DAY, share: 1 };
  const visitors = sum(hours.slice(start, end).map((h) => h.visitors));
  return { startHour: start, endHour: end, hours: end - start, visitors, share };
}

/** The hour with the most expected visitors, the earlier on a tie. */
function busiestHourOf(hours: readonly HourPlan[]): BusiestHour {
  let best = hours[0] as HourPlan;
  for (const h of hours) if (h.visitors > best.visitors) best = h;
  return { hour: best.hour, visitors: best.visitors, share: best.share };
}

/** Why a day type is planned with another type's shape. */
function profileReason(type: DayType, source: ProfileSource, ownDays: number, minDays: number): string {
  const label = type.replace('_', ' ');
  if (source === 'flat') return `no hourly history: ${label} flow spread evenly over the open hours`;
  const from = source === 'all' ? 'all days' : source.replace('_', ' ');
  return `${label} hourly shape borrowed from ${from}: ${ownDays} ${label} day${ownDays === 1 ? '' : 's'} of history, fewer than ${minDays}`;
}

/** Hours as runs of clock times: [9, 10, 14] → '09:00–11:00, 14:00–15:00'. */
function hourRuns(hours: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < hours.length;) {
    let j = i;
    while (j + 1 < hours.length && (hours[j + 1] as number) === (hours[j] as number) + 1) j++;
    runs.push(`${clock(hours[i] as number)}–${clock((hours[j] as number) + 1)}`);
    i = j + 1;
  }
  return runs.join(', ');
}

const clock = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;
const whole = (value: number): string => String(Math.round(value));
const percent = (share: number): string => `${Math.round(share * 100)}%`;
const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);
