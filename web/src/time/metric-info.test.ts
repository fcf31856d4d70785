import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import { formatterFor, isAverage, isVolume, metricLabel, timeViewMetrics } from './metric-info.ts';

describe('metric info', () => {
  it('formats by unit: money, shares and counts', () => {
    const format = createFormat('en');
    expect(formatterFor('currency', format)(1234.5)).toBe('CN¥1,234.50');
    expect(formatterFor('ratio', format)(0.1234)).toBe('12.3%');
    expect(formatterFor('count', format)(1234)).toBe('1,234');
    expect(formatterFor('count', format)(13.46)).toBe('13');
  });

  it('offers every metric but the log ones, named in the dashboard language', () => {
    const metric = (name: string, unit = 'count') => ({ name, zh: `中${name}`, en: `en ${name}`, unit, description: '' });
    expect(
      timeViewMetrics([metric('visitors'), metric('log_count'), metric('aov', 'currency'), metric('error_rate', 'ratio')]).map(
        (m) => m.name,
      ),
    ).toEqual(['visitors', 'aov']);
    expect(metricLabel(metric('orders'), 'zh-CN')).toBe('中orders');
    expect(metricLabel(undefined, 'en', 'orders')).toBe('orders');
    expect([
      isVolume(metric('orders')),
      isVolume(metric('revenue', 'currency')),
      isVolume(metric('aov', 'currency')),
      isVolume(metric('conversion_rate', 'ratio')),
    ]).toEqual([true, true, false, false]);
    expect([isAverage(metric('aov', 'currency')), isAverage(metric('revenue', 'currency'))]).toEqual([true, false]);
  });
});
