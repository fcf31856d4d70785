/**
 * The system-log report as one self-contained HTML file, built from the same page parts as the
 * order report: KPIs, daily volume per level and error rate, breakdowns by type and source, the
 * most frequent error templates and the hours that spiked, each chart followed by its numbers.
 */
import type { LogReport, LogTemplateRow, ReportTable } from '../../analysis/reports/report-model.ts';
import { renderBarChart } from '../svg/render-bar-chart.ts';
import { renderLineChart } from '../svg/render-line-chart.ts';
import type { Locale } from '../svg/svg-text.ts';
import {
  axisDates,
  barsOfTable,
  CHART_WIDTH,
  escapeHtml,
  filtersText,
  renderAnomalyTable,
  renderFigure,
  renderHtmlPage,
  renderHtmlTable,
  renderKpiCards,
  renderParagraph,
  renderReportHeader,
  renderReportTable,
  renderSection,
  weekdayOfDate,
  type HtmlColumn,
  type ReportRenderOptions,
} from './render-order-report-html.ts';
import { formatPeriod, formatTimestamp, formatValue, reportLabels, type ReportLabels } from './report-labels.ts';

/** Log levels from least to most severe; levels not listed follow in the order the report gives them. */
const LEVEL_ORDER = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'FATAL'];

/** Longest example message shown in full; a log line can be kilobytes of stack trace. */
const EXAMPLE_CHARS = 300;

/** The report's levels, least severe first, so the legend and the table columns read in one order. */
export function orderLevels(levels: readonly string[]): string[] {
  const rank = (level: string) => {
    const i = LEVEL_ORDER.indexOf(level.toUpperCase());
    return i < 0 ? LEVEL_ORDER.length : i;
  };
  return levels
    .map((level, i) => ({ level, i }))
    .sort((a, b) => rank(a.level) - rank(b.level) || a.i - b.i)
    .map((x) => x.level);
}

/** "ERROR 120 · FATAL 3", most severe first. */
export function levelsText(levels: Readonly<Record<string, number>>, locale: Locale): string {
  return orderLevels(Object.keys(levels))
    .reverse()
    .map((level) => `${level} ${formatValue(levels[level] ?? 0, 'count', locale)}`)
    .join(' · ');
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function dailySection(report: LogReport, locale: Locale, words: ReportLabels): string {
  const { days, byLevel, errorRate } = report.daily;
  const levels = orderLevels(Object.keys(byLevel));
  const count = (level: string, i: number): number => {
    const v = byLevel[level]?.[i];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  const totals = days.map((_, i) => levels.reduce((sum, level) => sum + count(level, i), 0));
  if (days.length === 0 || !totals.some((t) => t > 0)) return renderSection(words.dailyTrend, renderParagraph(words.noLogs, 'empty'));
  const x = axisDates(days);
  const volume = renderLineChart({
    width: CHART_WIDTH,
    height: 300,
    locale,
    x,
    series: levels.map((level) => ({ name: level, values: days.map((_, i) => count(level, i)) })),
  });
  // Plotted in percent so the axis reads 1.5 rather than 0.015; the axis label says so.
  const rate = renderLineChart({
    width: CHART_WIDTH,
    height: 240,
    locale,
    x,
    yLabel: '%',
    series: [{ name: words.errorRate, values: days.map((_, i) => (typeof errorRate[i] === 'number' ? (errorRate[i] ?? 0) * 100 : null)) }],
  });
  const columns: HtmlColumn[] = [
    { label: words.date },
    { label: words.weekday },
    ...levels.map((level) => ({ label: level, numeric: true })),
    { label: words.total, numeric: true },
    { label: words.errorRate, numeric: true },
  ];
  const rows = days.map((day, i) =>
    [
      day,
      weekdayOfDate(day, locale),
      ...levels.map((level) => formatValue(count(level, i), 'count', locale)),
      formatValue(totals[i], 'count', locale),
      formatValue(errorRate[i], 'ratio', locale),
    ].map(escapeHtml),
  );
  const content = [
    `<h3>${escapeHtml(words.dailyVolume)}</h3>`,
    renderFigure(volume),
    `<h3>${escapeHtml(words.dailyErrorRate)}</h3>`,
    renderFigure(rate),
    `<h3>${escapeHtml(words.dailyNumbers)}</h3>`,
    renderHtmlTable(columns, rows),
  ];
  return renderSection(words.dailyTrend, content.join('\n'));
}

function breakdownSection(heading: string, table: ReportTable, labels: readonly string[], locale: Locale, words: ReportLabels): string {
  const bars = barsOfTable(
    table,
    { labels, values: ['log_count'], note: { column: 'error_rate', prefix: words.errorRate, unit: 'ratio' } },
    locale,
  );
  if (table.rows.length === 0 || bars.length === 0) return renderSection(heading, renderParagraph(words.noData, 'empty'));
  return renderSection(
    heading,
    `${renderFigure(renderBarChart({ width: CHART_WIDTH, locale, bars }))}\n${renderReportTable(table, locale)}`,
  );
}

function errorsSection(rows: readonly LogTemplateRow[], timeZone: string, locale: Locale, words: ReportLabels): string {
  if (rows.length === 0) return renderSection(words.topErrors, renderParagraph(words.noErrors, 'empty'));
  const columns: HtmlColumn[] = [
    { label: words.rank, numeric: true },
    { label: words.template },
    { label: words.count, numeric: true },
    { label: words.levels },
    { label: words.example },
    { label: words.firstSeen },
    { label: words.lastSeen },
  ];
  const body = rows.map((row, i) => [
    String(i + 1),
    `<code>${escapeHtml(row.template)}</code>`,
    escapeHtml(formatValue(row.count, 'count', locale)),
    escapeHtml(levelsText(row.levels, locale)),
    escapeHtml(cut(row.example, EXAMPLE_CHARS)),
    escapeHtml(formatTimestamp(row.first, timeZone)),
    escapeHtml(formatTimestamp(row.last, timeZone)),
  ]);
  return renderSection(words.topErrors, renderHtmlTable(columns, body));
}

function spikesSection(report: LogReport, locale: Locale, words: ReportLabels): string {
  const body =
    report.spikes.length === 0
      ? renderParagraph(words.noSpikes, 'empty')
      : renderAnomalyTable(report.spikes, locale, { timeLabel: words.time });
  return renderSection(words.spikes, `${renderParagraph(words.spikeRule)}\n${body}`);
}

/** The system-log report as a complete, self-contained, printable HTML document. */
export function renderLogReportHtml(report: LogReport, options: ReportRenderOptions = {}): string {
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN';
  const words = reportLabels(locale);
  const sections = [
    renderReportHeader(report.title, [
      [words.period, formatPeriod(report.period, locale)],
      [words.filters, filtersText(report.filters ?? [], locale)],
      [words.timeZone, report.timeZone],
      [words.generatedAt, formatTimestamp(report.generatedAt, report.timeZone)],
    ]),
    renderSection(words.kpis, renderKpiCards(report.kpis, locale)),
    dailySection(report, locale, words),
    breakdownSection(words.byType, report.byType, ['log_type'], locale, words),
    breakdownSection(words.bySource, report.bySource, ['log_source'], locale, words),
    errorsSection(report.topErrors, report.timeZone, locale, words),
    spikesSection(report, locale, words),
    `<footer>${escapeHtml(words.footer)}</footer>`,
  ];
  return renderHtmlPage({ locale, title: `${report.title} ${formatPeriod(report.period, locale)}`, body: sections.join('\n') });
}
