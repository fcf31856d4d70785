import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/calendar/civil-date.ts';
import { buildDesign, planDesign, type DesignOptions, type WeatherObservation } from './design-matrix.ts';

const WEEKLY = ['weekly:mon', 'weekly:tue', 'weekly:wed', 'weekly:thu', 'weekly:fri', 'weekly:sat'];
const FIRST = toDayNumber('2023-01-01');
const LAST = toDayNumber('2024-12-31');
const TRAIN = Array.from({ length: LAST - FIRST + 1 }, (_, i) => FIRST + i);

/** The design's values on each of `dates`, by column name, for a daily model trained on 2023–2024. */
function rowsOn(dates: readonly string[], options: DesignOptions): Map<string, number>[] {
  const spec = planDesign('daily', FIRST, LAST, TRAIN, options);
  const design = buildDesign(spec, dates.map(toDayNumber), options.weather);
  const p = spec.columns.length;
  return dates.map((_, r) => new Map(spec.columns.map((c, j) => [c.name, design.values[r * p + j] as number])));
}
const rowOn = (date: string, options: DesignOptions = { holidays: true }): Map<string, number> => rowsOn([date], options)[0]!;
const weeklyCodes = (row: Map<string, number>): number[] => WEEKLY.map((name) => row.get(name) as number);
const activeHolidayColumns = (row: Map<string, number>): string[] =>
  [...row].filter(([name, v]) => name.startsWith('holiday:') && v !== 0).map(([name]) => name);

// An ordinary week far from any holiday: Monday 2024-03-11 … Friday 2024-03-15.
const workdayMean = (): number[] => {
  const rows = rowsOn(['2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15'], { holidays: true });
  return WEEKLY.map((name) => rows.reduce((s, r) => s + (r.get(name) as number), 0) / rows.length);
};

describe('planDesign and buildDesign: the weekly codes', () => {
  it('codes weekdays in effect coding: one 1 for Monday–Saturday, −1 everywhere for Sunday', () => {
    expect(weeklyCodes(rowOn('2024-03-11'))).toEqual([1, 0, 0, 0, 0, 0]);
    expect(weeklyCodes(rowOn('2024-03-15'))).toEqual([0, 0, 0, 0, 1, 0]);
    expect(weeklyCodes(rowOn('2024-03-16'))).toEqual([0, 0, 0, 0, 0, 1]);
    expect(weeklyCodes(rowOn('2024-03-17'))).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it.each([
    ['2024-02-04', 'Sunday before Spring Festival'],
    ['2024-02-18', 'Sunday after Spring Festival'],
    ['2024-04-07', 'Sunday after Qingming'],
    ['2024-09-29', 'Sunday before National Day'],
    ['2024-10-12', 'Saturday after National Day'],
  ])('codes the make-up workday %s (%s) as the mean of Monday–Friday', (date) => {
    const codes = weeklyCodes(rowOn(date));
    const mean = workdayMean();
    codes.forEach((v, i) => expect(v).toBeCloseTo(mean[i] as number, 12));
    expect(codes).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0]);
  });

  it('gives a public holiday no weekday at all, even when it falls on a weekend', () => {
    for (const date of ['2024-02-10', '2024-02-12', '2024-10-01', '2024-10-05', '2024-10-06'])
      expect(weeklyCodes(rowOn(date))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('planDesign and buildDesign: the holiday columns', () => {
  it('marks each day of Spring Festival 2024 as a holiday at its position', () => {
    const expected: [string, string][] = [
      ['2024-02-10', 'first'],
      ['2024-02-11', 'second'],
      ['2024-02-12', 'middle'],
      ['2024-02-16', 'middle'],
      ['2024-02-17', 'last'],
    ];
    for (const [date, position] of expected) {
      expect(activeHolidayColumns(rowOn(date)).sort()).toEqual(['holiday:any', `holiday:spring_festival:${position}`]);
    }
  });

  it('marks other holidays at first, middle and last, without a second day', () => {
    expect(activeHolidayColumns(rowOn('2024-10-01')).sort()).toEqual(['holiday:any', 'holiday:national_day:first']);
    expect(activeHolidayColumns(rowOn('2024-10-02')).sort()).toEqual(['holiday:any', 'holiday:national_day:middle']);
    expect(activeHolidayColumns(rowOn('2024-10-07')).sort()).toEqual(['holiday:any', 'holiday:national_day:last']);
    // Dragon Boat 2024 ran Saturday 8 June to Monday 10 June.
    expect(activeHolidayColumns(rowOn('2024-06-08')).sort()).toEqual(['holiday:any', 'holiday:dragon_boat:first']);
    expect(activeHolidayColumns(rowOn('2024-06-10')).sort()).toEqual(['holiday:any', 'holiday:dragon_boat:last']);
  });

  it('marks the working day before a holiday as its eve and the day after as its aftermath', () => {
    expect(activeHolidayColumns(rowOn('2024-04-03'))).toEqual(['holiday:eve']);
    expect(activeHolidayColumns(rowOn('2024-09-30'))).toEqual(['holiday:eve']);
    expect(activeHolidayColumns(rowOn('2024-10-08'))).toEqual(['holiday:after']);
    // The day after Qingming is also a make-up workday: both facts are coded.
    const afterQingming = rowOn('2024-04-07');
    expect(activeHolidayColumns(afterQingming)).toEqual(['holiday:after']);
    expect(weeklyCodes(afterQingming)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0]);
  });

  it('marks the seven days on each side of Spring Festival as its weeks, not as eve or aftermath', () => {
    for (const date of ['2024-02-03', '2024-02-05', '2024-02-09'])
      expect(activeHolidayColumns(rowOn(date))).toEqual(['holiday:spring_festival:week_before']);
    for (const date of ['2024-02-18', '2024-02-19', '2024-02-24'])
      expect(activeHolidayColumns(rowOn(date))).toEqual(['holiday:spring_festival:week_after']);
    expect(activeHolidayColumns(rowOn('2024-02-02'))).toEqual([]);
    expect(activeHolidayColumns(rowOn('2024-02-25'))).toEqual([]);
  });

  it('leaves an ordinary day with no holiday column set', () => {
    expect(activeHolidayColumns(rowOn('2024-03-13'))).toEqual([]);
  });

  it('has a column for every holiday position the training years touch, and none the history never saw', () => {
    const spec = planDesign('daily', toDayNumber('2024-03-01'), toDayNumber('2024-03-31'), [], { holidays: true });
    expect(spec.columns.filter((c) => c.component === 'holiday')).toEqual([]);
    const names = planDesign('daily', FIRST, LAST, TRAIN, { holidays: true })
      .columns.filter((c) => c.component === 'holiday')
      .map((c) => c.name);
    expect(names).toContain('holiday:any');
    expect(names).toContain('holiday:spring_festival:second');
    expect(names).toContain('holiday:spring_festival:week_before');
    expect(names).toContain('holiday:eve');
    const winter = planDesign('daily', toDayNumber('2024-01-15'), toDayNumber('2024-03-31'), [], { holidays: true }).columns.map(
      (c) => c.name,
    );
    expect(winter).toContain('holiday:spring_festival:first');
    expect(winter.some((name) => name.startsWith('holiday:national_day'))).toBe(false);
  });

  it('codes a future holiday the same way as one in the history', () => {
    // 2025-01-28 is the first day of Spring Festival 2025, after the training window.
    expect(activeHolidayColumns(rowOn('2025-01-28')).sort()).toEqual(['holiday:any', 'holiday:spring_festival:first']);
    expect(weeklyCodes(rowOn('2025-01-26'))).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0]);
  });
});

describe('planDesign and buildDesign with holidays off', () => {
  const off: DesignOptions = { holidays: false };

  it('has no holiday columns at all', () => {
    const spec = planDesign('daily', FIRST, LAST, TRAIN, off);
    expect(spec.columns.some((c) => c.component === 'holiday' || c.name.startsWith('holiday:'))).toBe(false);
  });

  it('codes holidays and make-up workdays by their plain weekday', () => {
    expect(weeklyCodes(rowOn('2024-02-10', off))).toEqual([0, 0, 0, 0, 0, 1]);
    expect(weeklyCodes(rowOn('2024-02-12', off))).toEqual([1, 0, 0, 0, 0, 0]);
    expect(weeklyCodes(rowOn('2024-02-04', off))).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(weeklyCodes(rowOn('2024-10-12', off))).toEqual([0, 0, 0, 0, 0, 1]);
  });
});

describe('buildDesign on an hourly grid', () => {
  const first = toDayNumber('2024-01-01');
  const last = toDayNumber('2024-03-31');
  const spec = planDesign('hourly', first * 24, last * 24 + 23, [], { holidays: true });
  const at = (date: string, hour: number): Map<string, number> => {
    const design = buildDesign(spec, [toDayNumber(date) * 24 + hour]);
    return new Map(spec.columns.map((c, j) => [c.name, design.values[j] as number]));
  };

  it('gives each hour its own column and hour 23 −1 on all of them', () => {
    expect(at('2024-03-13', 10).get('daily:h10')).toBe(1);
    expect(at('2024-03-13', 10).get('daily:h9')).toBe(0);
    for (let h = 0; h < 23; h++) expect(at('2024-03-13', 23).get(`daily:h${h}`)).toBe(-1);
  });

  it('uses the rest-day hour shape on weekends and holidays but not on a make-up Sunday', () => {
    expect(at('2024-03-13', 10).get('daily:rest_h10')).toBe(0);
    expect(at('2024-03-16', 10).get('daily:rest_h10')).toBe(1);
    expect(at('2024-02-12', 10).get('daily:rest_h10')).toBe(1);
    expect(at('2024-02-04', 10).get('daily:rest_h10')).toBe(0);
  });
});

describe('planDesign and buildDesign: weather, events and covariates', () => {
  const weather = new Map<string, WeatherObservation>();
  for (let day = FIRST; day <= LAST; day++) {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    const rainy = day % 5 === 0;
    weather.set(date, { condition: rainy ? 'rain' : 'sunny', precipitationMm: rainy ? 12 : 0, tempMax: 20 });
  }

  it('only has columns for weather features that occur in the training days', () => {
    const names = planDesign('daily', FIRST, LAST, TRAIN, { holidays: false, weather })
      .columns.filter((c) => c.component === 'weather')
      .map((c) => c.name);
    expect(names).toEqual(['weather:rain', 'weather:precipitation']);
  });

  it('codes observed weather and fills a day without a weather row with that month’s training mean', () => {
    const [rainy, unknown] = rowsOn(['2024-03-03', '2025-03-05'], { holidays: false, weather });
    // 2024-03-03 is day 19785, a multiple of 5: a rainy day.
    expect(rainy!.get('weather:rain')).toBe(1);
    expect(rainy!.get('weather:precipitation')).toBeCloseTo(Math.log1p(12), 12);
    let marchDays = 0;
    let marchRain = 0;
    for (let day = FIRST; day <= LAST; day++) {
      if (new Date(day * 86_400_000).getUTCMonth() !== 2) continue;
      marchDays++;
      if (day % 5 === 0) marchRain++;
    }
    expect(unknown!.get('weather:rain')).toBeCloseTo(marchRain / marchDays, 12);
  });

  it('sets an event column on the event’s days, both ends included', () => {
    const options: DesignOptions = { holidays: false, events: [{ name: 'sale', from: '2024-05-10', to: '2024-05-12' }] };
    const rows = rowsOn(['2024-05-09', '2024-05-10', '2024-05-12', '2024-05-13'], options);
    expect(rows.map((r) => r.get('events:sale'))).toEqual([0, 1, 1, 0]);
  });

  it('standardises a numeric covariate with the training days’ mean and spread', () => {
    const values = TRAIN.map((_, i) => (i % 2 === 0 ? 10 : 20));
    const spec = planDesign('daily', FIRST, LAST, TRAIN, { holidays: false, covariates: [{ name: 'price', values: [...values, 30] }] });
    const design = buildDesign(spec, [FIRST, FIRST + 1, LAST + 1]);
    const column = spec.columns.findIndex((c) => c.name === 'events:price');
    const p = spec.columns.length;
    // 731 training days: 366 at 10 and 365 at 20; the future value 30 is far above both.
    const mean = (366 * 10 + 365 * 20) / 731;
    const sd = Math.sqrt((366 * 100 + 365 * 400) / 731 - mean * mean);
    expect(design.values[column]).toBeCloseTo((10 - mean) / sd, 10);
    expect(design.values[p + column]).toBeCloseTo((20 - mean) / sd, 10);
    expect(design.values[2 * p + column]).toBeCloseTo((30 - mean) / sd, 10);
  });
});
