import { describe, expect, it } from 'vitest';
import { bucketsOf, buildTrendChart, isoWeekday, toTrendRows } from './trend-chart.ts';

const plain = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

describe('trend chart', () => {
  it('labels buckets as the metrics layer does: weeks by their Monday, hours as local hour stamps', () => {
    expect(bucketsOf('week', '2026-11-01', '2026-11-17')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    expect(bucketsOf('week', '2026-11-01', '2026-11-17').every((day) => isoWeekday(day) === 1)).toBe(true);
    expect(bucketsOf('month', '2026-10-28', '2026-12-02')).toEqual(['2026-10', '2026-11', '2026-12']);
    const hours = bucketsOf('hour', '2026-11-25', '2026-11-26');
    expect(hours).toHaveLength(48);
    expect([hours[0], hours[47]]).toEqual(['2026-11-25 00:00', '2026-11-26 23:00']);
  });

  it('fills the buckets without data (0 for volumes, unknown for rates) and takes 环比 and 同比 from the two answers', () => {
    const input = {
      grain: 'day' as const,
      metric: 'orders',
      from: '2026-11-24',
      to: '2026-11-26',
      previousRows: [
        { day: '2026-11-24', orders: 10, orders_compare: 8 },
        { day: '2026-11-26', orders: 0, orders_compare: 5 },
      ],
      yearRows: [{ day: '2026-11-24', orders: 10, orders_compare: 20 }],
    };
    expect(toTrendRows({ ...input, zeroWhenMissing: true })).toEqual([
      { bucket: '2026-11-24', value: 10, previous: 8, previousChange: 0.25, lastYear: 20, lastYearChange: -0.5 },
      { bucket: '2026-11-25', value: 0, previous: 0, previousChange: null, lastYear: 0, lastYearChange: null },
      { bucket: '2026-11-26', value: 0, previous: 5, previousChange: -1, lastYear: 0, lastYearChange: null },
    ]);
    expect(toTrendRows({ ...input, zeroWhenMissing: false })[1]).toEqual({
      bucket: '2026-11-25',
      value: null,
      previous: null,
      previousChange: null,
      lastYear: null,
      lastYearChange: null,
    });
  });

  it('reads an average of 0 (a period without orders) as unknown, not as a fall to nothing', () => {
    const rows = toTrendRows({
      grain: 'month',
      metric: 'aov',
      from: '2026-10-01',
      to: '2026-11-30',
      previousRows: [{ month: '2026-10', aov: 80, aov_compare: 0 }],
      yearRows: [{ month: '2026-11', aov: 90, aov_compare: 0 }],
      zeroWhenMissing: false,
      zeroIsUnknown: true,
    });
    expect(rows.map((r) => [r.bucket, r.value, r.previous, r.lastYear, r.lastYearChange])).toEqual([
      ['2026-10', 80, null, null, null],
      ['2026-11', 90, null, null, null],
    ]);
  });

  it('at day grain appends the forecast, shades holidays and leaves the running day off the actual line', () => {
    const point = (ds: string, yhat: number) => ({ ds, yhat, lower80: yhat - 1, upper80: yhat + 1, lower95: yhat - 2, upper95: yhat + 2 });
    const { option, table } = buildTrendChart({
      grain: 'day',
      metric: 'visitors',
      from: '2026-09-29',
      to: '2026-09-30',
      previousRows: [
        { day: '2026-09-29', visitors: 10, visitors_compare: 5 },
        { day: '2026-09-30', visitors: 2, visitors_compare: 4 },
      ],
      yearRows: [],
      zeroWhenMissing: true,
      forecast: [point('2026-09-30', 12), point('2026-10-01', 30)],
      partialDay: '2026-09-30',
      calendar: [{ date: '2026-10-01', type: 'holiday', label: { zh: '国庆节', en: 'National Day' }, holidayDay: 1 }],
      locale: 'en',
      valueFormat: plain,
      changeFormat: plain,
    });
    const series = (option as { series: { name: string; data: unknown[]; markArea?: unknown }[] }).series;
    const actual = series.find((s) => s.name === 'Actual')!;
    expect(actual.data).toEqual([10, null, null]);
    expect(actual.markArea).toBeDefined();
    expect(series.find((s) => s.name === 'Forecast')!.data).toEqual([null, 12, 30]);
    expect(series.find((s) => s.name === 'Previous')!.data).toEqual([5, 4, null]);
    expect(table.rows.map((r) => [r.bucket, r.value, r.forecast, r.previous, r.previousChange, r.day])).toEqual([
      ['2026-09-29', 10, null, 5, 1, ''],
      ['2026-09-30', 2, 12, 4, -0.5, ''],
      ['2026-10-01', null, 30, null, null, 'National Day 1'],
    ]);
  });

  it('at day grain without a forecast keeps only the actual line, the comparisons and the holiday names', () => {
    const { option, table } = buildTrendChart({
      grain: 'day',
      metric: 'aov',
      from: '2026-10-01',
      to: '2026-10-02',
      previousRows: [{ day: '2026-10-01', aov: 50, aov_compare: 40 }],
      yearRows: [{ day: '2026-10-01', aov: 50, aov_compare: 25 }],
      zeroWhenMissing: false,
      calendar: [{ date: '2026-10-01', type: 'holiday', label: { zh: '国庆节', en: 'National Day' }, holidayDay: 1 }],
      locale: 'zh-CN',
      valueFormat: plain,
      changeFormat: plain,
    });
    const legend = (option as { legend: { data: string[] } }).legend.data;
    expect(legend).toEqual(['实际', '上期', '去年同期']);
    expect(table.columns.map((c) => c.key)).toEqual(['bucket', 'day', 'value', 'previous', 'previousChange', 'lastYear', 'lastYearChange']);
    expect(table.rows.map((r) => [r.bucket, r.value, r.lastYearChange, r.day])).toEqual([
      ['2026-10-01', 50, 1, '国庆节 1'],
      ['2026-10-02', null, null, ''],
    ]);
  });

  it('at week grain draws bars by week with the comparisons as lines', () => {
    const { option, table } = buildTrendChart({
      grain: 'week',
      metric: 'orders',
      from: '2026-11-09',
      to: '2026-11-22',
      previousRows: [
        { week: '2026-11-09', orders: 7, orders_compare: 7 },
        { week: '2026-11-16', orders: 9, orders_compare: 7 },
      ],
      yearRows: [],
      zeroWhenMissing: true,
      locale: 'en',
      valueFormat: plain,
      changeFormat: plain,
    });
    expect(table.rows.map((r) => r.bucket)).toEqual(['2026-11-09', '2026-11-16']);
    expect(table.columns[0]!.format!('2026-11-16', table.rows[1]!)).toBe('week of 2026-11-16');
    const series = (option as { series: { type: string; name: string }[] }).series;
    expect(series.map((s) => [s.name, s.type])).toEqual([
      ['This period', 'bar'],
      ['Previous', 'line'],
      ['Last year', 'line'],
    ]);
  });
});
