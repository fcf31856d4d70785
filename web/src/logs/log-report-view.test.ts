import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../api.ts';
import { createFormat } from '../i18n/format.ts';
import type { LogReport } from '../orders/report-types.ts';
import {
  buildBreakdownChart,
  buildErrorRateChart,
  buildLevelMixChart,
  buildLevelVolumeChart,
  dailyLevelSeries,
  hourlyLevelSeries,
  hourlyPeriod,
  logDownloadLinks,
  logReportParams,
  spikesTable,
  toLogKpiCards,
  topErrorsTable,
} from './log-report-view.ts';
import { logsText } from './logs-text.ts';

const en = createFormat('en');
const t = logsText('en');

const report: LogReport = {
  kind: 'logs',
  title: 'System log report',
  generatedAt: '2026-11-26T00:00:00Z',
  timeZone: 'Asia/Shanghai',
  period: { from: '2026-11-01', to: '2026-11-02' },
  kpis: [
    {
      metric: 'log_count',
      label: 'Logs',
      unit: 'count',
      value: 40,
      previous: 50,
      previousChangeRate: -0.2,
      lastYear: null,
      lastYearChangeRate: null,
    },
    {
      metric: 'error_rate',
      label: 'Error rate',
      unit: 'ratio',
      value: 0.125,
      previous: 0.1,
      previousChangeRate: 0.25,
      lastYear: 0.2,
      lastYearChangeRate: -0.375,
    },
  ],
  daily: {
    days: ['2026-11-01', '2026-11-02'],
    // Unordered on purpose: the chart puts levels from calm to alarming.
    byLevel: { ERROR: [2, 1], INFO: [15, 17], FATAL: [0, 2], WARN: [3, 0] },
    errorRate: [0.1, 0.15],
  },
  byType: {
    title: '',
    columns: [],
    rows: [
      { log_type: 'api_request', log_count: 30, error_rate: 0.05 },
      { log_type: 'system_error', log_count: 10, error_rate: 0.35 },
    ],
  },
  bySource: { title: '', columns: [], rows: [] },
  topErrors: [
    {
      template: 'Timeout after <duration>',
      count: 3,
      levels: { FATAL: 1, ERROR: 2 },
      example: 'Timeout after 30ms',
      first: '2026-11-01T01:00:00.000Z',
      last: '2026-11-02T02:30:00.000Z',
    },
  ],
  spikes: [
    { at: '2026-11-02 10:00', metric: 'errors', value: 6, expected: 1, lower: 0, upper: 3, direction: 'high', deviation: 5, relative: 5 },
  ],
};

const query = (rows: QueryResult['rows']): QueryResult => ({
  columns: [],
  rows,
  period: { from: null, to: null },
  timeZone: 'Asia/Shanghai',
});

describe('log report view', () => {
  it('asks for the period only: logs have no region, channel or segment', () => {
    expect(logReportParams({ from: '2026-11-01', to: '2026-11-02' }, 'en')).toEqual({
      format: 'json',
      from: '2026-11-01',
      to: '2026-11-02',
      locale: 'en',
    });
    const links = logDownloadLinks({ from: '2026-11-01', to: '2026-11-02' }, 'zh-CN');
    expect(links.html).toBe('/api/v1/reports/logs?from=2026-11-01&to=2026-11-02&locale=zh-CN&format=html');
    expect(new URL(links.csv, 'http://x').searchParams.getAll('metric')).toEqual(['log_count', 'error_rate']);
  });

  it('limits the hourly view to the last days of the period', () => {
    expect(hourlyPeriod({ from: '2026-10-01', to: '2026-11-30' })).toEqual({ from: '2026-11-17', to: '2026-11-30' });
    expect(hourlyPeriod({ from: '2026-11-29', to: '2026-11-30' })).toEqual({ from: '2026-11-29', to: '2026-11-30' });
  });

  it('adds the error and warning counts of the period to the report KPIs', () => {
    const cards = toLogKpiCards(report, en, t);
    expect(cards.map((c) => [c.id, c.value])).toEqual([
      ['log_count', '40'],
      ['error_rate', '12.50%'],
      ['errors', '5'],
      ['warnings', '3'],
    ]);
    expect(cards[1]!.comparisons).toEqual([
      { label: 'vs previous', change: 0.25, reference: '10.00%' },
      { label: 'vs last year', change: -0.375, reference: '20.00%' },
    ]);
  });

  it('stacks daily volume by level from calm to alarming, with totals in its table', () => {
    const { option, table } = buildLevelVolumeChart(dailyLevelSeries(report), en, 'en', t);
    expect((option.series as { name: string }[]).map((s) => s.name)).toEqual(['INFO Info', 'WARN Warning', 'ERROR Error', 'FATAL Fatal']);
    expect(table.columns.map((c) => c.key)).toEqual(['time', 'INFO', 'WARN', 'ERROR', 'FATAL', 'total']);
    expect(table.rows).toEqual([
      { time: '2026-11-01', INFO: 15, WARN: 3, ERROR: 2, FATAL: 0, total: 20 },
      { time: '2026-11-02', INFO: 17, WARN: 0, ERROR: 1, FATAL: 2, total: 20 },
    ]);
  });

  it('fills every hour of the hourly view and marks the spikes in it', () => {
    const series = hourlyLevelSeries(
      query([
        { hour: '2026-11-02 10:00', log_level: 'ERROR', log_count: 6 },
        { hour: '2026-11-02 10:00', log_level: 'INFO', log_count: 1 },
        { hour: '2026-11-03 00:00', log_level: 'INFO', log_count: 9 },
      ]),
      { from: '2026-11-01', to: '2026-11-02' },
    );
    expect(series.times).toHaveLength(48);
    expect(series.byLevel.ERROR![34]).toBe(6);
    expect(series.byLevel.INFO!.reduce((a, b) => a + b, 0)).toBe(1);
    const { option } = buildLevelVolumeChart(series, en, 'en', t, report.spikes);
    const top = (option.series as { markPoint?: { data: { coord: unknown[] }[] } }[]).at(-1)!;
    expect(top.markPoint!.data.map((m) => m.coord)).toEqual([['2026-11-02 10:00', 7]]);
  });

  it('draws the daily error rate against the period average', () => {
    const { table, average } = buildErrorRateChart(report, en, t);
    expect(average).toBe(0.125);
    expect(table.rows).toEqual([
      { date: '2026-11-01', errorRate: 0.1, errors: 2, total: 20 },
      { date: '2026-11-02', errorRate: 0.15, errors: 3, total: 20 },
    ]);
  });

  it('shares logs out by level', () => {
    const { table } = buildLevelMixChart(
      query([
        { log_level: 'ERROR', log_count: 5 },
        { log_level: 'INFO', log_count: 15 },
      ]),
      en,
      'zh-CN',
      t,
    );
    expect(table.rows).toEqual([
      { level: 'INFO', label: 'INFO 信息', count: 15, share: 0.75 },
      { level: 'ERROR', label: 'ERROR 错误', count: 5, share: 0.25 },
    ]);
  });

  it('names types in words with their code in the breakdown table', () => {
    const { table, option } = buildBreakdownChart(report.byType, 'log_type', en, 'en', t);
    expect(table.rows.map((r) => r.log_type)).toEqual(['API request (api_request)', 'System error (system_error)']);
    expect((option.series as { data: unknown[] }[]).map((s) => s.data)).toEqual([
      [30, 10],
      [0.05, 0.35],
    ]);
  });

  it('lists error templates with their levels and times in the business zone, and spikes', () => {
    const templates = topErrorsTable(report, en, t);
    const row = templates.rows[0]!;
    expect(row.levels).toBe('ERROR 2 · FATAL 1');
    const first = templates.columns.find((c) => c.key === 'first')!;
    expect(first.format!(row.first, row)).toBe('11/01/2026, 09:00');
    expect(spikesTable(report.spikes, en, t).rows[0]).toMatchObject({ at: '2026-11-02 10:00', metric: 'Errors', value: 6 });
  });
});
