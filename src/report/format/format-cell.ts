/**
 * Formats result cells for people: counts with grouping, money with two decimals, shares as
 * percentages, per locale. Exports keep raw numbers; only text output (CLI tables, Markdown, HTML)
 * goes through here.
 */
import type { Cell } from '../../analysis/result-table.ts';
import { METRICS, isMetricName } from '../../analysis/metrics/metrics.ts';

export type { Locale } from '../svg/svg-text.ts';
import type { Locale } from '../svg/svg-text.ts';

/** How a column's numbers read: by the metric it shows (or its comparison columns), else plain. */
export function unitOfColumn(name: string): 'count' | 'currency' | 'ratio' | 'change_rate' | 'plain' {
  if (name.endsWith('_change_rate')) return 'change_rate';
  const base = name.replace(/_(compare|change)$/, '');
  return isMetricName(base) ? METRICS[base].unit : 'plain';
}

/** Text for one cell of column `name`. */
export function formatCell(value: Cell, name: string, locale: Locale = 'zh-CN'): string {
  if (value === null) return '—';
  if (typeof value !== 'number') return String(value);
  const unit = unitOfColumn(name);
  const format = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(value);
  switch (unit) {
    case 'count':
      return format({ maximumFractionDigits: Number.isInteger(value) ? 0 : 1 });
    case 'currency':
      return format({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'ratio':
      return format({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case 'change_rate':
      return `${value > 0 ? '+' : ''}${format({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })}`;
    default:
      return Number.isInteger(value) ? String(value) : format({ maximumFractionDigits: 4 });
  }
}
