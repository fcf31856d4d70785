import { describe, expect, it } from 'vitest';
import { parseFilterText, parseMetricQuery, QueryError } from './metric-query.ts';
import { shortCityName, shortProvinceName } from './place-names.ts';
import { bucketDays, shiftBack } from './shift-period.ts';

const refusal = (work: () => unknown): QueryError => {
  try {
    work();
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error('expected a QueryError');
};

describe('filter values', () => {
  it('reads the words import takes for enumerated dimensions as their stored values', () => {
    expect(parseFilterText('channel=微信端').values).toEqual(['wechat']);
    expect(parseFilterText('channel=WeChat, 小程序, app').values).toEqual(['wechat', 'app']);
    expect(parseFilterText('status=已完成').values).toEqual(['completed']);
    expect(parseFilterText('gender=女').values).toEqual(['female']);
    expect(parseFilterText('log_level=error').values).toEqual(['ERROR']);
    expect(parseFilterText('venue_type=景区').values).toEqual(['scenic_spot']);
    expect(parseFilterText('age_band=25–34').values).toEqual(['25-34']);
    expect(parseFilterText('channel!=微信').op).toBe('not_in');
  });

  it('refuses a value an enumerated dimension can never hold, naming the dimension, the value and the values', () => {
    const error = refusal(() => parseFilterText('status=lost'));
    expect(error.field).toBe('where');
    expect(error.message).toBe(
      'dimension "status" has no value "lost"; it takes pending_payment (待付款), pending_shipment (待发货), shipped (已发货), completed (已完成), cancelled (已取消), refunded (已退款)',
    );
  });

  it('matches a province or city in its written and its short form', () => {
    expect(parseFilterText('province=广东省')).toEqual({ dimension: 'province', op: 'in', values: ['广东省', '广东'] });
    expect(parseFilterText('province=广东')).toEqual({ dimension: 'province', op: 'eq', values: ['广东'] });
    expect(parseFilterText('user_province=广西壮族自治区').values).toEqual(['广西壮族自治区', '广西']);
    expect(parseFilterText('city=广州市').values).toEqual(['广州市', '广州']);
    expect(shortProvinceName('香港特别行政区')).toBe('香港');
    expect(shortCityName('恩施土家族苗族自治州')).toBe('恩施');
    expect(shortCityName('东区')).toBe('东区');
  });

  it('refuses whole numbers outside a dimension’s range, however they are written', () => {
    for (const value of [1e300, 1e20, 8, 0]) {
      const error = refusal(() => parseMetricQuery({ metric: 'orders', where: [{ dimension: 'weekday', values: [value] }] }));
      expect(error.field).toBe('where');
      expect(error.message).toContain('"weekday" takes whole numbers from 1 to 7');
    }
    expect(refusal(() => parseFilterText('hour_of_day=24')).message).toContain('from 0 to 23');
    expect(refusal(() => parseFilterText('age>=131')).message).toContain('from 0 to 130');
    expect(parseFilterText('weekday=1..7').values).toEqual([1, 7]);
  });

  it('refuses a range whose lower bound is above its upper bound', () => {
    const error = refusal(() => parseFilterText('age=30..20'));
    expect(error.field).toBe('where');
    expect(error.message).toBe('the range 30..20 on "age" is empty: its lower bound is above its upper bound');
    expect(refusal(() => parseFilterText('day=2026-06-10..2026-06-01')).field).toBe('where');
    expect(parseFilterText('age=20..20').values).toEqual([20, 20]);
  });
});

describe('comparison buckets', () => {
  it('gives the days of each time bucket from its label', () => {
    expect(bucketDays('day', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(bucketDays('hour', '2026-03-01 13:00')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(bucketDays('week', '2026-03-02')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(bucketDays('month', '2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(bucketDays('quarter', '2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(bucketDays('year', '2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('moves a bucket back by a comparison shift, keeping month ends', () => {
    expect(shiftBack({ from: '2026-06-01', to: '2026-06-07' }, { days: 364, months: 0 })).toEqual({ from: '2025-06-02', to: '2025-06-08' });
    expect(shiftBack({ from: '2026-03-01', to: '2026-03-31' }, { days: 0, months: 1 })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
});
