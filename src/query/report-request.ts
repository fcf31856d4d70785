/** Parses a report request (CLI flags or query string) into a validated period, filters, zone and format. */
import { parseMetricQuery, parsePeriod, QueryError, SUPPORTED_DAYS } from '../analysis/metrics/metric-query.ts';
import type { ReportPeriod } from '../analysis/reports/report-model.ts';
import type { Filter } from '../analysis/metrics/metric-query.ts';
import { addDays } from '../domain/calendar/civil-date.ts';
import { isValidTimeZone } from '../domain/values/parse-timestamp.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/render/render-report.ts';
import { DEFAULT_REPORT_DAYS, defaultReportPeriod } from './build-reports.ts';

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
  /** Zone whose days the report counts in. */
  readonly timeZone: string;
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/**
 * The period asked, with defaults for what was left out (`today` in the report's zone): neither day,
 * the last DEFAULT_REPORT_DAYS complete days; only `to`, the DEFAULT_REPORT_DAYS days ending on it; only
 * `from`, from it to the last complete day (yesterday), at most MAX_REPORT_DAYS days.
 */
function resolvePeriod(given: { from: string | undefined; to: string | undefined }, today: string): ReportPeriod {
  const { from, to } = given;
  if (from !== undefined && to !== undefined) return { from, to };
  if (to !== undefined) {
    const start = addDays(to, -(DEFAULT_REPORT_DAYS - 1));
    return { from: start < SUPPORTED_DAYS.first ? SUPPORTED_DAYS.first : start, to };
  }
  if (from === undefined) return defaultReportPeriod(today);
  const yesterday = addDays(today, -1);
  if (from > yesterday)
    throw new QueryError('from', `the period starts (${from}) after the last complete day (${yesterday}); give to as well`);
  const longest = addDays(from, MAX_REPORT_DAYS - 1);
  return { from, to: longest < yesterday ? longest : yesterday };
}

/** Validates a report request; throws QueryError naming the field at fault. */
export function parseReportRequest(
  input: { kind: unknown; from?: unknown; to?: unknown; where?: unknown; format?: unknown; locale?: unknown; timeZone?: unknown },
  defaultTimeZone: string,
  now?: Date,
): ParsedReportRequest {
  const kind = String(input.kind);
  if (!(REPORT_KINDS as readonly string[]).includes(kind))
    throw new QueryError('kind', `report must be one of ${REPORT_KINDS.join(', ')}, got "${kind}"`);
  const format = input.format === undefined || input.format === '' ? 'html' : String(input.format);
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new QueryError('format', `format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  const timeZone = input.timeZone === undefined || input.timeZone === '' ? defaultTimeZone : String(input.timeZone);
  if (!isValidTimeZone(timeZone)) throw new QueryError('timeZone', `time zone "${timeZone}" is not an IANA zone such as Asia/Shanghai`);
  // Days given are checked before defaults fill in the rest, then the resolved period is checked again.
  const period = resolvePeriod(parsePeriod(input), todayIn(timeZone, now));
  parsePeriod(period, { maxDays: MAX_REPORT_DAYS });
  // Filters are validated by the metrics layer's own parser, so they mean the same as in `query`.
  const where = parseMetricQuery({ metric: 'orders', where: input.where }).where;
  return {
    kind: kind as ReportKind,
    period,
    where,
    format: format as ReportFormat,
    locale: input.locale === 'en' ? 'en' : 'zh-CN',
    timeZone,
  };
}
