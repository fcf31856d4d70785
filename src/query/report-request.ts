/** Parses a report request (CLI flags or query string) into a validated period, filters and format. */
import { parseMetricQuery, parsePeriod, QueryError } from '../analysis/metrics/metric-query.ts';
import type { ReportPeriod } from '../analysis/reports/report-model.ts';
import type { Filter } from '../analysis/metrics/metric-query.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/render/render-report.ts';
import { defaultReportPeriod } from './build-reports.ts';

export const REPORT_KINDS = ['orders', 'logs'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Longest report period: a year, leap day included. A report draws every day of its period (and the
 * log report every hour), so its size grows with the period; a report is read by people, for a week,
 * a month, a quarter or a year.
 */
export const MAX_REPORT_DAYS = 366;

export interface ParsedReportRequest {
  readonly kind: ReportKind;
  readonly period: ReportPeriod;
  readonly where: readonly Filter[];
  readonly format: ReportFormat;
  readonly locale: 'zh-CN' | 'en';
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/** Validates a report request; throws QueryError naming the field at fault. */
export function parseReportRequest(
  input: { kind: unknown; from?: unknown; to?: unknown; where?: unknown; format?: unknown; locale?: unknown },
  timeZone: string,
  now?: Date,
): ParsedReportRequest {
  const kind = String(input.kind);
  if (!(REPORT_KINDS as readonly string[]).includes(kind))
    throw new QueryError('kind', `report must be one of ${REPORT_KINDS.join(', ')}, got "${kind}"`);
  const format = input.format === undefined || input.format === '' ? 'html' : String(input.format);
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new QueryError('format', `format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  const fallback = defaultReportPeriod(todayIn(timeZone, now));
  const given = parsePeriod(input);
  const from = given.from ?? fallback.from;
  const to = given.to ?? fallback.to;
  parsePeriod({ from, to }, { maxDays: MAX_REPORT_DAYS });
  // Filters are validated by the metrics layer's own parser, so they mean the same as in `query`.
  const where = parseMetricQuery({ metric: 'orders', where: input.where }).where;
  return {
    kind: kind as ReportKind,
    period: { from, to },
    where,
    format: format as ReportFormat,
    locale: input.locale === 'en' ? 'en' : 'zh-CN',
  };
}
