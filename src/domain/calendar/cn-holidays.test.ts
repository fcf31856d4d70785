import { describe, expect, it } from 'vitest';
import { fromDayNumber, isoWeekday, toDayNumber } from './civil-date.ts';
import {
  HOLIDAY_CALENDAR_COVERAGE,
  HOLIDAY_LABELS,
  HOLIDAY_NAMES,
  dayType,
  hasOfficialSchedule,
  holidayDayIn,
  holidayOn,
  holidayPeriods,
  holidayProximity,
  isMakeupWorkday,
  isWorkingDay,
  type DayType,
} from './cn-holidays.ts';

/**
 * The official notices, transcribed as "days off" ranges and "make-up workdays" (调休上班) per
 * notice year, independently of the table under test.
 */
const OFFICIAL: Record<number, { off: [string, string][]; makeup: string[] }> = {
  2019: {
    off: [
      ['2018-12-30', '2019-01-01'],
      ['2019-02-04', '2019-02-10'],
      ['2019-04-05', '2019-04-07'],
      ['2019-05-01', '2019-05-04'],
      ['2019-06-07', '2019-06-09'],
      ['2019-09-13', '2019-09-15'],
      ['2019-10-01', '2019-10-07'],
    ],
    makeup: ['2018-12-29', '2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12'],
  },
  2020: {
    off: [
      ['2020-01-01', '2020-01-01'],
      ['2020-01-24', '2020-01-30'],
      ['2020-04-04', '2020-04-06'],
      ['2020-05-01', '2020-05-05'],
      ['2020-06-25', '2020-06-27'],
      ['2020-10-01', '2020-10-08'],
    ],
    makeup: ['2020-01-19', '2020-02-01', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
  },
  2023: {
    off: [
      ['2022-12-31', '2023-01-02'],
      ['2023-01-21', '2023-01-27'],
      ['2023-04-05', '2023-04-05'],
      ['2023-04-29', '2023-05-03'],
      ['2023-06-22', '2023-06-24'],
      ['2023-09-29', '2023-10-06'],
    ],
    makeup: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
  },
  2024: {
    off: [
      ['2023-12-30', '2024-01-01'],
      ['2024-02-10', '2024-02-17'],
      ['2024-04-04', '2024-04-06'],
      ['2024-05-01', '2024-05-05'],
      ['2024-06-08', '2024-06-10'],
      ['2024-09-15', '2024-09-17'],
      ['2024-10-01', '2024-10-07'],
    ],
    makeup: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    off: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
    ],
    makeup: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    off: [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
    makeup: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

function expectedDayType(date: string, off: Set<string>, makeup: Set<string>): DayType {
  if (off.has(date)) return 'holiday';
  if (makeup.has(date)) return 'makeup_workday';
  return isoWeekday(date) >= 6 ? 'weekend' : 'workday';
}

const lunarFormat = new Intl.DateTimeFormat('en-u-ca-chinese', { month: 'numeric', day: 'numeric' });
/** Lunar month and day of a civil date, from the ICU Chinese calendar (independent of the table). */
function lunar(date: string): string {
  const parts = lunarFormat.formatToParts(new Date(`${date}T12:00:00Z`));
  return `${parts.find((p) => p.type === 'month')?.value}/${parts.find((p) => p.type === 'day')?.value}`;
}

function datesOf(start: string, end: string): string[] {
  const out: string[] = [];
  for (let n = toDayNumber(start); n <= toDayNumber(end); n++) out.push(fromDayNumber(n));
  return out;
}

const YEARS = Array.from(
  { length: HOLIDAY_CALENDAR_COVERAGE.lastYear - HOLIDAY_CALENDAR_COVERAGE.firstYear + 1 },
  (_, i) => HOLIDAY_CALENDAR_COVERAGE.firstYear + i,
);

describe('Chinese public-holiday calendar', () => {
  const allOff = new Set(Object.values(OFFICIAL).flatMap((n) => n.off.flatMap(([s, e]) => datesOf(s, e))));
  const allMakeup = new Set(Object.values(OFFICIAL).flatMap((n) => n.makeup));
  for (const [yearText, notice] of Object.entries(OFFICIAL)) {
    const year = Number(yearText);
    it(`matches the official ${year} schedule day by day, including every make-up workday`, () => {
      const previousDecember = [...notice.off.flatMap(([s, e]) => datesOf(s, e)), ...notice.makeup].filter((d) => d < `${year}`);
      for (const date of [...previousDecember, ...datesOf(`${year}-01-01`, `${year}-12-31`)]) {
        expect({ date, type: dayType(date) }).toEqual({ date, type: expectedDayType(date, allOff, allMakeup) });
      }
      expect(holidayPeriods(year).flatMap((p) => p.makeupWorkdays)).toEqual(notice.makeup);
    });
  }

  it('puts every make-up workday on a Saturday or Sunday', () => {
    for (const year of YEARS) {
      for (const date of holidayPeriods(year).flatMap((p) => p.makeupWorkdays)) {
        expect({ date, weekday: isoWeekday(date) >= 6 }).toEqual({ date, weekday: true });
        expect(isMakeupWorkday(date)).toBe(true);
        expect(isWorkingDay(date)).toBe(true);
      }
    }
  });

  it('grants exactly the statutory number of extra days off each year (11, 13 from 2025, 12 in 2015)', () => {
    for (const year of YEARS) {
      const periods = holidayPeriods(year);
      const weekdaysOff = periods.flatMap((p) => datesOf(p.start, p.end)).filter((date) => isoWeekday(date) <= 5).length;
      const makeups = periods.flatMap((p) => p.makeupWorkdays).length;
      const statutory = year >= 2025 ? 13 : year === 2015 ? 12 : 11;
      expect({ year, extra: weekdaysOff - makeups }).toEqual({ year, extra: statutory });
    }
  });

  it('announces maximal blocks of days off bordered by working days', () => {
    for (const year of YEARS) {
      for (const period of holidayPeriods(year)) {
        const before = fromDayNumber(toDayNumber(period.start) - 1);
        const after = fromDayNumber(toDayNumber(period.end) + 1);
        expect({ period: period.start, before: isWorkingDay(before), after: isWorkingDay(after) }).toEqual({
          period: period.start,
          before: true,
          after: true,
        });
        expect(period.length).toBeGreaterThanOrEqual(1);
        expect(period.length).toBeLessThanOrEqual(9);
      }
    }
  });

  it('places the lunar festivals on their lunar dates in every year', () => {
    for (const year of YEARS) {
      const periods = holidayPeriods(year);
      const lunarDays = (name: string) =>
        periods.filter((p) => p.holidays.includes(name as never)).flatMap((p) => datesOf(p.start, p.end).map(lunar));
      expect({ year, festival: lunarDays('spring_festival').includes('1/1') }).toEqual({ year, festival: true });
      expect({ year, festival: lunarDays('dragon_boat').includes('5/5') }).toEqual({ year, festival: true });
      expect({ year, festival: lunarDays('mid_autumn').includes('8/15') }).toEqual({ year, festival: true });
      const qingming = periods.find((p) => p.holiday === 'qingming');
      expect(qingming && datesOf(qingming.start, qingming.end).some((d) => d === `${year}-04-04` || d === `${year}-04-05`)).toBe(true);
      const national = periods.find((p) => p.holidays.includes('national_day'));
      expect(national !== undefined && national.start <= `${year}-10-01` && national.end >= `${year}-10-03`).toBe(true);
    }
  });

  it('merges Mid-Autumn into National Day in 2017, 2020, 2023 and 2025 only', () => {
    const merged = YEARS.filter((year) => holidayPeriods(year).some((p) => p.holidays.length === 2));
    expect(merged).toEqual([2017, 2020, 2023, 2025]);
    expect(holidayOn('2023-09-29')).toMatchObject({ holiday: 'national_day', holidays: ['national_day', 'mid_autumn'], day: 1, length: 8 });
    expect(holidayOn('2020-10-08')).toMatchObject({ holiday: 'national_day', day: 8, periodStart: '2020-10-01', periodEnd: '2020-10-08' });
  });

  it('numbers the days of a period so holidays align across years', () => {
    expect(holidayOn('2024-02-12')).toMatchObject({ holiday: 'spring_festival', day: 3, length: 8, periodStart: '2024-02-10' });
    expect(holidayOn('2025-01-30')?.day).toBe(3);
    expect(holidayDayIn('spring_festival', 3, 2025)).toBe('2025-01-30');
    expect(holidayDayIn('mid_autumn', 1, 2023)).toBe('2023-09-29');
    expect(holidayDayIn('spring_festival', 9, 2024)).toBeUndefined();
    expect(holidayOn('2024-02-18')).toBeUndefined();
    expect(dayType('2024-02-18')).toBe('makeup_workday');
  });

  it('treats New Year periods that start in December as part of the next year’s notice', () => {
    expect(holidayOn('2023-12-30')).toMatchObject({ holiday: 'new_year', day: 1, periodEnd: '2024-01-01' });
    expect(holidayPeriods(2024)[0]?.start).toBe('2023-12-30');
    expect(dayType('2018-12-29')).toBe('makeup_workday');
  });

  it('finds the eve and the day after a holiday period', () => {
    expect(holidayProximity('2024-09-30')).toMatchObject({ holiday: 'national_day', offset: -1 });
    expect(holidayProximity('2024-10-08')).toMatchObject({ holiday: 'national_day', offset: 1 });
    expect(holidayProximity('2024-10-03')).toBeUndefined();
    expect(holidayProximity('2024-07-15')).toBeUndefined();
  });

  it('knows weekends outside the covered years and marks 2027 as provisional', () => {
    expect(dayType('2030-06-01')).toBe('weekend');
    expect(dayType('2030-06-03')).toBe('workday');
    expect(hasOfficialSchedule(2026)).toBe(true);
    expect(hasOfficialSchedule(2027)).toBe(false);
    expect(holidayOn('2027-02-07')?.provisional).toBe(true);
  });

  it('labels every holiday in Chinese and English', () => {
    for (const name of HOLIDAY_NAMES) {
      expect(HOLIDAY_LABELS[name].zh.length).toBeGreaterThan(0);
      expect(HOLIDAY_LABELS[name].en.length).toBeGreaterThan(0);
    }
    expect(HOLIDAY_LABELS.spring_festival.zh).toBe('春节');
  });
});

/**
 * The provisional years derived here from the statutory rule of the 全国年节及纪念日放假办法 as revised
 * in November 2024, independently of the table: the statutory days are 元旦 1 January; 春节 除夕 and
 * 初一–初三; 清明; 劳动节 1–2 May; 端午; 中秋; 国庆 1–3 October. A statutory day on a Saturday or Sunday
 * is made up on the next workday after the holiday (补假), and the weekend days next to the days off
 * are part of the break.
 *
 * The lunar and solar-term dates are astronomical inputs (Purple Mountain Observatory / Hong Kong
 * Observatory tables). Not from Intl's Chinese calendar: ICU puts 2027's 初一 on 7 February, but the
 * new moon falls at 23:56 Beijing time on 6 February (the annular eclipse of that day), so 初一 is 6 February.
 */
const ASTRONOMICAL: Record<number, { lunarNewYear: string; qingming: string; dragonBoat: string; midAutumn: string }> = {
  2027: { lunarNewYear: '2027-02-06', qingming: '2027-04-05', dragonBoat: '2027-06-09', midAutumn: '2027-09-15' },
};

/** The days off of each holiday by the statutory rule alone, as [first, last]. */
function statutoryPeriods(year: number): Map<string, [string, string]> {
  const { lunarNewYear, qingming, dragonBoat, midAutumn } = ASTRONOMICAL[year]!;
  const day = (date: string, offset: number): string => fromDayNumber(toDayNumber(date) + offset);
  const statutory: Record<string, string[]> = {
    new_year: [`${year}-01-01`],
    spring_festival: [-1, 0, 1, 2].map((offset) => day(lunarNewYear, offset)),
    qingming: [qingming],
    labour_day: [`${year}-05-01`, `${year}-05-02`],
    dragon_boat: [dragonBoat],
    mid_autumn: [midAutumn],
    national_day: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`],
  };
  const allStatutory = new Set(Object.values(statutory).flat());
  const weekend = (date: string): boolean => isoWeekday(date) >= 6;
  const periods = new Map<string, [string, string]>();
  for (const [holiday, days] of Object.entries(statutory)) {
    const off = new Set(days);
    let owed = days.filter(weekend).length;
    for (let next = day(days.at(-1)!, 1); owed > 0; next = day(next, 1)) {
      if (weekend(next) || allStatutory.has(next)) continue;
      off.add(next);
      owed--;
    }
    const sorted = [...off].sort();
    let first = sorted[0]!;
    let last = sorted.at(-1)!;
    while (weekend(day(first, -1))) first = day(first, -1);
    while (weekend(day(last, 1))) last = day(last, 1);
    periods.set(holiday, [first, last]);
  }
  return periods;
}

describe('provisional years', () => {
  it('gives 2027 exactly the days off the statutory rule gives, Spring Festival 除夕 02-05 through 02-10', () => {
    const derived = statutoryPeriods(2027);
    expect(derived.get('spring_festival')).toEqual(['2027-02-05', '2027-02-10']);
    const table = holidayPeriods(2027);
    expect(table.map((p) => [p.holiday, [p.start, p.end]])).toEqual([...derived]);
    for (const period of table) {
      expect(period.provisional).toBe(true);
      expect(period.makeupWorkdays).toEqual([]);
    }
    expect(HOLIDAY_CALENDAR_COVERAGE.provisionalYears).toEqual([2027]);
    expect(dayType('2027-02-05')).toBe('holiday');
    expect(dayType('2027-02-11')).toBe('workday');
  });
});
