/**
 * The system-log report as chat Markdown (WeCom, DingTalk): KPIs first, logs per level, top types,
 * sources and error templates, then spikes, fitted to the same byte budget as the order report.
 */
import type { LogReport, LogTemplateRow } from '../../analysis/reports/report-model.ts';
import type { Locale } from '../svg/svg-text.ts';
import { levelsText, orderLevels } from './render-log-report-html.ts';
import {
  anomalyLines,
  chatHeader,
  chatHeading,
  CHAT_MAX_BYTES,
  filtersLine,
  fitChatMarkdown,
  kpiLines,
  rankedLines,
  toChatText,
  topHeading,
  type ChatMarkdownOptions,
  type ChatSection,
} from './render-order-report-md.ts';
import { formatPeriod, formatValue, reportLabels, type ReportLabels } from './report-labels.ts';

/** Longest template in a chat line: enough to recognise it, the HTML report has it whole. */
const TEMPLATE_CHARS = 80;

function levelLine(report: LogReport, locale: Locale, words: ReportLabels): string {
  const totals: Record<string, number> = {};
  for (const level of orderLevels(Object.keys(report.daily.byLevel)))
    totals[level] = (report.daily.byLevel[level] ?? []).reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0);
  return Object.values(totals).some((n) => n > 0) ? levelsText(totals, locale) : words.noLogs;
}

function templateLines(rows: readonly LogTemplateRow[], limit: number, locale: Locale, words: ReportLabels): string[] {
  if (rows.length === 0) return [words.noErrors];
  // The template goes in a code span; toChatText has already replaced any backtick in it.
  const [open, close] = locale === 'en' ? [' (', ')'] : ['（', '）'];
  const shown = rows
    .slice(0, limit)
    .map(
      (row, i) =>
        `${i + 1}. \`${toChatText(row.template, TEMPLATE_CHARS)}\` ×${formatValue(row.count, 'count', locale)}${open}${levelsText(row.levels, locale)}${close}`,
    );
  const rest = rows.length - shown.length;
  return rest > 0 ? [...shown, `- …${words.more(rest)}`] : shown;
}

/** The system-log report as chat Markdown under the byte budget. */
export function renderLogReportMarkdown(report: LogReport, options: ChatMarkdownOptions = {}): string {
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN';
  const words = reportLabels(locale);
  const colon = locale === 'en' ? ': ' : '：';
  const errorRateNote = (row: LogReport['byType']['rows'][number]): string =>
    typeof row.error_rate === 'number' ? `${words.errorRate} ${formatValue(row.error_rate, 'ratio', locale)}` : '';
  const build = (limit: number): ChatSection[] => [
    [...chatHeader(report.title, formatPeriod(report.period, locale), report.timeZone, locale), filtersLine(report.filters ?? [], locale)],
    [chatHeading(words.kpis), ...kpiLines(report.kpis, locale), `- ${words.byLevel}${colon}${levelLine(report, locale, words)}`],
    [
      topHeading(words.byType, limit, report.byType.rows.length, locale),
      ...rankedLines(report.byType, { labels: ['log_type'], values: ['log_count'], limit, note: errorRateNote }, locale),
    ],
    [
      topHeading(words.bySource, limit, report.bySource.rows.length, locale),
      ...rankedLines(report.bySource, { labels: ['log_source'], values: ['log_count'], limit, note: errorRateNote }, locale),
    ],
    [topHeading(words.topErrors, limit, report.topErrors.length, locale), ...templateLines(report.topErrors, limit, locale, words)],
    [chatHeading(words.spikes, words.spikeRuleShort, locale), ...anomalyLines(report.spikes, limit, locale, words.noSpikes)],
  ];
  return fitChatMarkdown(build, options.maxBytes ?? CHAT_MAX_BYTES, words);
}
