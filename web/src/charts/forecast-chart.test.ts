import { describe, expect, it } from 'vitest';
import { buildForecastChart } from './forecast-chart.ts';

const point = (ds: string, yhat: number) => ({ ds, yhat, lower80: yhat - 1, upper80: yhat + 1, lower95: yhat - 2, upper95: yhat + 2 });

describe('forecast chart', () => {
  it('joins actuals and forecast on one date axis and shades the holiday and the make-up workday', () => {
    const { option, table } = buildForecastChart({
      actual: [
        { date: '2025-09-27', value: 10 },
        { date: '2025-09-28', value: 12 },
        { date: '2025-09-29', value: 11 },
        { date: '2025-09-30', value: 13 },
      ],
      forecast: [point('2025-09-30', 14), point('2025-10-01', 30), point('2025-10-02', 28)],
      calendar: [
        { date: '2025-09-27', type: 'weekend' },
        { date: '2025-09-28', type: 'makeup_workday', holiday: 'national_day', label: { zh: '国庆节', en: 'National Day' } },
        {
          date: '2025-10-01',
          type: 'holiday',
          holiday: 'national_day',
          label: { zh: '国庆节', en: 'National Day' },
          holidayDay: 1,
          holidayLength: 8,
        },
        {
          date: '2025-10-02',
          type: 'holiday',
          holiday: 'national_day',
          label: { zh: '国庆节', en: 'National Day' },
          holidayDay: 2,
          holidayLength: 8,
        },
      ],
      locale: 'en',
      valueFormat: (v) => String(v ?? '—'),
    });
    expect(table.rows.map((r) => [r.date, r.actual, r.forecast, r.day])).toEqual([
      ['2025-09-27', 10, null, ''],
      ['2025-09-28', 12, null, 'Make-up workday (National Day)'],
      ['2025-09-29', 11, null, ''],
      ['2025-09-30', 13, 14, ''],
      ['2025-10-01', null, 30, 'National Day 1'],
      ['2025-10-02', null, 28, 'National Day 2'],
    ]);
    const series = (option as { series: { name: string; data: unknown[]; markArea?: { data: { xAxis: string }[][] } }[] }).series;
    const actual = series.find((s) => s.name === 'Actual')!;
    // A day is a point of the axis: the one-day make-up workday reaches to the next day, or it has no width.
    expect(actual.markArea!.data.map((span) => [span[0]!.xAxis, span[1]!.xAxis])).toEqual([
      ['2025-09-28', '2025-09-29'],
      ['2025-10-01', '2025-10-02'],
    ]);
    // The 80% band is drawn as its lower edge plus its width.
    const band = series.filter((s) => s.name === '80% band');
    expect(band[0]!.data.slice(3)).toEqual([13, 29, 27]);
    expect(band[1]!.data.slice(3)).toEqual([2, 2, 2]);
  });

  it('gives every shaded day a width, a lone make-up workday or holiday included', () => {
    const { option } = buildForecastChart({
      actual: [],
      forecast: ['2026-09-19', '2026-09-20', '2026-09-21', '2026-10-09', '2026-10-10'].map((ds) => point(ds, 5)),
      calendar: [
        { date: '2026-09-20', type: 'makeup_workday', holiday: 'national_day', label: { zh: '国庆节', en: 'National Day' } },
        { date: '2026-10-10', type: 'makeup_workday', holiday: 'national_day', label: { zh: '国庆节', en: 'National Day' } },
      ],
      locale: 'zh-CN',
      valueFormat: (v) => String(v ?? '—'),
    });
    const series = (option as { series: { markArea?: { data: { xAxis: string }[][] } }[] }).series;
    const spans = series.flatMap((s) => s.markArea?.data ?? []).map((span) => [span[0]!.xAxis, span[1]!.xAxis]);
    expect(spans).toEqual([
      ['2026-09-20', '2026-09-21'],
      ['2026-10-09', '2026-10-10'],
    ]);
    for (const [from, to] of spans) expect(from).not.toBe(to);
  });
});
