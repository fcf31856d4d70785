/** The metrics layer's catalogue (GET /api/v1/metrics) as the time view uses it: names, units, formatting. */
import type { Format } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';

export interface MetricInfo {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  /** `count`, `currency` or `ratio`. */
  readonly unit: string;
  readonly description: string;
}

export interface MetricsCatalogue {
  readonly metrics: readonly MetricInfo[];
  readonly timeZone: string;
}

/** Log metrics belong to the log view; their facts know no venue, channel or segment. */
const NOT_ON_TIME_VIEW: ReadonlySet<string> = new Set(['log_count', 'error_rate']);

/** The metrics the time view offers, in the catalogue's order. */
export function timeViewMetrics(catalogue: readonly MetricInfo[]): MetricInfo[] {
  return catalogue.filter((metric) => !NOT_ON_TIME_VIEW.has(metric.name));
}

export function metricLabel(metric: Pick<MetricInfo, 'zh' | 'en' | 'name'> | undefined, locale: Locale, fallback = ''): string {
  if (!metric) return fallback;
  return locale === 'en' ? metric.en : metric.zh;
}

/** Formats a value of a metric by its unit: money, a share, or a count. */
export function formatterFor(unit: string | undefined, format: Format): (value: number | null | undefined) => string {
  if (unit === 'currency') return (value) => format.money(value);
  if (unit === 'ratio') return (value) => format.percent(value);
  // Counts are whole (a forecast of 13.2 visitors reads as 13).
  return (value) => format.number(value);
}

/** Money per order and the like: an average, whose 0 means there was nothing to average. */
const AVERAGES: ReadonlySet<string> = new Set(['aov']);

/**
 * Whether a metric is a volume (a count or money), whose hourly values can be averaged over days and
 * whose empty buckets are 0; rates and averages are not.
 */
export function isVolume(metric: Pick<MetricInfo, 'name' | 'unit'>): boolean {
  return (metric.unit === 'count' || metric.unit === 'currency') && !AVERAGES.has(metric.name);
}

/** Whether a 0 of the metric means "no data" (an average over nothing) rather than a real zero. */
export function isAverage(metric: Pick<MetricInfo, 'name'>): boolean {
  return AVERAGES.has(metric.name);
}
