import { describe, expect, it } from 'vitest';
import { buildTodayKpis, relativeChange, shareOfDaySoFar, toDayNumbers } from './today-kpis.ts';

describe('today KPIs', () => {
  it('gives no change against nothing or zero rather than an infinite one', () => {
    expect(relativeChange(12, 10)).toBeCloseTo(0.2);
    expect(relativeChange(5, 0)).toBeNull();
    expect(relativeChange(null, 10)).toBeNull();
    expect(relativeChange(5, undefined)).toBeNull();
  });

  it('takes the share of the day gone by from the reference days that had any, capped at the whole day', () => {
    expect(
      shareOfDaySoFar([
        { soFar: 30, full: 100 },
        { soFar: 50, full: 100 },
      ]),
    ).toBeCloseTo(0.4);
    expect(
      shareOfDaySoFar([
        { soFar: 30, full: 0 },
        { soFar: 20, full: 80 },
      ]),
    ).toBeCloseTo(0.25);
    expect(shareOfDaySoFar([{ soFar: 120, full: 100 }])).toBe(1);
    expect(shareOfDaySoFar([{ soFar: null, full: 100 }])).toBeNull();
  });

  it('compares today with the forecast at the usual pace, with yesterday and last week by the same minute', () => {
    const kpis = buildTodayKpis({
      today: { visitors: 60, orders: 33, revenue: 1000, conversion: 0.5 },
      yesterdaySoFar: { visitors: 40, orders: 30, revenue: 800, conversion: 0.4 },
      lastWeekSoFar: { visitors: 60, orders: 0, revenue: 1000, conversion: null },
      fullDays: new Map([
        ['2026-11-25', { visitors: 100, orders: 60, revenue: 2000, conversion: 0.6 }],
        ['2026-11-20', { visitors: 100, orders: 0, revenue: 2000, conversion: 0.4 }],
        ['2026-11-19', { visitors: 90, orders: 50, revenue: 1500, conversion: null }],
      ]),
      yesterday: '2026-11-25',
      lastWeekDay: '2026-11-20',
      forecastToday: { visitors: 120, orders: 66 },
    });
    expect(kpis.map((k) => k.key)).toEqual(['visitors', 'orders', 'revenue', 'conversion']);
    const [visitors, orders, revenue, conversion] = kpis;
    // Half the day's visitors had usually come by now (40/100 and 60/100): 120 × 0.5 = 60 expected.
    expect(visitors!.comparisons[0]).toEqual({ kind: 'forecast', change: 0, base: 60, fullDay: 120 });
    expect(visitors!.comparisons[1]!.change).toBeCloseTo(0.5);
    expect(visitors!.comparisons[2]!.change).toBeCloseTo(0);
    // Last week had no orders at all, so only yesterday's pace (30/60) counts: 66 × 0.5 = 33.
    expect(orders!.comparisons[0]!.base).toBeCloseTo(33);
    expect(orders!.comparisons[2]!.change).toBeNull();
    // No revenue forecast: nothing to compare with.
    expect(revenue!.comparisons[0]).toMatchObject({ kind: 'forecast', change: null, base: null, fullDay: null });
    // Conversion is compared with the mean of the known daily rates (0.6 and 0.4).
    expect(conversion!.comparisons[0]!.kind).toBe('average7');
    expect(conversion!.comparisons[0]!.base).toBeCloseTo(0.5);
    expect(conversion!.comparisons[0]!.change).toBeCloseTo(0);
    expect(conversion!.comparisons[2]!.change).toBeNull();
  });

  it('reads a metrics row, conversion_rate included, and leaves absent values unknown', () => {
    expect(toDayNumbers({ visitors: 3, orders: '2', revenue: null, conversion_rate: 0.5 })).toEqual({
      visitors: 3,
      orders: 2,
      revenue: null,
      conversion: 0.5,
    });
    expect(toDayNumbers(undefined)).toEqual({});
  });
});
