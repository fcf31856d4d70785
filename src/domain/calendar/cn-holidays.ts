/**
 * Mainland China public holidays as announced each year by the General Office of the State Council
 * (国务院办公厅关于某年部分节假日安排的通知): the days off of every holiday period and the make-up
 * workdays (调休上班) that pay for them. Forecasts, holiday comparisons and the demo generator all
 * read this one table. Dates are civil dates in China ('YYYY-MM-DD'); no time zones are involved.
 */
import { fromDayNumber, isoWeekdayOf, toDayNumber } from './civil-date.ts';

export const HOLIDAY_NAMES = [
  'new_year',
  'spring_festival',
  'qingming',
  'labour_day',
  'dragon_boat',
  'mid_autumn',
  'national_day',
  'victory_day',
] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

/** Display names of each holiday. `victory_day` only occurred once, in 2015 (70th anniversary). */
export const HOLIDAY_LABELS: Readonly<Record<HolidayName, { readonly zh: string; readonly en: string }>> = {
  new_year: { zh: '元旦', en: "New Year's Day" },
  spring_festival: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labour_day: { zh: '劳动节', en: 'Labour Day' },
  dragon_boat: { zh: '端午节', en: 'Dragon Boat Festival' },
  mid_autumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  national_day: { zh: '国庆节', en: 'National Day' },
  victory_day: { zh: '抗战胜利纪念日', en: 'Victory Day (70th anniversary)' },
};

export type DayType = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

/** One announced block of consecutive days off, with the make-up workdays that belong to it. */
export interface HolidayPeriod {
  /** The holiday the period is known by; National Day when Mid-Autumn is merged into it. */
  readonly holiday: HolidayName;
  /** Every holiday the period covers (two when Mid-Autumn and National Day are merged). */
  readonly holidays: readonly HolidayName[];
  /** The year whose notice announced the period (New Year periods may start the December before). */
  readonly year: number;
  readonly start: string;
  readonly end: string;
  /** Number of days off in the period. */
  readonly length: number;
  /** Weekend days worked to pay for the period (调休上班), in date order. */
  readonly makeupWorkdays: readonly string[];
  /** True when no official notice was available: days off derived from the statutory rules only. */
  readonly provisional: boolean;
}

/** The holiday a date falls in and its position, for aligning holidays across years. */
export interface HolidayDay {
  readonly holiday: HolidayName;
  readonly holidays: readonly HolidayName[];
  /** 1-based day within the period (Spring Festival day 3 is comparable across years). */
  readonly day: number;
  readonly length: number;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly provisional: boolean;
}

type PeriodRow = readonly [HolidayName | readonly HolidayName[], string, string, readonly string[]];

interface YearSchedule {
  /** Title of the State Council notice, or why there is none. */
  readonly source: string;
  readonly provisional?: boolean;
  readonly periods: readonly PeriodRow[];
}

/**
 * The announced schedules. Each row: holiday, first and last day off, make-up workdays. Notes on
 * quirks: 2015 Mid-Autumn fell on a Sunday and its substitute day was folded into National Day (hence
 * one make-up day); 2015 had a one-off Victory Day holiday; the 2019 Labour Day schedule is the revised
 * one (announced March 2019); the 2020 Spring Festival extension for COVID-19 is deliberately ignored
 * (2 February 2020 stays a workday and 1 February a make-up day, as first announced). From 2025 the
 * revised 全国年节及纪念日放假办法 (November 2024) adds 除夕 and 2 May, raising the statutory total from 11 to 13.
 */
const SCHEDULES: Readonly<Record<number, YearSchedule>> = {
  2015: {
    source: '国务院办公厅关于2015年部分节假日安排的通知',
    periods: [
      ['new_year', '2015-01-01', '2015-01-03', ['2015-01-04']],
      ['spring_festival', '2015-02-18', '2015-02-24', ['2015-02-15', '2015-02-28']],
      ['qingming', '2015-04-04', '2015-04-06', []],
      ['labour_day', '2015-05-01', '2015-05-03', []],
      ['dragon_boat', '2015-06-20', '2015-06-22', []],
      ['victory_day', '2015-09-03', '2015-09-05', ['2015-09-06']],
      ['mid_autumn', '2015-09-26', '2015-09-27', []],
      ['national_day', '2015-10-01', '2015-10-07', ['2015-10-10']],
    ],
  },
  2016: {
    source: '国务院办公厅关于2016年部分节假日安排的通知',
    periods: [
      ['new_year', '2016-01-01', '2016-01-03', []],
      ['spring_festival', '2016-02-07', '2016-02-13', ['2016-02-06', '2016-02-14']],
      ['qingming', '2016-04-02', '2016-04-04', []],
      ['labour_day', '2016-04-30', '2016-05-02', []],
      ['dragon_boat', '2016-06-09', '2016-06-11', ['2016-06-12']],
      ['mid_autumn', '2016-09-15', '2016-09-17', ['2016-09-18']],
      ['national_day', '2016-10-01', '2016-10-07', ['2016-10-08', '2016-10-09']],
    ],
  },
  2017: {
    source: '国务院办公厅关于2017年部分节假日安排的通知',
    periods: [
      ['new_year', '2016-12-31', '2017-01-02', []],
      ['spring_festival', '2017-01-27', '2017-02-02', ['2017-01-22', '2017-02-04']],
      ['qingming', '2017-04-02', '2017-04-04', ['2017-04-01']],
      ['labour_day', '2017-04-29', '2017-05-01', []],
      ['dragon_boat', '2017-05-28', '2017-05-30', ['2017-05-27']],
      [['national_day', 'mid_autumn'], '2017-10-01', '2017-10-08', ['2017-09-30']],
    ],
  },
  2018: {
    source: '国务院办公厅关于2018年部分节假日安排的通知',
    periods: [
      ['new_year', '2017-12-30', '2018-01-01', []],
      ['spring_festival', '2018-02-15', '2018-02-21', ['2018-02-11', '2018-02-24']],
      ['qingming', '2018-04-05', '2018-04-07', ['2018-04-08']],
      ['labour_day', '2018-04-29', '2018-05-01', ['2018-04-28']],
      ['dragon_boat', '2018-06-16', '2018-06-18', []],
      ['mid_autumn', '2018-09-22', '2018-09-24', []],
      ['national_day', '2018-10-01', '2018-10-07', ['2018-09-29', '2018-09-30']],
    ],
  },
  2019: {
    source: '国务院办公厅关于2019年部分节假日安排的通知；劳动节按调整通知（2019年3月）',
    periods: [
      ['new_year', '2018-12-30', '2019-01-01', ['2018-12-29']],
      ['spring_festival', '2019-02-04', '2019-02-10', ['2019-02-02', '2019-02-03']],
      ['qingming', '2019-04-05', '2019-04-07', []],
      ['labour_day', '2019-05-01', '2019-05-04', ['2019-04-28', '2019-05-05']],
      ['dragon_boat', '2019-06-07', '2019-06-09', []],
      ['mid_autumn', '2019-09-13', '2019-09-15', []],
      ['national_day', '2019-10-01', '2019-10-07', ['2019-09-29', '2019-10-12']],
    ],
  },
  2020: {
    source: '国务院办公厅关于2020年部分节假日安排的通知（不含新冠疫情延长春节假期）',
    periods: [
      ['new_year', '2020-01-01', '2020-01-01', []],
      ['spring_festival', '2020-01-24', '2020-01-30', ['2020-01-19', '2020-02-01']],
      ['qingming', '2020-04-04', '2020-04-06', []],
      ['labour_day', '2020-05-01', '2020-05-05', ['2020-04-26', '2020-05-09']],
      ['dragon_boat', '2020-06-25', '2020-06-27', ['2020-06-28']],
      [['national_day', 'mid_autumn'], '2020-10-01', '2020-10-08', ['2020-09-27', '2020-10-10']],
    ],
  },
  2021: {
    source: '国务院办公厅关于2021年部分节假日安排的通知',
    periods: [
      ['new_year', '2021-01-01', '2021-01-03', []],
      ['spring_festival', '2021-02-11', '2021-02-17', ['2021-02-07', '2021-02-20']],
      ['qingming', '2021-04-03', '2021-04-05', []],
      ['labour_day', '2021-05-01', '2021-05-05', ['2021-04-25', '2021-05-08']],
      ['dragon_boat', '2021-06-12', '2021-06-14', []],
      ['mid_autumn', '2021-09-19', '2021-09-21', ['2021-09-18']],
      ['national_day', '2021-10-01', '2021-10-07', ['2021-09-26', '2021-10-09']],
    ],
  },
  2022: {
    source: '国务院办公厅关于2022年部分节假日安排的通知',
    periods: [
      ['new_year', '2022-01-01', '2022-01-03', []],
      ['spring_festival', '2022-01-31', '2022-02-06', ['2022-01-29', '2022-01-30']],
      ['qingming', '2022-04-03', '2022-04-05', ['2022-04-02']],
      ['labour_day', '2022-04-30', '2022-05-04', ['2022-04-24', '2022-05-07']],
      ['dragon_boat', '2022-06-03', '2022-06-05', []],
      ['mid_autumn', '2022-09-10', '2022-09-12', []],
      ['national_day', '2022-10-01', '2022-10-07', ['2022-10-08', '2022-10-09']],
    ],
  },
  2023: {
    source: '国务院办公厅关于2023年部分节假日安排的通知',
    periods: [
      ['new_year', '2022-12-31', '2023-01-02', []],
      ['spring_festival', '2023-01-21', '2023-01-27', ['2023-01-28', '2023-01-29']],
      ['qingming', '2023-04-05', '2023-04-05', []],
      ['labour_day', '2023-04-29', '2023-05-03', ['2023-04-23', '2023-05-06']],
      ['dragon_boat', '2023-06-22', '2023-06-24', ['2023-06-25']],
      [['national_day', 'mid_autumn'], '2023-09-29', '2023-10-06', ['2023-10-07', '2023-10-08']],
    ],
  },
  2024: {
    source: '国务院办公厅关于2024年部分节假日安排的通知',
    periods: [
      ['new_year', '2023-12-30', '2024-01-01', []],
      ['spring_festival', '2024-02-10', '2024-02-17', ['2024-02-04', '2024-02-18']],
      ['qingming', '2024-04-04', '2024-04-06', ['2024-04-07']],
      ['labour_day', '2024-05-01', '2024-05-05', ['2024-04-28', '2024-05-11']],
      ['dragon_boat', '2024-06-08', '2024-06-10', []],
      ['mid_autumn', '2024-09-15', '2024-09-17', ['2024-09-14']],
      ['national_day', '2024-10-01', '2024-10-07', ['2024-09-29', '2024-10-12']],
    ],
  },
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    periods: [
      ['new_year', '2025-01-01', '2025-01-01', []],
      ['spring_festival', '2025-01-28', '2025-02-04', ['2025-01-26', '2025-02-08']],
      ['qingming', '2025-04-04', '2025-04-06', []],
      ['labour_day', '2025-05-01', '2025-05-05', ['2025-04-27']],
      ['dragon_boat', '2025-05-31', '2025-06-02', []],
      [['national_day', 'mid_autumn'], '2025-10-01', '2025-10-08', ['2025-09-28', '2025-10-11']],
    ],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    periods: [
      ['new_year', '2026-01-01', '2026-01-03', ['2026-01-04']],
      ['spring_festival', '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
      ['qingming', '2026-04-04', '2026-04-06', []],
      ['labour_day', '2026-05-01', '2026-05-05', ['2026-05-09']],
      ['dragon_boat', '2026-06-19', '2026-06-21', []],
      ['mid_autumn', '2026-09-25', '2026-09-27', []],
      ['national_day', '2026-10-01', '2026-10-07', ['2026-09-20', '2026-10-10']],
    ],
  },
  2027: {
    // The 2027 notice is normally published in November 2026. Until it is added here, the days off
    // are the statutory days plus weekend substitutes (no swapped bridge days, no make-up workdays):
    // a statutory day on a Saturday or Sunday is made up on the next workday after the holiday, and
    // the weekend days next to it join the period. Spring Festival: 除夕 2027-02-05 (Friday) and
    // 初一–初三 02-06…02-08; the Saturday and Sunday move to 02-09 and 02-10.
    source: 'provisional: statutory days of the 全国年节及纪念日放假办法 as revised in 2024; no official notice available',
    provisional: true,
    periods: [
      ['new_year', '2027-01-01', '2027-01-03', []],
      ['spring_festival', '2027-02-05', '2027-02-10', []],
      ['qingming', '2027-04-03', '2027-04-05', []],
      ['labour_day', '2027-05-01', '2027-05-04', []],
      ['dragon_boat', '2027-06-09', '2027-06-09', []],
      ['mid_autumn', '2027-09-15', '2027-09-15', []],
      ['national_day', '2027-10-01', '2027-10-05', []],
    ],
  },
};

/** First and last year with a schedule, and the years whose schedule is provisional. */
export const HOLIDAY_CALENDAR_COVERAGE = {
  firstYear: 2015,
  lastYear: 2027,
  provisionalYears: [2027] as readonly number[],
} as const;

const periodsByYear = new Map<number, readonly HolidayPeriod[]>();
const dayOffIndex = new Map<string, { period: HolidayPeriod; day: number }>();
const makeupIndex = new Map<string, HolidayPeriod>();

for (const [yearText, schedule] of Object.entries(SCHEDULES)) {
  const year = Number(yearText);
  const periods = schedule.periods.map(([names, start, end, makeupWorkdays]): HolidayPeriod => {
    const holidays: readonly HolidayName[] = typeof names === 'string' ? [names] : names;
    const first = toDayNumber(start);
    const last = toDayNumber(end);
    return {
      holiday: holidays[0] ?? 'new_year',
      holidays,
      year,
      start,
      end,
      length: last - first + 1,
      makeupWorkdays,
      provisional: schedule.provisional === true,
    };
  });
  periodsByYear.set(year, periods);
  for (const period of periods) {
    const first = toDayNumber(period.start);
    for (let i = 0; i < period.length; i++) dayOffIndex.set(fromDayNumber(first + i), { period, day: i + 1 });
    for (const date of period.makeupWorkdays) makeupIndex.set(date, period);
  }
}

/** Where a year's schedule comes from (the notice title), or undefined when the year is not covered. */
export function holidayScheduleSource(year: number): string | undefined {
  return SCHEDULES[year]?.source;
}

/** True when the year has an official schedule (not provisional, not missing). */
export function hasOfficialSchedule(year: number): boolean {
  const schedule = SCHEDULES[year];
  return schedule !== undefined && schedule.provisional !== true;
}

/** The holiday periods announced for a year, in date order; empty when the year is not covered. */
export function holidayPeriods(year: number): readonly HolidayPeriod[] {
  return periodsByYear.get(year) ?? [];
}

/** The holiday period a date is a day off in, with its 1-based position, or undefined. */
export function holidayOn(date: string): HolidayDay | undefined {
  const hit = dayOffIndex.get(date);
  if (!hit) return undefined;
  const { period, day } = hit;
  return {
    holiday: period.holiday,
    holidays: period.holidays,
    day,
    length: period.length,
    periodStart: period.start,
    periodEnd: period.end,
    provisional: period.provisional,
  };
}

/** True when the date is a weekend day that must be worked to pay for a holiday (调休上班). */
export function isMakeupWorkday(date: string): boolean {
  return makeupIndex.has(date);
}

/** The holiday period a make-up workday pays for, or undefined when the date is not one. */
export function makeupWorkdayFor(date: string): HolidayPeriod | undefined {
  return makeupIndex.get(date);
}

/**
 * What kind of day a date is in mainland China. Outside the covered years only weekends are known,
 * so every Monday-Friday is a workday there.
 */
export function dayType(date: string): DayType {
  if (dayOffIndex.has(date)) return 'holiday';
  if (makeupIndex.has(date)) return 'makeup_workday';
  return isoWeekdayOf(toDayNumber(date)) >= 6 ? 'weekend' : 'workday';
}

/** True when people normally work that day (a workday or a make-up workday). */
export function isWorkingDay(date: string): boolean {
  const type = dayType(date);
  return type === 'workday' || type === 'makeup_workday';
}

/**
 * Where a date sits relative to the nearest holiday period within `window` days: a negative offset
 * counts days before the period starts (-1 = the eve), a positive one days after it ends. Undefined on
 * holidays themselves and when no period is that close.
 */
export function holidayProximity(date: string, window = 3): { holiday: HolidayName; offset: number; period: HolidayPeriod } | undefined {
  if (dayOffIndex.has(date)) return undefined;
  const dayNumber = toDayNumber(date);
  for (let distance = 1; distance <= window; distance++) {
    const after = dayOffIndex.get(fromDayNumber(dayNumber + distance));
    if (after && after.day === 1) return { holiday: after.period.holiday, offset: -distance, period: after.period };
    const before = dayOffIndex.get(fromDayNumber(dayNumber - distance));
    if (before && before.day === before.period.length) {
      return { holiday: before.period.holiday, offset: distance, period: before.period };
    }
  }
  return undefined;
}

/**
 * The date of day `day` of a holiday in another year, so that "Spring Festival day 3" can be compared
 * with last year's day 3. Undefined when that year has no such period or it is shorter.
 */
export function holidayDayIn(holiday: HolidayName, day: number, year: number): string | undefined {
  const period = holidayPeriods(year).find((p) => p.holidays.includes(holiday));
  if (!period || day < 1 || day > period.length) return undefined;
  return fromDayNumber(toDayNumber(period.start) + day - 1);
}
