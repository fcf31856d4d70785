import { describe, expect, it } from 'vitest';
import {
  describeChange,
  formatKpiValue,
  formatPeriod,
  formatTableCell,
  formatTimestamp,
  formatValue,
  metricLabel,
  reportLabels,
  weekdayLabel,
} from './report-labels.ts';

describe('reportLabels', () => {
  it('has the same words in both locales', () => {
    expect(Object.keys(reportLabels('en')).sort()).toEqual(Object.keys(reportLabels('zh-CN')).sort());
  });
});

describe('weekdayLabel', () => {
  it('reads ISO weekdays with 1 as Monday and 7 as Sunday', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => weekdayLabel(d))).toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日']);
    expect(weekdayLabel(1, 'en')).toBe('Mon');
    expect(weekdayLabel(7, 'en')).toBe('Sun');
  });

  it('shows a weekday number out of range as it is', () => {
    expect(weekdayLabel(0)).toBe('0');
  });
});

describe('metricLabel', () => {
  it('names metrics from the catalog and the log report’s error series', () => {
    expect(metricLabel('revenue')).toBe('销售额');
    expect(metricLabel('revenue', 'en')).toBe('Revenue');
    expect(metricLabel('errors')).toBe('错误数');
    expect(metricLabel('something_else')).toBe('something_else');
  });
});

describe('formatValue', () => {
  it('writes counts grouped, money with two decimals and ratios as percentages', () => {
    expect(formatValue(1234567, 'count')).toBe('1,234,567');
    expect(formatValue(1234567.891, 'currency')).toBe('1,234,567.89');
    expect(formatValue(0.2078, 'ratio')).toBe('20.8%');
    expect(formatValue(0.123, 'change_rate')).toBe('+12.3%');
    expect(formatValue('北京', 'text')).toBe('北京');
  });

  it('shows a dash for a missing or non-finite number', () => {
    expect(formatValue(null, 'count')).toBe('—');
    expect(formatValue(undefined, 'currency')).toBe('—');
    expect(formatValue(Number.NaN, 'ratio')).toBe('—');
  });
});

describe('formatKpiValue', () => {
  it('puts the yuan sign on money and keeps the sign of a loss in front', () => {
    expect(formatKpiValue(1234567.89, 'currency')).toBe('¥1,234,567.89');
    expect(formatKpiValue(-5, 'currency')).toBe('-¥5.00');
    expect(formatKpiValue(null, 'currency')).toBe('—');
    expect(formatKpiValue(42, 'count')).toBe('42');
  });
});

describe('formatTableCell', () => {
  it('uses the declared unit, else the one the column name implies', () => {
    expect(formatTableCell(0.05, { name: 'share', label: '占比', unit: 'ratio' })).toBe('5.0%');
    expect(formatTableCell(-0.0421, { name: 'orders_change_rate', label: '订单环比' })).toBe('-4.2%');
    expect(formatTableCell(99.5, { name: 'revenue', label: '销售额' })).toBe('99.50');
    expect(formatTableCell(7, { name: 'rank', label: '#' })).toBe('7');
  });
});

describe('describeChange', () => {
  it('says a rise and a fall with an arrow, a signed rate and a word', () => {
    expect(describeChange(0.123)).toEqual({ direction: 'up', arrow: '▲', rate: '+12.3%', word: '上升' });
    expect(describeChange(-0.031, 'en')).toEqual({ direction: 'down', arrow: '▼', rate: '-3.1%', word: 'down' });
  });

  it('calls a change that rounds to 0.0% flat, whatever its sign', () => {
    expect(describeChange(-0.0001)).toEqual({ direction: 'flat', arrow: '＝', rate: '0.0%', word: '持平' });
    expect(describeChange(0)).toMatchObject({ direction: 'flat' });
  });

  it('says there is nothing to compare with when the rate is missing', () => {
    expect(describeChange(null)).toEqual({ direction: 'none', arrow: '—', rate: '', word: '无可比数据' });
  });
});

describe('formatPeriod', () => {
  it('joins the two days in the locale and gives a one-day period as its day', () => {
    expect(formatPeriod({ from: '2024-06-01', to: '2024-06-30' })).toBe('2024-06-01 至 2024-06-30');
    expect(formatPeriod({ from: '2024-06-01', to: '2024-06-30' }, 'en')).toBe('2024-06-01 to 2024-06-30');
    expect(formatPeriod({ from: '2024-06-01', to: '2024-06-01' })).toBe('2024-06-01');
  });
});

describe('formatTimestamp', () => {
  it('shows an instant on the report’s wall clock, whatever the host zone', () => {
    expect(formatTimestamp('2024-06-30T16:30:00.000Z', 'Asia/Shanghai')).toBe('2024-07-01 00:30');
    expect(formatTimestamp('2024-06-30T16:30:00+08:00', 'Asia/Shanghai')).toBe('2024-06-30 16:30');
  });

  it('shows a naive wall-clock time as it is, without seconds', () => {
    expect(formatTimestamp('2024-06-27 14:02:03', 'Asia/Shanghai')).toBe('2024-06-27 14:02');
    expect(formatTimestamp('2024-06-27 14:00', 'Asia/Shanghai')).toBe('2024-06-27 14:00');
  });

  it('falls back to UTC, said so, for an unknown zone and to a dash for nothing', () => {
    expect(formatTimestamp('2024-06-30T16:30:00Z', 'Mars/Olympus')).toBe('2024-06-30 16:30 UTC');
    expect(formatTimestamp(undefined, 'Asia/Shanghai')).toBe('—');
    expect(formatTimestamp('null', 'Asia/Shanghai')).toBe('—');
  });
});
