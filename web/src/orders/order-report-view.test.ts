import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import {
  anomalyTable,
  buildDailyChart,
  buildFunnelChart,
  buildHeatmapChart,
  buildMixChart,
  buildOutlookChart,
  buildRankingChart,
  mixRowsOfQuery,
  orderDownloadLinks,
  orderReportParams,
  toKpiCards,
  toMixRows,
} from './order-report-view.ts';
import { ordersText } from './orders-text.ts';
import type { OrderReport, ReportTable } from './report-types.ts';

const en = createFormat('en');
const t = ordersText('en');
const zh = ordersText('zh-CN');

const table = (rows: ReportTable['rows'], columns: ReportTable['columns'] = []): ReportTable => ({ title: '', columns, rows });

function report(overrides: Partial<OrderReport> = {}): OrderReport {
  const values = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  values[5]![14] = 9;
  values[0]![9] = 3;
  return {
    kind: 'orders',
    title: 'Order analysis report',
    generatedAt: '2026-11-26T00:00:00Z',
    timeZone: 'Asia/Shanghai',
    period: { from: '2026-11-01', to: '2026-11-03' },
    previousPeriod: { from: '2026-10-29', to: '2026-10-31' },
    lastYearPeriod: { from: '2025-11-01', to: '2025-11-03' },
    filters: [],
    kpis: [
      {
        metric: 'orders',
        label: 'Orders',
        unit: 'count',
        value: 1200,
        previous: 1000,
        previousChangeRate: 0.2,
        lastYear: null,
        lastYearChangeRate: null,
      },
      {
        metric: 'revenue',
        label: 'Revenue',
        unit: 'currency',
        value: 5000.5,
        previous: 4000,
        previousChangeRate: 0.250125,
        lastYear: 6000,
        lastYearChangeRate: -0.1666,
      },
      {
        metric: 'cancel_rate',
        label: 'Cancel rate',
        unit: 'ratio',
        value: 0.05,
        previous: 0.04,
        previousChangeRate: 0.25,
        lastYear: 0.05,
        lastYearChangeRate: 0,
      },
    ],
    funnel: { created: 200, paid: 150, completed: 120, cancelled: 20, refunded: 5 },
    daily: {
      orders: [
        { at: '2026-11-01', value: 10, expected: 12, lower: 5, upper: 19 },
        { at: '2026-11-02', value: 30, expected: 12, lower: 5, upper: 19 },
        { at: '2026-11-03', value: 11, expected: null, lower: null, upper: null },
      ],
      revenue: [],
    },
    channelMix: table([
      { channel: 'app', orders: 30, revenue: 300, share: 0.6 },
      { channel: 'wechat', orders: 20, revenue: 100, share: 0.4 },
    ]),
    orderTypeMix: table([]),
    topProducts: table([]),
    topVenues: table([]),
    provinces: table(
      [
        { province: '河南', orders: 5, revenue: 900, orders_change_rate: 0.1, revenue_change_rate: -0.2 },
        { province: '广东', orders: 9, revenue: 500, orders_change_rate: null, revenue_change_rate: 0.5 },
      ],
      [
        { name: 'province', label: 'Province', unit: 'text' },
        { name: 'orders', label: 'Orders', unit: 'count' },
        { name: 'revenue', label: 'Revenue', unit: 'currency' },
        { name: 'revenue_change_rate', label: 'Revenue vs previous', unit: 'change_rate' },
      ],
    ),
    cities: table([]),
    heatmap: { weekdays: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h), values },
    anomalies: [
      { at: '2026-11-02', metric: 'orders', value: 30, expected: 12, lower: 5, upper: 19, direction: 'high', deviation: 18, relative: 1.5 },
      {
        at: '2026-11-02',
        metric: 'revenue',
        value: 999.5,
        expected: 100,
        lower: 0,
        upper: 300,
        direction: 'high',
        deviation: 899.5,
        relative: null,
      },
    ],
    outlook: {
      method: 'orders: ets',
      note: 'note',
      period: { from: '2026-11-04', to: '2026-11-05' },
      orders: 25,
      revenue: 1000,
      daily: [
        { at: '2026-11-04', value: 12, lower: 8, upper: 16 },
        { at: '2026-11-05', value: 13, lower: 9, upper: 17 },
      ],
    },
    ...overrides,
  };
}

describe('order report view', () => {
  it('asks for the report with the shared filters as metrics filters', () => {
    const params = orderReportParams({ from: '2026-11-01', to: '2026-11-30', channel: 'wechat', province: '广东' }, 'en');
    expect(params).toEqual({
      format: 'json',
      from: '2026-11-01',
      to: '2026-11-30',
      where: ['province=广东', 'channel=wechat'],
      locale: 'en',
    });
  });

  it('links the same report as HTML and Markdown and the daily metrics as CSV and XLSX', () => {
    const links = orderDownloadLinks({ from: '2026-11-01', to: '2026-11-30', channel: 'app' }, 'zh-CN');
    expect(links.html).toBe('/api/v1/reports/orders?from=2026-11-01&to=2026-11-30&where=channel%3Dapp&locale=zh-CN&format=html');
    expect(links.md).toContain('format=md');
    const csv = new URL(links.csv, 'http://x');
    expect(csv.pathname).toBe('/api/v1/query');
    expect(csv.searchParams.getAll('metric')).toContain('orders');
    expect(csv.searchParams.get('by')).toBe('day');
    expect(csv.searchParams.getAll('where')).toEqual(['channel=app']);
    expect(new URL(links.xlsx, 'http://x').searchParams.get('format')).toBe('xlsx');
  });

  it('writes KPIs in their unit with 环比 and 同比 and what they compare with', () => {
    const cards = toKpiCards(report().kpis, en, t);
    expect(cards.map((c) => c.value)).toEqual(['1,200', 'CN¥5,000.50', '5.0%']);
    expect(cards[0]!.comparisons).toEqual([
      { label: 'vs previous', change: 0.2, reference: '1,000' },
      { label: 'vs last year', change: null, reference: '—' },
    ]);
    expect(toKpiCards(report().kpis, createFormat('zh-CN'), zh)[1]!.comparisons.map((c) => c.label)).toEqual(['环比', '同比']);
  });

  it('draws the funnel created → paid → completed and lists cancelled and refunded beside', () => {
    const { option, table: funnel } = buildFunnelChart(report(), en, t);
    const series = (option.series as { data: { name: string; value: number }[] }[])[0]!;
    expect(series.data).toEqual([
      { name: 'Created', value: 200 },
      { name: 'Paid', value: 150 },
      { name: 'Completed', value: 120 },
    ]);
    expect(funnel.rows.map((r) => [r.step, r.orders, r.ofCreated, r.ofPrevious])).toEqual([
      ['Created', 200, 1, null],
      ['Paid', 150, 0.75, 0.75],
      ['Completed', 120, 0.6, 0.8],
      ['Cancelled', 20, 0.1, null],
      ['Refunded', 5, 0.025, null],
    ]);
  });

  it('marks the days outside their normal range on the daily chart and in its table', () => {
    const { option, table: daily } = buildDailyChart(report().daily.orders, report().anomalies, 'orders', en, t);
    expect(daily.rows.map((r) => r.anomaly)).toEqual(['', 'high', '']);
    expect(daily.rows[2]).toMatchObject({ expected: null, lower: null, upper: null });
    const series = option.series as { name: string; data: unknown[]; markPoint?: { data: { coord: unknown[] }[] } }[];
    expect(series.find((s) => s.name === 'Actual')!.markPoint!.data.map((m) => m.coord)).toEqual([['2026-11-02', 30]]);
    // The band is drawn as its lower edge plus its width, stacked.
    expect(series.filter((s) => s.name === 'Normal range').map((s) => s.data)).toEqual([
      [5, 5, null],
      [14, 14, null],
    ]);
  });

  it('draws no normal range on a day chart without a single order, and whole ticks for order counts', () => {
    const empty = [
      { at: '2026-11-01', value: 0, expected: 1, lower: 0, upper: 3.28 },
      { at: '2026-11-02', value: 0, expected: 1, lower: 0, upper: 3.28 },
    ];
    const { option } = buildDailyChart(empty, [], 'orders', en, t);
    const series = option.series as { name: string; data: unknown[] }[];
    for (const band of series.filter((s) => s.name === 'Normal range' || s.name === 'Expected')) expect(band.data).toEqual([null, null]);
    expect((option.yAxis as { minInterval?: number }).minInterval).toBe(1);
    const ranking = buildRankingChart({
      table: table([{ province: '河南', orders: 2 }]),
      label: (r) => String(r.province),
      metric: 'orders',
      format: en,
    });
    expect((ranking.option.xAxis as { minInterval?: number }).minInterval).toBe(1);
  });

  it('computes mix shares, names values in the page language and keeps the raw value for filtering', () => {
    const rows = toMixRows(report().channelMix.rows, 'channel', 'zh-CN');
    expect(rows).toEqual([
      { key: 'app', label: 'App', orders: 30, revenue: 300, ordersShare: 0.6, revenueShare: 0.75 },
      { key: 'wechat', label: '微信端', orders: 20, revenue: 100, ordersShare: 0.4, revenueShare: 0.25 },
    ]);
    const { option } = buildMixChart(rows, 'revenue', '渠道', en, t, 'wechat');
    const data = (option.series as { data: { key: string; value: number; selected: boolean }[] }[])[0]!.data;
    expect(data.map((d) => [d.key, d.value, d.selected])).toEqual([
      ['app', 300, false],
      ['wechat', 100, true],
    ]);
  });

  it('orders a metrics breakdown biggest first', () => {
    const rows = mixRowsOfQuery(
      {
        columns: [],
        period: { from: null, to: null },
        timeZone: 'Asia/Shanghai',
        rows: [
          { status: 'cancelled', orders: 2, revenue: 0 },
          { status: 'completed', orders: 8, revenue: 90 },
        ],
      },
      'status',
      'en',
    );
    expect(rows.map((r) => [r.label, r.ordersShare])).toEqual([
      ['Completed', 0.8],
      ['Cancelled', 0.2],
    ]);
  });

  it('ranks provinces by the chosen metric, top first, each bar carrying its filter', () => {
    const { option, table: provinces } = buildRankingChart({
      table: report().provinces,
      label: (row) => String(row.province),
      metric: 'orders',
      format: en,
      sort: true,
      keyOf: (row) => ({ province: String(row.province) }),
      isSelected: (row) => row.province === '河南',
    });
    // Category axes draw bottom-up, so the top row comes last.
    expect((option.yAxis as { data: string[] }).data).toEqual(['河南', '广东']);
    const bars = (option.series as { data: { value: number; key: { province: string }; itemStyle: { color: string } }[] }[])[0]!.data;
    expect(bars.map((b) => [b.key.province, b.value])).toEqual([
      ['河南', 5],
      ['广东', 9],
    ]);
    expect(bars[0]!.itemStyle.color).not.toBe(bars[1]!.itemStyle.color);
    expect(provinces.columns.map((c) => c.format?.(provinces.rows[0]![c.key], provinces.rows[0]!))).toEqual([
      '河南',
      '5',
      'CN¥900.00',
      '-20.0%',
    ]);
  });

  it('lays out the weekday × hour heatmap with row totals and finds the peak', () => {
    const { table: heat, peak } = buildHeatmapChart(report(), en, t);
    expect(peak).toEqual({ weekday: 'Sat', hour: 14, orders: 9 });
    expect(heat.rows[0]).toMatchObject({ weekday: 'Mon', h9: 3, total: 3 });
    expect(heat.columns).toHaveLength(26);
  });

  it('lists anomalies with money written as money', () => {
    const anomalies = anomalyTable(report().anomalies, en, t);
    const revenue = anomalies.rows[1]!;
    const value = anomalies.columns.find((c) => c.key === 'value')!;
    expect(value.format!(revenue.value, revenue)).toBe('CN¥999.50');
    expect(anomalies.rows.map((r) => r.verdict)).toEqual(['▲ high', '▲ high']);
  });

  it('continues the period with the outlook and its 80% band', () => {
    const { table: outlook } = buildOutlookChart(report(), en, t);
    expect(outlook.rows.map((r) => [r.date, r.actual, r.forecast, r.lower, r.upper])).toEqual([
      ['2026-11-01', 10, null, null, null],
      ['2026-11-02', 30, null, null, null],
      ['2026-11-03', 11, null, null, null],
      ['2026-11-04', null, 12, 8, 16],
      ['2026-11-05', null, 13, 9, 17],
    ]);
  });
});
