/**
 * The known truth behind demo customer flow: how weekday, season, trend, Chinese public holidays
 * (with their eves, aftermaths and make-up workdays), shopping festivals, weather and hour of day
 * scale demand for each kind of venue and for online shopping. Pure numbers and functions; the same
 * constants are written to truth.json so forecasts can be checked against them.
 */
import { fromDayNumber, isoWeekdayOf, dayOfYear, civilOf } from '../domain/calendar/civil-date.ts';
import { dayType, holidayOn, holidayProximity, type DayType, type HolidayDay, type HolidayName } from '../domain/calendar/cn-holidays.ts';

export const VENUE_TYPES = ['scenic_spot', 'theme_park', 'museum', 'venue', 'store', 'mall'] as const;
export type VenueType = (typeof VENUE_TYPES)[number];
/** A venue type, or online shopping (goods shipped to the buyer, no visit). */
export type DemandKind = VenueType | 'online';
export const DEMAND_KINDS: readonly DemandKind[] = [...VENUE_TYPES, 'online'];

/** Venue types whose visitors stand outside, so rain and heat keep them away. */
export const OUTDOOR_TYPES: ReadonlySet<DemandKind> = new Set(['scenic_spot', 'theme_park']);

const normaliseMean = (values: readonly number[]): number[] => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => Math.round((v / mean) * 10000) / 10000);
};

/**
 * Demand by ISO weekday (Monday first), scaled to a mean of 1. Museums close on Mondays (a rule
 * almost every Chinese museum follows) except on public holidays.
 */
export const WEEKDAY_PROFILE: Readonly<Record<DemandKind, readonly number[]>> = {
  scenic_spot: normaliseMean([0.74, 0.7, 0.72, 0.76, 0.92, 1.62, 1.46]),
  theme_park: normaliseMean([0.62, 0.6, 0.64, 0.68, 0.9, 1.8, 1.6]),
  museum: normaliseMean([0, 0.85, 0.85, 0.9, 1, 1.55, 1.45]),
  venue: normaliseMean([0.7, 0.72, 0.78, 0.82, 1.12, 1.5, 1.3]),
  store: normaliseMean([0.9, 0.88, 0.9, 0.95, 1.1, 1.22, 1.1]),
  mall: normaliseMean([0.8, 0.78, 0.8, 0.85, 1.05, 1.45, 1.3]),
  online: normaliseMean([1.06, 1.03, 1.0, 1.0, 0.97, 0.95, 1.02]),
};

/** Yearly seasonality: factor 1 + amplitude × cos(2π (dayOfYear − peakDayOfYear) / 365.25). */
export const YEARLY_SEASONALITY: Readonly<Record<DemandKind, { amplitude: number; peakDayOfYear: number }>> = {
  scenic_spot: { amplitude: 0.25, peakDayOfYear: 210 },
  theme_park: { amplitude: 0.3, peakDayOfYear: 205 },
  museum: { amplitude: 0.15, peakDayOfYear: 212 },
  venue: { amplitude: 0.1, peakDayOfYear: 200 },
  store: { amplitude: 0.06, peakDayOfYear: 20 },
  mall: { amplitude: 0.08, peakDayOfYear: 355 },
  online: { amplitude: 0.1, peakDayOfYear: 320 },
};

/** Mild growth of demand per year on top of the growing user base. */
export const TREND_PER_YEAR = 0.06;

/**
 * Demand on a public holiday relative to an average day (it replaces the weekday factor). Scenic
 * spots fill up in golden weeks; city stores empty during Spring Festival when people go home, and
 * couriers stop, so online orders fall then.
 */
export const HOLIDAY_UPLIFT: Readonly<Record<DemandKind, Readonly<Record<HolidayName, number>>>> = {
  scenic_spot: {
    new_year: 1.8,
    spring_festival: 2.1,
    qingming: 2.0,
    labour_day: 2.8,
    dragon_boat: 2.0,
    mid_autumn: 2.1,
    national_day: 3.2,
    victory_day: 1.8,
  },
  theme_park: {
    new_year: 2.0,
    spring_festival: 2.3,
    qingming: 2.0,
    labour_day: 3.0,
    dragon_boat: 2.2,
    mid_autumn: 2.2,
    national_day: 3.4,
    victory_day: 1.9,
  },
  museum: {
    new_year: 2.0,
    spring_festival: 2.0,
    qingming: 1.8,
    labour_day: 2.6,
    dragon_boat: 1.9,
    mid_autumn: 1.9,
    national_day: 3.0,
    victory_day: 2.2,
  },
  venue: {
    new_year: 1.5,
    spring_festival: 1.1,
    qingming: 1.3,
    labour_day: 1.6,
    dragon_boat: 1.4,
    mid_autumn: 1.5,
    national_day: 1.7,
    victory_day: 1.3,
  },
  store: {
    new_year: 1.3,
    spring_festival: 0.8,
    qingming: 1.15,
    labour_day: 1.35,
    dragon_boat: 1.2,
    mid_autumn: 1.3,
    national_day: 1.45,
    victory_day: 1.15,
  },
  mall: {
    new_year: 1.5,
    spring_festival: 1.0,
    qingming: 1.3,
    labour_day: 1.6,
    dragon_boat: 1.4,
    mid_autumn: 1.5,
    national_day: 1.8,
    victory_day: 1.3,
  },
  online: {
    new_year: 1.1,
    spring_festival: 0.55,
    qingming: 0.95,
    labour_day: 0.9,
    dragon_boat: 0.95,
    mid_autumn: 0.95,
    national_day: 0.85,
    victory_day: 0.95,
  },
};

/**
 * Shape of demand across the days of one holiday period (multiplies the uplift): people travel on
 * the first day and go home on the last; on Spring Festival's first days families stay in.
 */
export function holidayDayShape(holiday: HolidayName, day: number, length: number): number {
  if (length <= 1) return 1;
  if (holiday === 'spring_festival') {
    if (day === 1) return 0.55;
    if (day === 2) return 0.85;
    return day === length ? 0.85 : 1.15;
  }
  if (day === 1) return 0.92;
  return day === length ? 0.78 : 1.06;
}
export const HOLIDAY_DAY_SHAPE_RULE =
  'spring_festival: day1 0.55, day2 0.85, middle 1.15, last 0.85; other periods longer than one day: day1 0.92, middle 1.06, last 0.78; one-day periods 1';

/** Multipliers on the working day before a holiday period (-1) and the day after it (+1). */
export const HOLIDAY_EVE_AND_AFTER: Readonly<Record<DemandKind, { eve: number; after: number }>> = {
  scenic_spot: { eve: 1.12, after: 0.75 },
  theme_park: { eve: 1.1, after: 0.72 },
  museum: { eve: 1.05, after: 0.8 },
  venue: { eve: 1.15, after: 0.85 },
  store: { eve: 1.25, after: 0.9 },
  mall: { eve: 1.22, after: 0.85 },
  online: { eve: 1.05, after: 1.05 },
};

/** The week before Spring Festival (年货 shopping, travel home) and the week after it. */
export const SPRING_FESTIVAL_WEEKS: Readonly<Record<DemandKind, { before: number; after: number }>> = {
  scenic_spot: { before: 0.85, after: 1.1 },
  theme_park: { before: 0.85, after: 1.05 },
  museum: { before: 0.9, after: 1.05 },
  venue: { before: 0.85, after: 0.9 },
  store: { before: 1.3, after: 0.85 },
  mall: { before: 1.3, after: 0.9 },
  online: { before: 0.85, after: 0.8 },
};

/** Online shopping festivals by MM-DD (双十一, 618, 双十二, 女神节). */
export const SHOPPING_FESTIVALS: Readonly<Record<string, number>> = {
  '03-08': 1.3,
  '06-17': 1.3,
  '06-18': 2.0,
  '11-10': 1.4,
  '11-11': 3.0,
  '11-12': 1.3,
  '12-12': 1.5,
};

/** Weather multipliers on a venue's daily demand, by the weather in its city that day. */
export interface WeatherEffect {
  readonly rain: number;
  readonly heavy_rain: number;
  readonly snow: number;
  readonly fog: number;
  readonly haze: number;
  /** Applied on top when temp_max ≥ HEAT_THRESHOLD_C. */
  readonly heat: number;
}
export const HEAT_THRESHOLD_C = 35;
export const WEATHER_EFFECT: Readonly<Record<DemandKind, WeatherEffect>> = {
  scenic_spot: { rain: 0.65, heavy_rain: 0.4, snow: 0.75, fog: 0.9, haze: 0.9, heat: 0.8 },
  theme_park: { rain: 0.6, heavy_rain: 0.35, snow: 0.7, fog: 0.92, haze: 0.9, heat: 0.78 },
  museum: { rain: 1.08, heavy_rain: 0.9, snow: 0.9, fog: 1, haze: 1.03, heat: 1.08 },
  venue: { rain: 0.95, heavy_rain: 0.8, snow: 0.85, fog: 1, haze: 1, heat: 1 },
  store: { rain: 0.9, heavy_rain: 0.72, snow: 0.85, fog: 1, haze: 0.98, heat: 0.95 },
  mall: { rain: 1.05, heavy_rain: 0.88, snow: 0.92, fog: 1, haze: 1.02, heat: 1.06 },
  online: { rain: 1.04, heavy_rain: 1.08, snow: 1.05, fog: 1, haze: 1.02, heat: 1.03 },
};

/** Multiplier for one venue-day's weather. */
export function weatherFactor(kind: DemandKind, condition: string, tempMax: number): number {
  const effect = WEATHER_EFFECT[kind];
  let factor = 1;
  switch (condition) {
    case 'rain':
      factor = effect.rain;
      break;
    case 'heavy_rain':
      factor = effect.heavy_rain;
      break;
    case 'snow':
      factor = effect.snow;
      break;
    case 'fog':
      factor = effect.fog;
      break;
    case 'haze':
      factor = effect.haze;
      break;
    default:
      break;
  }
  return tempMax >= HEAT_THRESHOLD_C ? factor * effect.heat : factor;
}

const hours = (weights: Readonly<Record<number, number>>): number[] => {
  const raw = Array.from({ length: 24 }, (_, h) => weights[h] ?? 0);
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => Math.round((w / total) * 100000) / 100000);
};

/** Share of a day's visits (or online orders) starting in each hour, 0-23. */
export const HOURLY_PROFILE: Readonly<Record<DemandKind, readonly number[]>> = {
  scenic_spot: hours({ 7: 2, 8: 6, 9: 10, 10: 13, 11: 12, 12: 9, 13: 9, 14: 11, 15: 10, 16: 7, 17: 4, 18: 2, 19: 1.5, 20: 1, 21: 0.5 }),
  theme_park: hours({ 9: 8, 10: 12, 11: 12, 12: 9, 13: 10, 14: 11, 15: 10, 16: 8, 17: 6, 18: 5, 19: 4, 20: 3, 21: 2 }),
  museum: hours({ 9: 10, 10: 15, 11: 14, 12: 9, 13: 11, 14: 14, 15: 13, 16: 9, 17: 3 }),
  venue: hours({ 9: 3, 10: 5, 11: 5, 12: 4, 13: 6, 14: 8, 15: 8, 16: 7, 17: 6, 18: 8, 19: 12, 20: 12, 21: 6 }),
  store: hours({ 7: 1, 8: 3, 9: 4, 10: 6, 11: 8, 12: 8, 13: 6, 14: 5, 15: 5, 16: 6, 17: 8, 18: 10, 19: 10, 20: 9, 21: 7, 22: 3 }),
  mall: hours({ 10: 5, 11: 8, 12: 9, 13: 8, 14: 9, 15: 9, 16: 9, 17: 9, 18: 10, 19: 11, 20: 9, 21: 4 }),
  online: hours({
    0: 2,
    1: 1,
    2: 0.5,
    3: 0.3,
    4: 0.3,
    5: 0.5,
    6: 1,
    7: 2,
    8: 3.5,
    9: 5,
    10: 6,
    11: 6,
    12: 6.5,
    13: 5.5,
    14: 5.5,
    15: 6,
    16: 5.5,
    17: 5,
    18: 5,
    19: 6,
    20: 7,
    21: 8,
    22: 7,
    23: 4,
  }),
};

/** Everything about a calendar day that demand depends on, computed once per day. */
export interface DemandDay {
  readonly dayNumber: number;
  readonly date: string;
  readonly isoWeekday: number;
  readonly type: DayType;
  readonly holiday: HolidayDay | undefined;
  /** Offset to the nearest holiday period within 7 days (negative before, positive after). */
  readonly proximity: { readonly holiday: HolidayName; readonly offset: number } | undefined;
  readonly dayOfYear: number;
  readonly monthDay: string;
  /** Years elapsed since the first generated day, for the trend. */
  readonly years: number;
}

/** Describes a day for the demand model. */
export function describeDemandDay(dayNumber: number, firstDayNumber: number): DemandDay {
  const date = fromDayNumber(dayNumber);
  const near = holidayProximity(date, 7);
  const { month, day } = civilOf(dayNumber);
  return {
    dayNumber,
    date,
    isoWeekday: isoWeekdayOf(dayNumber),
    type: dayType(date),
    holiday: holidayOn(date),
    proximity: near ? { holiday: near.holiday, offset: near.offset } : undefined,
    dayOfYear: dayOfYear(dayNumber),
    monthDay: `${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`,
    years: (dayNumber - firstDayNumber) / 365.25,
  };
}

/** Mean Monday-Friday factor: how a make-up workday (a worked weekend day) behaves. */
export function workdayFactor(kind: DemandKind): number {
  const profile = WEEKDAY_PROFILE[kind];
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += profile[i] ?? 1;
  return sum / 5;
}

/** The calendar part of demand (weekday or holiday, season, trend, festivals); weather excluded. */
export function calendarFactor(kind: DemandKind, day: DemandDay): number {
  let factor: number;
  if (day.holiday) {
    factor = HOLIDAY_UPLIFT[kind][day.holiday.holiday] * holidayDayShape(day.holiday.holiday, day.holiday.day, day.holiday.length);
  } else if (day.type === 'makeup_workday') {
    factor = workdayFactor(kind);
  } else {
    factor = WEEKDAY_PROFILE[kind][day.isoWeekday - 1] ?? 1;
  }
  const near = day.proximity;
  if (near) {
    if (near.holiday === 'spring_festival') {
      const weeks = SPRING_FESTIVAL_WEEKS[kind];
      factor *= near.offset < 0 ? weeks.before : weeks.after;
    } else if (near.offset === -1) {
      factor *= HOLIDAY_EVE_AND_AFTER[kind].eve;
    } else if (near.offset === 1) {
      factor *= HOLIDAY_EVE_AND_AFTER[kind].after;
    }
  }
  const season = YEARLY_SEASONALITY[kind];
  factor *= 1 + season.amplitude * Math.cos((2 * Math.PI * (day.dayOfYear - season.peakDayOfYear)) / 365.25);
  factor *= Math.pow(1 + TREND_PER_YEAR, day.years);
  if (kind === 'online') factor *= SHOPPING_FESTIVALS[day.monthDay] ?? 1;
  return factor;
}
