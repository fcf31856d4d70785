import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import { alertWords, sortAlerts, type ActiveAlert } from './active-alerts.ts';
import { forecastTarget } from './forecast-target.ts';
import { buildHotspotChart, type HotspotRow } from './hotspot-chart.ts';
import { buildLatestOrdersTable, buildLiveMinuteChart } from './live-panels.ts';
import type { LiveOrder } from './use-live-feed.ts';

const en = createFormat('en');

describe('overview panels', () => {
  it('draws the last hour with local minute labels and keeps the numbers in the table', () => {
    const { option, table } = buildLiveMinuteChart(
      [
        { minute: '2026-11-26 09:58', orders: 1, revenue: 10.5, visitors: 2 },
        { minute: '2026-11-26 09:59', orders: 0, revenue: 0, visitors: 1 },
      ],
      'en',
      en,
    );
    expect(table.rows).toEqual([
      { minute: '09:58', visitors: 2, orders: 1, revenue: 10.5 },
      { minute: '09:59', visitors: 1, orders: 0, revenue: 0 },
    ]);
    const series = (option as { series: { name: string; data: number[]; yAxisIndex?: number }[] }).series;
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['Orders', [1, 0]],
      ['Visitors', [2, 1]],
      ['Revenue', [10.5, 0]],
    ]);
    expect(series[2]!.yAxisIndex).toBe(1);
  });

  it('writes the latest orders with status and channel in words, in the business zone', () => {
    const order: LiveOrder = {
      orderId: 'WEB-1',
      userId: 'U0*****93',
      createdAt: '2026-11-25T15:36:22.000Z',
      paidAt: null,
      amount: 88.8,
      status: 'pending_shipment',
      channel: 'wechat',
      venueId: 'V1',
      venueName: null,
      province: '广东',
      city: '东莞',
      ingestedAt: null,
    };
    const table = buildLatestOrdersTable([order], 'zh-CN', createFormat('zh-CN'), 'Asia/Shanghai');
    const cell = (key: string) => {
      const column = table.columns.find((c) => c.key === key)!;
      return column.format!((order as unknown as Record<string, unknown>)[key], order);
    };
    expect(cell('status')).toBe('待发货');
    expect(cell('channel')).toBe('微信端');
    expect(cell('createdAt')).toBe('2026/11/25 23:36');
    expect(cell('venueName')).toBe('V1');
    expect(cell('amount')).toBe('¥88.80');
  });

  it('ranks hot spots busiest first, marks the emerging ones and puts the rank in the table', () => {
    const row = (key: string, current: number, emerging: boolean, rank: number): HotspotRow => ({
      key,
      label: `Venue ${key}`,
      current,
      previous: 10,
      capacity: 1000,
      forecast: null,
      growth: current / 10 - 1,
      utilisation: current / 1000,
      emerging,
      ranks: { flow: rank },
    });
    const { option, table } = buildHotspotChart([row('a', 30, false, 1), row('b', 20, true, 2)], 'en', en);
    expect(table.rows.map((r) => [r.rank, r.label, r.current, r.emerging])).toEqual([
      [1, 'Venue a', 30, false],
      [2, 'Venue b', 20, true],
    ]);
    const bars = (option as { series: { data: { value: number; itemStyle?: { color: string } }[] }[] }).series[0]!.data;
    expect(bars.map((b) => [b.value, b.itemStyle?.color ?? null])).toEqual([
      [30, null],
      [20, '#dc2626'],
    ]);
    expect(table.columns.find((c) => c.key === 'growth')!.format!(1, table.rows[0]!)).toBe('+100.0%');
  });

  it('lists critical alerts first and speaks the dashboard language', () => {
    const alert = (id: string, severity: ActiveAlert['severity']): ActiveAlert => ({
      id,
      kind: 'over_capacity',
      severity,
      title: { zh: `标题${id}`, en: `Title ${id}` },
      detail: { zh: '详情', en: 'Detail' },
    });
    const sorted = sortAlerts([alert('1', 'info'), alert('2', 'critical'), alert('3', 'warning'), alert('4', 'critical')]);
    expect(sorted.map((a) => a.id)).toEqual(['2', '4', '3', '1']);
    expect(alertWords(sorted[0]!, 'en')).toEqual({ title: 'Title 2', detail: 'Detail' });
    expect(alertWords(sorted[0]!, 'zh-CN').title).toBe('标题2');
  });

  it('asks the forecast of the most specific place chosen', () => {
    expect(forecastTarget({ province: '广东', city: '东莞', venue: 'V1' })).toEqual({ venue: 'V1' });
    expect(forecastTarget({ province: '广东', city: '东莞' })).toEqual({ city: '东莞' });
    expect(forecastTarget({ province: '广东' })).toEqual({ province: '广东' });
    expect(forecastTarget({})).toEqual({});
  });
});
