import { describe, expect, it } from 'vitest';
import type { FlowForecast } from '../flow-types.ts';
import { createFormat } from '../i18n/format.ts';
import {
  allocationTable,
  buildBacktestChart,
  buildComponentsChart,
  buildEffectChart,
  buildHolidayChart,
  buildHourlyHeatmap,
  buildProfileChart,
  effectEntries,
  peakDaysTable,
  pickPeakVenue,
  readForecastParams,
  smallCount,
  summariseAccuracy,
  valueFormatFor,
} from './forecast-model.ts';
import { forecastText, methodLabel, translateNote } from './forecast-text.ts';
import type { HolidayForecastPeriod, HourPlan, PeakPlan, PeakResult } from './forecast-types.ts';

const format = createFormat('zh-CN');
const words = forecastText('zh-CN');

describe('URL parameters', () => {
  it('reads metric, horizon and the peak plan settings, with defaults for anything missing or out of range', () => {
    expect(readForecastParams(new URLSearchParams())).toEqual({
      metric: 'visitors',
      horizon: 30,
      peakVenue: undefined,
      peakDays: 7,
      throughput: 60,
      targetUtilisation: 0.85,
      peakDay: undefined,
    });
    const params = readForecastParams(
      new URLSearchParams(
        'fc_metric=revenue&fc_horizon=90&peak_venue=V1&peak_days=14&peak_throughput=40&peak_target=0.7&peak_day=2026-12-01',
      ),
    );
    expect(params).toEqual({
      metric: 'revenue',
      horizon: 90,
      peakVenue: 'V1',
      peakDays: 14,
      throughput: 40,
      targetUtilisation: 0.7,
      peakDay: '2026-12-01',
    });
    const bad = readForecastParams(new URLSearchParams('fc_metric=aov&fc_horizon=45&peak_throughput=-3&peak_target=1.5'));
    expect(bad).toMatchObject({ metric: 'visitors', horizon: 30, throughput: 60, targetUtilisation: 0.85 });
  });
});

describe('numbers', () => {
  it('writes small counts with decimals and money as money', () => {
    const count = smallCount(format);
    expect(count(0)).toBe('0');
    expect(count(0.04)).toBe('0.04');
    expect(count(2.46)).toBe('2.5');
    expect(count(1234.4)).toBe('1,234');
    expect(valueFormatFor('revenue', format)(12.5)).toBe('¥12.50');
  });
});

const backtest = {
  horizon: 28,
  windows: 3,
  scores: [
    { method: 'ets', mase: 1.02, smape: 24 },
    { method: 'hybrid', mase: 0.9, smape: 21.2 },
    { method: 'seasonal_naive', mase: 1.2, smape: 28 },
  ],
  selected: { method: 'hybrid', mase: 0.9, smape: 21.2 },
  seasonalNaive: { method: 'seasonal_naive', mase: 1.2, smape: 28 },
};

const forecastOf = (overrides: Partial<FlowForecast['forecast']>): FlowForecast['forecast'] => ({
  method: 'hybrid',
  combines: [],
  points: [],
  backtest,
  effects: null,
  fallback: null,
  notes: [],
  ...overrides,
});

describe('accuracy headline', () => {
  it('says how much less error the chosen method makes than seasonal naive', () => {
    const summary = summariseAccuracy(forecastOf({}))!;
    expect(summary.selected.mase).toBe(0.9);
    expect(summary.naive?.mase).toBe(1.2);
    expect(summary.improvement).toBeCloseTo(0.25, 10);
  });

  it('has nothing to say without a back-test (a short-history fallback)', () => {
    expect(summariseAccuracy(forecastOf({ backtest: null }))).toBeNull();
  });

  it('names methods for people and puts the forecaster’s known notes in Chinese', () => {
    expect(methodLabel('seasonal_naive', 'zh-CN')).toContain('季节性朴素');
    expect(methodLabel('combined', 'en')).toContain('Combined');
    expect(methodLabel('additive', 'zh-CN')).toContain('加性');
    expect(translateNote("bands beyond 28 days extrapolate the back-test's error growth", 'zh-CN')).toBe(
      '超过 28 天的区间按回测误差的增长外推',
    );
    expect(
      translateNote(
        'only 20 observed days of history (the full model needs 56): the last week is repeated, with wide bands; accuracy cannot be back-tested yet',
        'zh-CN',
      ),
    ).toBe('只有 20 天有观测的历史（完整模型需要 56 天）：重复最近一周，区间较宽；还无法回测准确度');
    expect(translateNote('something new', 'zh-CN')).toBe('something new');
    expect(translateNote("bands beyond 28 days extrapolate the back-test's error growth", 'en')).toContain('bands beyond');
  });
});

describe('decomposition and effects', () => {
  const point = (ds: string, components: Record<string, number>) => {
    const yhat = Object.values(components).reduce((a, b) => a + b, 0);
    return { ds, yhat, lower80: yhat, upper80: yhat, lower95: yhat, upper95: yhat, components };
  };

  it('stacks each present component in a fixed order and tables them with the forecast', () => {
    const { option, table, components } = buildComponentsChart({
      points: [point('2026-12-01', { holiday: 0, trend: 10, weekly: -2 }), point('2026-12-02', { trend: 10, weekly: 3, yearly: 1 })],
      words,
      valueFormat: (v) => String(v),
    });
    expect(components).toEqual(['trend', 'weekly', 'yearly', 'holiday']);
    const series = (option as { series: { name: string; stack?: string; data: unknown[] }[] }).series;
    expect(series.map((s) => s.name)).toEqual(['趋势', '星期', '年度季节', '节假日', '预测']);
    expect(series[1]!.data).toEqual([-2, 3]);
    expect(series[2]!.data).toEqual([null, 1]);
    expect(table.rows[0]).toMatchObject({ date: '2026-12-01', trend: 10, weekly: -2, forecast: 8 });
  });

  it('turns factors into uplifts: holidays, weekdays Monday first, weather', () => {
    const entries = effectEntries(
      { holidays: { national_day: 2 }, weekdays: [0.8, 1, 1, 1, 1, 1.1, 1.1], weather: { rain: 0.9 } },
      'zh-CN',
    );
    expect(entries.holidays).toEqual([{ key: 'national_day', label: '国庆节', factor: 2, effect: 1 }]);
    expect(entries.weekdays[0]).toMatchObject({ label: '周一', effect: expect.closeTo(-0.2, 10) });
    expect(entries.weather[0]).toMatchObject({ label: '雨', effect: expect.closeTo(-0.1, 10) });
    const { option, table } = buildEffectChart({ entries: entries.weekdays, words, format });
    expect(table.rows).toHaveLength(7);
    const bars = (option as { series: { data: { value: number; itemStyle: { color: string } }[] }[] }).series[0]!.data;
    expect(bars[0]!.itemStyle.color).toBe('#ef4444');
    expect(bars[5]!.itemStyle.color).toBe('#10b981');
  });
});

describe('back-test chart', () => {
  it('lists every candidate best first and marks the chosen one', () => {
    const { table, option } = buildBacktestChart({ backtest, locale: 'zh-CN', words, format });
    expect(table.rows.map((row) => [row.method, row.selected])).toEqual([
      ['hybrid', true],
      ['ets', false],
      ['seasonal_naive', false],
    ]);
    const smape = table.columns.find((column) => column.key === 'smape')!;
    expect(smape.format!(21.2, table.rows[0]!)).toBe('21.2%');
    const bars = (option as { series: { data: { itemStyle: { color: string } }[] }[] }).series[0]!.data;
    expect(bars[0]!.itemStyle.color).toBe('#f59e0b');
  });
});

describe('holiday chart', () => {
  const period: HolidayForecastPeriod = {
    holiday: 'new_year',
    label: { zh: '元旦', en: "New Year's Day" },
    start: '2027-01-01',
    end: '2027-01-02',
    length: 2,
    makeupWorkdays: [],
    provisional: true,
    days: [
      {
        date: '2027-01-01',
        day: 1,
        forecast: { yhat: 20, lower80: 15, upper80: 28, lower95: 12, upper95: 34 },
        lastYear: { date: '2026-01-01', value: 10 },
      },
      { date: '2027-01-02', day: 2, forecast: null, lastYear: null },
    ],
    total: 20,
    lastYearTotal: 10,
    normalDay: 15,
    upliftOverNormal: 0.33,
    upliftOverLastYear: 1,
  };

  it('sets each holiday day against the same day last year, with the band as a stacked area', () => {
    const { option, table } = buildHolidayChart({ period, words, locale: 'zh-CN', valueFormat: (v) => String(v), shortDate: (d) => d });
    expect(table.rows).toEqual([
      { day: 1, date: '2027-01-01', forecast: 20, lower80: 15, upper80: 28, lastYearDate: '2026-01-01', lastYear: 10 },
      { day: 2, date: '2027-01-02', forecast: null, lower80: null, upper80: null, lastYearDate: null, lastYear: null },
    ]);
    const series = (option as { series: { name: string; data: unknown[] }[] }).series;
    expect(series.map((s) => s.name)).toEqual(['去年实际', '80% 区间', '80% 区间', '预测']);
    expect(series[1]!.data).toEqual([15, null]);
    expect(series[2]!.data).toEqual([13, null]);
    expect((option as { xAxis: { data: string[] } }).xAxis.data[0]).toBe('第 1 天\n2027-01-01');
  });
});

describe('peak plan', () => {
  it('plans for the filter’s venue, else the one chosen here, else the busiest', () => {
    const candidates = [
      { venue: 'V2', name: '动物园' },
      { venue: 'V1', name: '海洋馆' },
    ];
    expect(pickPeakVenue({ filterVenue: 'V1', chosen: 'V2', candidates })).toEqual({ venue: 'V1', name: '海洋馆', source: 'filter' });
    expect(pickPeakVenue({ filterVenue: undefined, chosen: 'V1', candidates })).toEqual({ venue: 'V1', name: '海洋馆', source: 'chosen' });
    expect(pickPeakVenue({ filterVenue: undefined, chosen: undefined, candidates })).toEqual({
      venue: 'V2',
      name: '动物园',
      source: 'busiest',
    });
    expect(pickPeakVenue({ filterVenue: undefined, chosen: undefined, candidates: [] })).toBeNull();
  });

  const hour = (h: number, visitors: number, over = false): HourPlan => ({
    hour: h,
    open: h >= 9 && h < 18,
    share: visitors / 100,
    visitors,
    upperVisitors: visitors * 1.5,
    staff: Math.ceil(visitors / 60),
    staffUpper: Math.ceil((visitors * 1.5) / 60),
    capacity: 120,
    quota: 102,
    utilisation: visitors / 120,
    upperUtilisation: (visitors * 1.5) / 120,
    overCapacity: over,
    upperOverCapacity: over,
  });
  const day: PeakPlan = {
    date: '2026-12-05',
    dayType: 'weekend',
    profileSource: 'weekend',
    profileDays: 28,
    visitors: 700,
    lower: 500,
    upper: 900,
    hours: Array.from({ length: 24 }, (_, h) => hour(h, h >= 9 && h < 18 ? (h === 14 ? 130 : 60) : 0, h === 14)),
    peakWindow: { startHour: 12, endHour: 16, hours: 4, visitors: 350, share: 0.5 },
    busiestHour: { hour: 14, visitors: 130, share: 0.19 },
    peakStaff: 3,
    peakStaffUpper: 4,
    staffHours: 10,
    staffHoursUpper: 14,
    capacity: 1000,
    quota: 850,
    utilisation: 0.7,
    upperUtilisation: 0.9,
    overCapacity: true,
    upperOverCapacity: true,
    reasons: ['14:00 is over capacity'],
  };

  it('tables the open hours with staff, quota and the over-capacity hour flagged', () => {
    const table = allocationTable(day, words, format);
    expect(table.rows).toHaveLength(9);
    expect(table.rows[0]).toMatchObject({ hour: '09:00', visitors: 60, staff: 1, quota: 102, peak: false });
    const busiest = table.rows.find((row) => row.hour === '14:00')!;
    expect(busiest).toMatchObject({ staff: 3, overCapacity: '超容量', peak: true });
    const hourColumn = table.columns[0]!;
    expect(hourColumn.format!(busiest.hour, busiest)).toBe('14:00 · 高峰时段');
  });

  it('summarises each day with its peak window, busiest hour and capacity verdict', () => {
    const table = peakDaysTable([day], words, format);
    expect(table.rows[0]).toMatchObject({
      date: '2026-12-05',
      dayType: '周末',
      peakWindow: '12:00–16:00',
      busiestHour: '14:00',
      peakStaff: 3,
      overCapacity: '超容量',
      reasons: '14:00 is over capacity',
    });
  });

  it('draws hours across and days down, flagging days over capacity', () => {
    const { option, table } = buildHourlyHeatmap({ days: [day], words, format, shortDate: (d) => d });
    expect((option as { yAxis: { data: string[] } }).yAxis.data).toEqual(['2026-12-05 ⚠']);
    expect((option as { series: { data: number[][] }[] }).series[0]!.data).toHaveLength(24);
    expect(table.rows[0]).toMatchObject({ date: '2026-12-05', h14: 130, h3: 0 });
  });

  it('draws the hourly profile of each day type, naming a borrowed profile', () => {
    const shares = Array.from({ length: 24 }, (_, h) => (h === 12 ? 1 : 0));
    const profile = (dayType: PeakPlan['dayType'], fallback: boolean) => ({
      dayType,
      source: fallback ? 'workday' : dayType,
      fallback,
      days: 10,
      shares,
    });
    const profiles: PeakResult['profiles'] = {
      byDayType: {
        workday: profile('workday', false),
        weekend: profile('weekend', false),
        holiday: profile('holiday', false),
        makeup_workday: profile('makeup_workday', true),
      },
      daysByType: { workday: 10, weekend: 4, holiday: 1, makeup_workday: 0 },
      totalDays: 15,
      minDays: 3,
    };
    const { option, table } = buildProfileChart({ profiles, words, format });
    const names = (option as { series: { name: string }[] }).series.map((s) => s.name);
    expect(names[3]).toBe('调休上班（借用工作日（样本 10 天））');
    expect(table.rows[12]).toMatchObject({ hour: '12:00', workday: 1 });
  });
});
