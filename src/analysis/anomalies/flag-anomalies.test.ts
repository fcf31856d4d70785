import { describe, expect, it } from 'vitest';
import { flagAnomalies, inferPeriod, type SeriesPoint } from './flag-anomalies.ts';

/** mulberry32: a tiny seeded generator so every run sees the same noise. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a uniform generator. */
function normalFrom(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const dayLabel = (day: number): string => new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
const hourLabel = (hour: number): string => new Date(Date.UTC(2024, 0, 1, hour)).toISOString().slice(0, 13).replace('T', ' ') + ':00';

// 2024-01-01 is a Monday: index % 7 = 5 and 6 are the weekend, busier than any weekday.
const WEEKLY = [1, 0.94, 0.97, 1.02, 1.15, 1.65, 1.75];

/** Daily visits with a weekly cycle and multiplicative noise, rounded to whole visits. */
function dailyVisits(days: number, noise: number, seed: number): SeriesPoint[] {
  const normal = normalFrom(mulberry32(seed));
  return Array.from({ length: days }, (_, d) => ({
    at: dayLabel(d),
    value: Math.round(2000 * (WEEKLY[d % 7] as number) * (1 + noise * normal())),
  }));
}

const flaggedDays = (points: ReadonlyArray<{ anomaly: string | null }>): number[] =>
  points.flatMap((p, i) => (p.anomaly === null ? [] : [i]));

describe('flagAnomalies on a weekly-seasonal daily series', () => {
  const series = dailyVisits(140, 0.05, 42);
  const injected = new Map([
    [60, 1.8], // a Friday spike
    [75, 0.65], // a Saturday dip to what would be an ordinary weekday
    [94, 1.5], // a Thursday spike
    [106, 0.5], // a Tuesday dip
    [125, 1.6], // a Sunday spike
  ]);
  const withAnomalies = series.map((p, d) => ({ ...p, value: Math.round(p.value * (injected.get(d) ?? 1)) }));
  const result = flagAnomalies(withAnomalies);

  it('flags exactly the injected spikes and dips', () => {
    expect(flaggedDays(result)).toEqual([...injected.keys()]);
  });

  it('gives each flag the right sign and roughly the injected size', () => {
    for (const [day, factor] of injected) {
      const point = result[day];
      expect(point?.anomaly).toBe(factor > 1 ? 'high' : 'low');
      // The factor multiplies a noisy day (5% noise), so allow three noise spreads of it.
      expect(Math.abs((point?.relative ?? 0) - (factor - 1))).toBeLessThan(0.15 * factor);
      const injectedAmount = (series[day]?.value ?? 0) * (factor - 1);
      const spread = ((point?.upper ?? 0) - (point?.expected ?? 0)) / 3;
      expect(Math.abs((point?.deviation ?? 0) - injectedAmount)).toBeLessThan(3 * spread);
      expect(Math.abs(point?.score ?? 0)).toBeGreaterThan(3);
    }
  });

  it('compares weekends with weekends, so the Saturday dip would be a normal Monday', () => {
    expect(result[75]?.expected).toBeGreaterThan(2000 * 1.5);
    const dip = withAnomalies[75]?.value ?? 0;
    const monday = result[77];
    expect(monday?.anomaly).toBeNull();
    expect(dip).toBeGreaterThan(monday?.lower ?? Infinity);
    expect(dip).toBeLessThan(monday?.upper ?? -Infinity);
  });

  it('reports deviation, relative and score consistently with expected and the band', () => {
    for (const p of result.slice(7)) {
      expect(p.expected).not.toBeNull();
      const expected = p.expected as number;
      expect(p.deviation).toBeCloseTo(p.value - expected, 9);
      expect(p.relative).toBeCloseTo((p.value - expected) / expected, 9);
      const spread = ((p.upper as number) - expected) / 3;
      expect(p.score).toBeCloseTo((p.value - expected) / spread, 6);
      expect(p.lower).toBeLessThan(expected);
    }
  });

  it('does not look ahead: later points never change an earlier verdict', () => {
    const truncated = flagAnomalies(withAnomalies.slice(0, 80));
    expect(truncated).toEqual(result.slice(0, 80));
  });

  it('keeps a spike out of its own baseline and out of the next week’s verdict', () => {
    expect(result[60]?.expected).toBeLessThan(2000 * 1.15 * 1.1);
    expect(result[67]?.anomaly).toBeNull();
  });
});

describe('flagAnomalies on clean data', () => {
  it('flags nothing on a noiseless weekly cycle, weekends included, from the first judged day', () => {
    const clean = Array.from({ length: 120 }, (_, d) => ({ at: dayLabel(d), value: Math.round(2000 * (WEEKLY[d % 7] as number)) }));
    const result = flagAnomalies(clean);
    expect(flaggedDays(result)).toEqual([]);
    // Once a slot has three past values, the expected value is that weekday's own level.
    expect(result[26]?.expected).toBe(clean[26]?.value);
    expect(result[27]?.expected).toBe(clean[27]?.value);
  });

  it.each([1, 2, 3, 4, 5])('flags nothing on a noisy weekly cycle without anomalies (seed %i)', (seed) => {
    expect(flaggedDays(flagAnomalies(dailyVisits(120, 0.04, seed)))).toEqual([]);
  });

  it('rarely flags Poisson counts with a daily cycle, and still finds a doubled hour', () => {
    const uniform = mulberry32(7);
    const normal = normalFrom(uniform);
    const poisson = (mean: number): number => {
      if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      // Knuth's method is exact and fast for small means.
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = uniform(); p > limit; p *= uniform()) k++;
      return k;
    };
    const hourly = Array.from({ length: 24 * 28 }, (_, h) => {
      const hourOfDay = h % 24;
      const mean = hourOfDay < 7 ? 5 : 20 + 180 * Math.sin((Math.PI * (hourOfDay - 7)) / 17);
      return { at: hourLabel(h), value: poisson(mean) };
    });
    const clean = flagAnomalies(hourly);
    const judged = clean.filter((p) => p.expected !== null).length;
    // A 3-spread band is a tail probability, not a guarantee: about 1 hour in 300 of pure noise.
    expect(flaggedDays(clean).length).toBeLessThanOrEqual(Math.ceil(judged * 0.01));
    const spikeAt = 24 * 25 + 14;
    const spiked = hourly.map((p, h) => (h === spikeAt ? { ...p, value: Math.round(p.value * 1.5) } : p));
    const result = flagAnomalies(spiked);
    expect(result[spikeAt]?.anomaly).toBe('high');
    const strongest = Math.max(...result.map((p) => Math.abs(p.score ?? 0)));
    expect(result[spikeAt]?.score).toBe(strongest);
  });
});

describe('flagAnomalies edge cases', () => {
  it('returns nothing for no points and no verdicts for a series shorter than one cycle', () => {
    expect(flagAnomalies([])).toEqual([]);
    const short = flagAnomalies(dailyVisits(6, 0.05, 1));
    expect(short).toHaveLength(6);
    for (const p of short) {
      expect(p).toMatchObject({ expected: null, lower: null, upper: null, anomaly: null, deviation: null, relative: null, score: null });
    }
  });

  it('judges a point once minHistory points precede it', () => {
    const points = [10, 10, 10, 50].map((value, i) => ({ at: dayLabel(i), value }));
    const result = flagAnomalies(points, { period: 1, minHistory: 3 });
    expect(result.map((p) => p.anomaly)).toEqual([null, null, null, 'high']);
    expect(flagAnomalies(points, { period: 1, minHistory: 4 }).every((p) => p.expected === null)).toBe(true);
  });

  it('handles an all-zero series without dividing by zero', () => {
    const zeros = Array.from({ length: 30 }, (_, d) => ({ at: dayLabel(d), value: 0 }));
    const result = flagAnomalies(zeros);
    expect(flaggedDays(result)).toEqual([]);
    const last = result[29];
    expect(last).toMatchObject({ expected: 0, deviation: 0, relative: null, score: 0, lower: 0 });
    // The count floor of 1, widened a little because the median rests on four past values.
    expect(last?.upper).toBeGreaterThan(3);
    expect(last?.upper).toBeLessThan(4);
  });

  it('flags a burst after a run of zeros, with no relative change to report', () => {
    const points = Array.from({ length: 30 }, (_, d) => ({ at: dayLabel(d), value: d === 29 ? 40 : 0 }));
    const last = flagAnomalies(points)[29];
    expect(last).toMatchObject({ anomaly: 'high', expected: 0, deviation: 40, relative: null });
    expect(last?.score).toBeGreaterThan(3);
  });

  it('flags a day that drops to zero in a busy series as low', () => {
    const points = dailyVisits(50, 0.03, 9).map((p, d) => (d === 45 ? { ...p, value: 0 } : p));
    const result = flagAnomalies(points);
    expect(flaggedDays(result)).toEqual([45]);
    expect(result[45]).toMatchObject({ anomaly: 'low', relative: -1 });
  });

  it('does not flag small changes after a perfectly flat history, but flags large ones', () => {
    const flat = (last: number) =>
      flagAnomalies(Array.from({ length: 30 }, (_, d) => ({ at: dayLabel(d), value: d === 29 ? last : 100 })))[29];
    expect(flat(100)).toMatchObject({ anomaly: null, expected: 100, score: 0 });
    expect(flat(104)?.anomaly).toBeNull();
    expect(flat(125)?.anomaly).toBeNull();
    expect(flat(140)?.anomaly).toBe('high');
    expect(flat(60)?.anomaly).toBe('low');
  });

  it('uses about 5% of the expected value as the spread of a flat non-count metric', () => {
    const prices = (last: number) =>
      flagAnomalies(Array.from({ length: 60 }, (_, d) => ({ at: dayLabel(d), value: d === 59 ? last : 2.5 })))[59];
    expect(prices(2.8)?.anomaly).toBeNull();
    expect(prices(2.95)?.anomaly).toBe('high');
    expect(prices(2.2)?.anomaly).toBeNull();
    expect(prices(2.0)?.anomaly).toBe('low');
    // Eight past Mondays: 3 × 5% × 2.5, widened by √(1 + π/16) for the median's own error.
    expect(prices(2.5)?.upper).toBeCloseTo(2.5 + 3 * 0.125 * Math.sqrt(1 + Math.PI / 16), 9);
  });

  it('works for a metric that is negative, without clamping its band at zero', () => {
    const net = Array.from({ length: 40 }, (_, d) => ({ at: dayLabel(d), value: d === 39 ? -200 : -50 + ((d * 7) % 5) - 2 }));
    const result = flagAnomalies(net);
    expect(flaggedDays(result)).toEqual([39]);
    expect(result[39]?.anomaly).toBe('low');
    expect(result[38]?.lower).toBeLessThan(-50);
  });

  it('skips missing values: they are neither judged nor used as history', () => {
    const points = Array.from({ length: 30 }, (_, d) => ({ at: dayLabel(d), value: d === 20 ? Number.NaN : 100 }));
    const result = flagAnomalies(points);
    expect(result[20]).toMatchObject({ anomaly: null, deviation: null, expected: 100 });
    expect(result[27]).toMatchObject({ anomaly: null, expected: 100 });
  });

  it('honours threshold, window and period options', () => {
    const points = Array.from({ length: 40 }, (_, d) => ({ at: dayLabel(d), value: d === 39 ? 120 : 100 }));
    expect(flagAnomalies(points)[39]?.anomaly).toBeNull();
    expect(flagAnomalies(points, { threshold: 1.5 })[39]?.anomaly).toBe('high');
    const alternating = Array.from({ length: 40 }, (_, d) => ({ at: dayLabel(d), value: d % 2 === 0 ? 100 : 300 }));
    expect(flaggedDays(flagAnomalies(alternating, { period: 2 }))).toEqual([]);
    expect(flagAnomalies(alternating, { period: 2, window: 3 })[39]?.expected).toBe(300);
    // Fewer than 3 same-slot values: the median of the last cycle stands in.
    expect(flagAnomalies(alternating, { period: 2, window: 2 })[39]?.expected).toBe(200);
  });
});

describe('inferPeriod', () => {
  it('cycles daily data weekly, hourly data daily and monthly data yearly', () => {
    expect(inferPeriod(Array.from({ length: 10 }, (_, d) => ({ at: dayLabel(d), value: 0 })))).toBe(7);
    expect(inferPeriod(Array.from({ length: 10 }, (_, h) => ({ at: hourLabel(h), value: 0 })))).toBe(24);
    expect(inferPeriod(['2024-01', '2024-02', '2024-03', '2024-04'].map((at) => ({ at, value: 0 })))).toBe(12);
  });

  it('treats weekly, irregular or unreadable labels as not seasonal', () => {
    expect(inferPeriod(Array.from({ length: 10 }, (_, w) => ({ at: dayLabel(7 * w), value: 0 })))).toBe(1);
    expect(
      inferPeriod([
        { at: 'week one', value: 1 },
        { at: 'week two', value: 2 },
      ]),
    ).toBe(1);
    expect(inferPeriod([{ at: '2024-01-01', value: 1 }])).toBe(1);
  });

  it('reads ISO timestamps with a zone as wall-clock hours', () => {
    const points = ['2024-03-10T00:00:00-08:00', '2024-03-10T01:00:00-08:00', '2024-03-10T03:00:00-07:00', '2024-03-10T04:00:00-07:00'];
    expect(inferPeriod(points.map((at) => ({ at, value: 0 })))).toBe(24);
  });
});
