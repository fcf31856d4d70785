import { describe, expect, it } from 'vitest';
import { rankHotspots, type HotspotEntry, type HotspotRow } from './rank-hotspots.ts';

/** A venue entry with no comparisons unless given. */
const entry = (key: string, fields: Partial<HotspotEntry> = {}): HotspotEntry => ({
  key,
  label: key.toUpperCase(),
  level: 'venue',
  current: 100,
  previous: null,
  lastYear: null,
  history: [],
  capacity: null,
  forecast: null,
  ...fields,
});

const flat = (value: number, periods = 6): number[] => new Array<number>(periods).fill(value);
const rowOf = (rows: readonly HotspotRow[], key: string): HotspotRow => {
  const row = rows.find((r) => r.key === key);
  if (!row) throw new Error(`no row ${key}`);
  return row;
};

describe('rankHotspots rates', () => {
  it('computes 环比, 同比, utilisation and forecast growth from their bases', () => {
    const [row] = rankHotspots([entry('a', { current: 200, previous: 160, lastYear: 250, capacity: 400, forecast: 230 })]).rows;
    expect(row?.growth).toBeCloseTo(0.25, 12);
    expect(row?.yoy).toBeCloseTo(-0.2, 12);
    expect(row?.utilisation).toBe(0.5);
    expect(row?.forecastGrowth).toBeCloseTo(0.15, 12);
  });

  it('leaves a rate null when its base is missing or zero', () => {
    const [row] = rankHotspots([entry('a', { current: 0, previous: 0, lastYear: null, capacity: 0, forecast: 10 })]).rows;
    expect(row).toMatchObject({ growth: null, yoy: null, utilisation: null, forecastGrowth: null, logGrowth: 0 });
    const [noForecast] = rankHotspots([entry('b', { current: 50 })]).rows;
    expect(noForecast).toMatchObject({ forecastGrowth: null, logGrowth: null, emergingScore: null, emerging: false });
  });
});

describe('rankHotspots emerging', () => {
  it('flags a doubling after a flat history: ln(201/101) = 0.688 over a count noise of 0.122 is 5.6 spreads', () => {
    const [row] = rankHotspots([entry('a', { current: 200, previous: 100, history: flat(100) })]).rows;
    expect(row?.logGrowth).toBeCloseTo(Math.log(201 / 101), 12);
    expect(row?.typicalGrowth).toBe(0);
    // √(1/201 + 1/101) = 0.1220, wider than the 0.05 floor and the zero MAD of a flat history.
    expect(row?.spread).toBeCloseTo(Math.sqrt(1 / 201 + 1 / 101), 12);
    expect(row?.emergingScore).toBeCloseTo(5.642, 3);
    expect(row?.emerging).toBe(true);
  });

  it('does not flag +20% at a place that swings ±20% every period, but does at a steady one', () => {
    const { rows } = rankHotspots([
      entry('swinging', { current: 1200, previous: 1000, history: [1000, 800, 1000, 800, 1000] }),
      entry('steady', { current: 1200, previous: 1000, history: flat(1000) }),
    ]);
    const swinging = rowOf(rows, 'swinging');
    // Usual growths ±ln(1001/801) = ±0.2229: median 0, spread 1.4826 × 0.2229 = 0.3305; 0.1822 / 0.3305 = 0.55.
    expect(swinging.typicalGrowth).toBeCloseTo(0, 12);
    expect(swinging.spread).toBeCloseTo(1.4826 * Math.log(1001 / 801), 12);
    expect(swinging.emergingScore).toBeCloseTo(0.551, 3);
    expect(swinging.emerging).toBe(false);
    // A flat history: the 0.05 floor beats the count noise √(1/1201 + 1/1001) = 0.043; 0.1822 / 0.05 = 3.64.
    const steady = rowOf(rows, 'steady');
    expect(steady.spread).toBe(0.05);
    expect(steady.emergingScore).toBeCloseTo(3.643, 3);
    expect(steady.emerging).toBe(true);
  });

  it('does not flag small changes after a flat history', () => {
    const [row] = rankHotspots([entry('a', { current: 1040, previous: 1000, history: flat(1000) })]).rows;
    // ln(1041/1001) = 0.039, under one spread of 0.05.
    expect(row?.emergingScore).toBeCloseTo(Math.log(1041 / 1001) / 0.05, 12);
    expect(row?.emerging).toBe(false);
  });

  it('needs the minimum volume: 5 → 29 scores 3.6 but is too small to count until minVolume allows it', () => {
    const small = entry('small', { current: 29, previous: 5, history: flat(5) });
    const [row] = rankHotspots([small]).rows;
    // ln(30/6) = 1.609 over √(1/30 + 1/6) = 0.447.
    expect(row?.emergingScore).toBeCloseTo(Math.log(5) / Math.sqrt(0.2), 12);
    expect(row?.emerging).toBe(false);
    expect(rankHotspots([small], { minVolume: 20 }).rows[0]?.emerging).toBe(true);
  });

  it('does not call a place that merely stops shrinking emerging', () => {
    // Falling 30% a period, then flat: far above its usual −0.356, but no growth.
    const [row] = rankHotspots([entry('a', { current: 240, previous: 240, history: [1000, 700, 490, 343, 240] })]).rows;
    expect(row?.logGrowth).toBe(0);
    expect(row?.emergingScore).toBeGreaterThan(3.8);
    expect(row?.emerging).toBe(false);
  });

  it('gives no score until the history holds minHistory growths', () => {
    const short = entry('a', { current: 300, previous: 100, history: flat(100, 4) });
    expect(rankHotspots([short]).rows[0]).toMatchObject({ emergingScore: null, typicalGrowth: null, spread: null, emerging: false });
    expect(rankHotspots([short], { minHistory: 3 }).rows[0]?.emerging).toBe(true);
  });

  it('takes the previous period from the end of the history when previous is null', () => {
    const [row] = rankHotspots([entry('a', { current: 200, previous: null, history: flat(100) })]).rows;
    expect(row?.growth).toBeNull();
    expect(row?.logGrowth).toBeCloseTo(Math.log(201 / 101), 12);
    expect(row?.emerging).toBe(true);
  });

  it('finds a new place going from nothing to 50 visitors', () => {
    const [row] = rankHotspots([entry('new', { current: 50, previous: 0, history: flat(0) })]).rows;
    // ln(51) = 3.93 over √(1/51 + 1) = 1.01: 3.89 spreads; the 环比 rate itself is undefined.
    expect(row?.growth).toBeNull();
    expect(row?.emergingScore).toBeCloseTo(Math.log(51) / Math.sqrt(1 / 51 + 1), 12);
    expect(row?.emerging).toBe(true);
  });

  it('honours the threshold option', () => {
    const e = entry('a', { current: 1200, previous: 1000, history: flat(1000) });
    expect(rankHotspots([e], { threshold: 4 }).rows[0]?.emerging).toBe(false);
    expect(rankHotspots([e], { minSpread: 0.1 }).rows[0]?.emergingScore).toBeCloseTo(Math.log(1201 / 1001) / 0.1, 12);
  });
});

describe('rankHotspots ranks and order', () => {
  const entries: HotspotEntry[] = [
    entry('v-b', { current: 800, previous: 400, capacity: 1000, forecast: 880 }),
    entry('v-a', { current: 800, previous: 1000, capacity: 1600, forecast: 1200 }),
    entry('v-c', { current: 900, previous: 600, capacity: null, forecast: null }),
    entry('p-2', { level: 'province', current: 3000, previous: 3000 }),
    entry('p-1', { level: 'province', current: 5000, previous: 4000 }),
    entry('c-1', { level: 'city', current: 10, previous: null }),
  ];

  it('ranks within each level, sharing a rank on a tie, and orders by level then flow then key', () => {
    const { rows, sortBy } = rankHotspots(entries);
    expect(sortBy).toBe('flow');
    expect(rows.map((r) => r.key)).toEqual(['p-1', 'p-2', 'c-1', 'v-c', 'v-a', 'v-b']);
    expect(rows.map((r) => r.ranks.flow)).toEqual([1, 2, 1, 1, 2, 2]);
  });

  it('ranks growth, utilisation and forecast growth, leaving null values unranked', () => {
    const { rows } = rankHotspots(entries);
    // Growth: v-b +100%, v-c +50%, v-a −20%; utilisation: v-b 0.8, v-a 0.5; forecast: v-a +50%, v-b +10%.
    expect(rowOf(rows, 'v-b').ranks).toEqual({ flow: 2, growth: 1, yoy: null, utilisation: 1, forecast: 2, emerging: null });
    expect(rowOf(rows, 'v-a').ranks).toEqual({ flow: 2, growth: 3, yoy: null, utilisation: 2, forecast: 1, emerging: null });
    expect(rowOf(rows, 'v-c').ranks).toMatchObject({ flow: 1, growth: 2, utilisation: null, forecast: null });
    expect(rowOf(rows, 'c-1').ranks.growth).toBeNull();
  });

  it('sorts by the chosen key, nulls last', () => {
    const keys = (sortBy: 'growth' | 'utilisation' | 'forecast') => rankHotspots(entries, { sortBy }).rows.map((r) => r.key);
    expect(keys('growth')).toEqual(['p-1', 'p-2', 'c-1', 'v-b', 'v-c', 'v-a']);
    expect(keys('utilisation')).toEqual(['p-1', 'p-2', 'c-1', 'v-b', 'v-a', 'v-c']);
    expect(keys('forecast')).toEqual(['p-1', 'p-2', 'c-1', 'v-a', 'v-b', 'v-c']);
  });

  it('sorts by 同比 with the year-ago flow as base', () => {
    const { rows } = rankHotspots(
      [
        entry('x', { current: 120, lastYear: 100 }),
        entry('y', { current: 150, lastYear: 100 }),
        entry('z', { current: 90, lastYear: null }),
      ],
      { sortBy: 'yoy' },
    );
    expect(rows.map((r) => [r.key, r.ranks.yoy])).toEqual([
      ['y', 1],
      ['x', 2],
      ['z', null],
    ]);
  });

  it('sorts emerging places first by score, then the rest by score', () => {
    const { rows, emerging } = rankHotspots(
      [
        entry('steady', { current: 1200, previous: 1000, history: flat(1000) }), // 3.64, emerging
        entry('small', { current: 29, previous: 5, history: flat(5) }), // 3.60, too small
        entry('doubled', { current: 200, previous: 100, history: flat(100) }), // 5.64, emerging
        entry('swinging', { current: 1200, previous: 1000, history: [1000, 800, 1000, 800, 1000] }), // 0.55
        entry('new-data', { current: 500 }), // no score
      ],
      { sortBy: 'emerging' },
    );
    expect(rows.map((r) => r.key)).toEqual(['doubled', 'steady', 'small', 'swinging', 'new-data']);
    expect(rows.map((r) => r.ranks.emerging)).toEqual([1, 2, null, null, null]);
    expect(emerging).toEqual(['doubled', 'steady']);
  });

  it('returns an empty ranking for no entries', () => {
    expect(rankHotspots([])).toEqual({ sortBy: 'flow', rows: [], emerging: [] });
  });

  it('rejects repeated keys, negative or non-finite flows and bad options, naming the field', () => {
    expect(() => rankHotspots([entry('a'), entry('a')])).toThrow(/entries\[1\]\.key/);
    expect(() => rankHotspots([entry('a', { current: -1 })])).toThrow(/entries\[0\]\.current/);
    expect(() => rankHotspots([entry('a', { history: [1, Number.NaN] })])).toThrow(/entries\[0\]\.history\[1\]/);
    expect(() => rankHotspots([entry('a', { capacity: Number.POSITIVE_INFINITY })])).toThrow(/entries\[0\]\.capacity/);
    expect(() => rankHotspots([], { minHistory: 0 })).toThrow(/minHistory/);
    expect(() => rankHotspots([], { threshold: 0 })).toThrow(RangeError);
  });
});
