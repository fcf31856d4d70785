/**
 * The order analysis report as one self-contained HTML file: inline CSS with print rules, charts as
 * inline SVG drawn on the server, no scripts and nothing fetched, so it can be mailed, archived and
 * printed as is. Every chart is followed by its numbers, so the report reads without the charts too.
 *
 * The page parts (document shell, KPI cards, tables, anomaly table) are exported for the log report.
 */
import type { Anomaly, Kpi, OrderReport, ReportTable, SeriesPoint } from '../../analysis/reports/report-model.ts';
import type { Cell } from '../../analysis/result-table.ts';
import { METRICS, isMetricName } from '../../analysis/metrics/metrics.ts';
import { isoWeekday } from '../../domain/calendar/civil-date.ts';
import { renderBarChart, type Bar } from '../svg/render-bar-chart.ts';
import { renderFunnel } from '../svg/render-funnel.ts';
import { renderHeatmap } from '../svg/render-heatmap.ts';
import { renderLineChart, type LineMarker } from '../svg/render-line-chart.ts';
import { renderShareBar } from '../svg/render-stacked-share.ts';
import { escapeXml, FONT_FAMILY, type Locale } from '../svg/svg-text.ts';
import {
  columnUnit,
  describeChange,
  formatKpiValue,
  formatMoney,
  formatPeriod,
  formatTableCell,
  formatTimestamp,
  formatValue,
  metricLabel,
  reportLabels,
  weekdayLabel,
  type ReportLabels,
  type ValueUnit,
} from './report-labels.ts';

/** Options of the report renderers. */
export interface ReportRenderOptions {
  readonly locale?: Locale;
}

/** Width charts are drawn at: about the printable width of A4 portrait, and they shrink on screens. */
export const CHART_WIDTH = 720;

/** Bars a ranking chart shows at most; its table below lists every row. */
const MAX_BARS = 15;

/** Text from data made safe for HTML content and attribute values. */
export const escapeHtml = escapeXml;

// Print rules: A4 with room for the browser's header line, no page break inside a chart, a KPI card,
// a table row or a small section, headings kept with what follows, table headers repeated on every
// page. Nothing depends on a background colour, which browsers drop when printing by default.
const STYLE = `
*{box-sizing:border-box}
html{color-scheme:light}
body{margin:0;font-family:${FONT_FAMILY};font-size:14px;line-height:1.5;color:#222;background:#fff}
main{max-width:980px;margin:0 auto;padding:24px 20px 40px}
h1{font-size:24px;margin:0 0 8px}
h2{font-size:18px;margin:32px 0 12px;padding-bottom:4px;border-bottom:2px solid #1b3a6b}
h3{font-size:15px;margin:20px 0 8px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0;color:#333}
.meta dt{font-weight:600}
.meta dd{margin:0}
.kpi-cards{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px}
.kpi{border:1px solid #bbb;border-radius:6px;padding:8px 12px}
.kpi-label{font-size:13px;color:#555}
.kpi-value{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
.kpi-change{font-size:12px;color:#333}
.kpi-change b{font-variant-numeric:tabular-nums}
figure.chart{margin:12px 0}
figure.chart svg{display:block;max-width:100%;height:auto}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 16px}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{border-bottom:2px solid #888;font-weight:600}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.dense{font-size:11px}
table.dense th,table.dense td{padding:2px 3px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:#f3f3f3;padding:1px 3px;border-radius:3px;word-break:break-all}
.note{color:#444;font-size:13px}
.empty{color:#444;font-style:italic}
footer{margin-top:32px;color:#666;font-size:12px}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
h2,h3{break-after:avoid;page-break-after:avoid}
section,figure,.kpi,tr,dl{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
.table-wrap{overflow:visible}
table{font-size:9pt}
table.dense{font-size:7pt}
code{background:none;border:1px solid #ccc}
.kpi{border-color:#888}
}
`;

/** The complete HTML document around a rendered body. */
export function renderHtmlPage(options: { readonly locale: Locale; readonly title: string; readonly body: string }): string {
  const lang = options.locale === 'en' ? 'en' : 'zh-CN';
  return (
    `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(options.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n${options.body}\n</main>\n</body>\n</html>\n`
  );
}

/** The report header: title, a definition list of what the report covers, and notes on it. */
export function renderReportHeader(title: string, facts: ReadonlyArray<readonly [string, string]>, notes: readonly string[] = []): string {
  const rows = facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
  const paragraphs = notes.map((note) => `\n${renderParagraph(note)}`).join('');
  return `<header>\n<h1>${escapeHtml(title)}</h1>\n<dl class="meta">${rows}</dl>${paragraphs}\n</header>`;
}

/** The filters a report applies, as one header value. */
export function filtersText(filters: readonly string[], locale: Locale): string {
  return filters.length > 0 ? filters.join(locale === 'en' ? '; ' : '；') : reportLabels(locale).noFilters;
}

/** A section: heading and already-rendered content. */
export function renderSection(heading: string, content: string, className = 'section'): string {
  return `<section class="${escapeHtml(className)}">\n<h2>${escapeHtml(heading)}</h2>\n${content}\n</section>`;
}

/** A chart in its figure; every chart section holds exactly one such figure per chart. */
export function renderFigure(svg: string): string {
  return `<figure class="chart">${svg}</figure>`;
}

/** A paragraph of escaped text; `empty` styles the stand-in sentence of a section without data. */
export function renderParagraph(text: string, className: 'note' | 'empty' = 'note'): string {
  return `<p class="${className}">${escapeHtml(text)}</p>`;
}

function changeLine(label: string, rate: number | null, reference: string, referenceValue: string, locale: Locale): string {
  const change = describeChange(rate, locale);
  const shown =
    change.direction === 'none'
      ? `${change.arrow} ${change.word}`
      : `<b>${change.arrow} ${escapeHtml(change.rate)}</b> ${escapeHtml(change.word)}`;
  const base = referenceValue === '—' ? '' : ` · ${escapeHtml(reference)} ${escapeHtml(referenceValue)}`;
  return `<div class="kpi-change change-${change.direction}">${escapeHtml(label)} ${shown}${base}</div>`;
}

/** A KPI card's 环比 and 同比 lines, or the reason the KPI does not apply. */
function kpiChanges(kpi: Kpi, words: ReportLabels, locale: Locale): string {
  if (kpi.notApplicable) return `<div class="kpi-change change-none">${escapeHtml(kpi.notApplicable)}</div>`;
  const previous = formatKpiValue(kpi.previous, kpi.unit, locale);
  const lastYear = formatKpiValue(kpi.lastYear, kpi.unit, locale);
  return (
    changeLine(words.vsPrevious, kpi.previousChangeRate, words.previousValue, previous, locale) +
    changeLine(words.vsLastYear, kpi.lastYearChangeRate, words.lastYearValue, lastYear, locale)
  );
}

/** KPI cards: value, then 环比 and 同比 as arrow, signed rate and word, with the value compared against. */
export function renderKpiCards(kpis: readonly Kpi[], locale: Locale): string {
  const words = reportLabels(locale);
  if (kpis.length === 0) return renderParagraph(words.noData, 'empty');
  const cards = kpis.map(
    (kpi) =>
      `<li class="kpi"><div class="kpi-label">${escapeHtml(kpi.label)}</div>` +
      `<div class="kpi-value">${escapeHtml(formatKpiValue(kpi.value, kpi.unit, locale))}</div>` +
      kpiChanges(kpi, words, locale) +
      `</li>`,
  );
  return `<ul class="kpi-cards">\n${cards.join('\n')}\n</ul>`;
}

/** One column of an HTML table; numeric columns align right. */
export interface HtmlColumn {
  readonly label: string;
  readonly numeric?: boolean;
}

/** A table from cells that are already HTML (escape data before; this lets a cell hold <code>). */
export function renderHtmlTable(columns: readonly HtmlColumn[], rows: ReadonlyArray<readonly string[]>, className?: string): string {
  const cls = (column: HtmlColumn | undefined) => (column?.numeric ? ' class="num"' : '');
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${escapeHtml(c.label)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${cls(columns[i])}>${cell}</td>`).join('')}</tr>`).join('\n');
  const classAttr = className ? ` class="${escapeHtml(className)}"` : '';
  return `<div class="table-wrap"><table${classAttr}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

/** A report table with its cells formatted by column unit. */
export function renderReportTable(table: ReportTable, locale: Locale): string {
  const columns = table.columns.map((c) => {
    const unit = columnUnit(c);
    return { label: c.label, numeric: unit === 'plain' ? table.rows.some((row) => typeof row[c.name] === 'number') : unit !== 'text' };
  });
  const rows = table.rows.map((row) => table.columns.map((c) => escapeHtml(formatTableCell(row[c.name], c, locale))));
  return renderHtmlTable(columns, rows);
}

/** The first of the named columns the table has, else its first text column. */
export function pickLabelColumn(table: ReportTable, preferred: readonly string[]): string | undefined {
  const names = new Set(table.columns.map((c) => c.name));
  return preferred.find((name) => names.has(name)) ?? table.columns.find((c) => columnUnit(c) === 'text')?.name ?? table.columns[0]?.name;
}

/** The first of the named columns the table has, else its first count or money column. */
export function pickValueColumn(table: ReportTable, preferred: readonly string[]): ReportTable['columns'][number] | undefined {
  const named = preferred.map((name) => table.columns.find((c) => c.name === name)).find((c) => c !== undefined);
  return named ?? table.columns.find((c) => columnUnit(c) === 'count' || columnUnit(c) === 'currency');
}

/** A row's label: its label cell, else the first other non-empty text cell, so a nameless product still shows its id. */
export function rowLabel(row: Readonly<Record<string, Cell>>, labelColumn: string | undefined, fallbacks: readonly string[] = []): string {
  for (const name of [labelColumn, ...fallbacks]) {
    const value = name === undefined ? undefined : row[name];
    if (value !== undefined && value !== null && String(value).trim() !== '') return String(value);
  }
  return '—';
}

/** Bars for a ranking or breakdown table, with an optional change-rate note per bar. */
export function barsOfTable(
  table: ReportTable,
  options: {
    readonly labels: readonly string[];
    readonly values: readonly string[];
    /** A second number after each bar's value, such as its change rate (the default unit) or error rate. */
    readonly note?: { readonly column: string; readonly prefix: string; readonly unit?: ValueUnit };
  },
  locale: Locale,
): Bar[] {
  const labelColumn = pickLabelColumn(table, options.labels);
  const valueColumn = pickValueColumn(table, options.values);
  if (valueColumn === undefined) return [];
  return table.rows.slice(0, MAX_BARS).map((row) => {
    const value = row[valueColumn.name];
    const noteValue = options.note ? row[options.note.column] : undefined;
    const bar: Bar = { label: rowLabel(row, labelColumn, options.labels), value: typeof value === 'number' ? value : Number.NaN };
    return typeof noteValue === 'number' && options.note
      ? { ...bar, note: `${options.note.prefix} ${formatValue(noteValue, options.note.unit ?? 'change_rate', locale)}` }
      : bar;
  });
}

/** Unit of the numbers an anomaly is about. */
export function unitOfMetric(metric: string): 'count' | 'currency' | 'ratio' {
  return isMetricName(metric) ? METRICS[metric].unit : 'count';
}

function signed(value: number, unit: ValueUnit, locale: Locale): string {
  const text = formatValue(value, unit, locale);
  return value > 0 && !text.startsWith('+') ? `+${text}` : text;
}

/** The anomaly (or spike) table: when, which metric, actual, expected range and value, deviation and its relative size. */
export function renderAnomalyTable(
  anomalies: readonly Anomaly[],
  locale: Locale,
  options: { readonly timeLabel: string; readonly timeZone?: string },
): string {
  const words = reportLabels(locale);
  const columns: HtmlColumn[] = [
    { label: options.timeLabel },
    { label: words.metric },
    { label: words.actual, numeric: true },
    { label: words.expectedRange, numeric: true },
    { label: words.expected, numeric: true },
    { label: words.deviation, numeric: true },
    { label: words.relative, numeric: true },
    { label: words.verdict },
  ];
  const rows = anomalies.map((a) => {
    const unit = unitOfMetric(a.metric);
    const verdict = a.direction === 'high' ? `▲ ${words.high}` : `▼ ${words.low}`;
    return [
      escapeHtml(a.at),
      escapeHtml(metricLabel(a.metric, locale)),
      escapeHtml(formatValue(a.value, unit, locale)),
      escapeHtml(`${formatValue(a.lower, unit, locale)} – ${formatValue(a.upper, unit, locale)}`),
      escapeHtml(formatValue(a.expected, unit, locale)),
      escapeHtml(signed(a.deviation, unit, locale)),
      escapeHtml(formatValue(a.relative, 'change_rate', locale)),
      escapeHtml(verdict),
    ];
  });
  return renderHtmlTable(columns, rows);
}

/** A date's label on a chart axis: MM-DD when every date is in one year (the period says which), else the full date. */
export function axisDates(dates: readonly string[]): string[] {
  const years = new Set(dates.map((d) => d.slice(0, 4)));
  return years.size <= 1 ? dates.map((d) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d.slice(5) : d)) : [...dates];
}

/** 周一…周日 for an ISO date, or nothing when it is not one. */
export function weekdayOfDate(date: string, locale: Locale): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? weekdayLabel(isoWeekday(date), locale) : '';
}

// A month of zeros is better said in one sentence than drawn as a flat line over a table of zeros.
const hasNonZero = (points: readonly SeriesPoint[]) =>
  points.some((p) => typeof p.value === 'number' && Number.isFinite(p.value) && p.value !== 0);

function range(point: SeriesPoint | undefined, unit: ValueUnit, locale: Locale): string {
  if (point?.lower == null || point.upper == null) return '—';
  return `${formatValue(point.lower, unit, locale)} – ${formatValue(point.upper, unit, locale)}`;
}

function dailyLine(points: readonly SeriesPoint[], name: string, metric: string, anomalies: readonly Anomaly[], locale: Locale): string {
  const words = reportLabels(locale);
  const dates = points.map((p) => p.at);
  const markers: LineMarker[] = anomalies
    .filter((a) => a.metric === metric)
    .map((a) => ({ index: dates.indexOf(a.at), label: a.direction === 'high' ? words.high : words.low, kind: a.direction }))
    .filter((m) => m.index >= 0);
  const banded = points.some((p) => p.lower != null && p.upper != null);
  return renderLineChart({
    width: CHART_WIDTH,
    height: 300,
    locale,
    x: axisDates(dates),
    series: [
      {
        name,
        values: points.map((p) => p.value),
        ...(banded ? { band: { lower: points.map((p) => p.lower ?? null), upper: points.map((p) => p.upper ?? null) } } : {}),
      },
    ],
    markers,
  });
}

function funnelSection(report: OrderReport, locale: Locale, words: ReportLabels): string {
  const f = report.funnel;
  if (!(f.created > 0)) return renderSection(words.funnel, renderParagraph(words.noOrders, 'empty'));
  const share = (n: number, of: number) => (of > 0 ? formatValue(n / of, 'ratio', locale) : '—');
  const count = (n: number) => formatValue(n, 'count', locale);
  const chart = renderFunnel({
    width: CHART_WIDTH,
    locale,
    steps: [
      { label: words.created, value: f.created },
      { label: words.paid, value: f.paid },
      { label: words.completed, value: f.completed },
    ],
  });
  const aside =
    locale === 'en'
      ? `Besides: ${count(f.cancelled)} cancelled (${share(f.cancelled, f.created)} of created), ${count(f.refunded)} refunded (${share(f.refunded, f.created)} of created).`
      : `另有${words.cancelled} ${count(f.cancelled)} 单（占下单 ${share(f.cancelled, f.created)}），${words.refunded} ${count(f.refunded)} 单（占下单 ${share(f.refunded, f.created)}）。`;
  const table = renderHtmlTable(
    [
      { label: words.step },
      { label: metricLabel('orders', locale), numeric: true },
      { label: words.ofCreated, numeric: true },
      { label: words.ofPrevious, numeric: true },
    ],
    [
      [words.created, count(f.created), share(f.created, f.created), '—'],
      [words.paid, count(f.paid), share(f.paid, f.created), share(f.paid, f.created)],
      [words.completed, count(f.completed), share(f.completed, f.created), share(f.completed, f.paid)],
      [words.cancelled, count(f.cancelled), share(f.cancelled, f.created), '—'],
      [words.refunded, count(f.refunded), share(f.refunded, f.created), '—'],
    ].map((row) => row.map(escapeHtml)),
  );
  return renderSection(words.funnel, `${renderFigure(chart)}\n${renderParagraph(aside)}\n${table}`);
}

function dailySection(report: OrderReport, locale: Locale, words: ReportLabels): string {
  const { orders, revenue } = report.daily;
  if (!hasNonZero(orders) && !hasNonZero(revenue)) return renderSection(words.dailyTrend, renderParagraph(words.noOrders, 'empty'));
  const dates = [...new Set([...orders.map((p) => p.at), ...revenue.map((p) => p.at)])].sort();
  const ordersAt = new Map(orders.map((p) => [p.at, p]));
  const revenueAt = new Map(revenue.map((p) => [p.at, p]));
  const rows = dates.map((at) => {
    const o = ordersAt.get(at);
    const r = revenueAt.get(at);
    const flags = report.anomalies
      .filter((a) => a.at === at)
      .map((a) => `${metricLabel(a.metric, locale)} ${a.direction === 'high' ? `▲ ${words.high}` : `▼ ${words.low}`}`)
      .join('；');
    return [
      at,
      weekdayOfDate(at, locale),
      formatValue(o?.value, 'count', locale),
      range(o, 'count', locale),
      formatValue(r?.value, 'currency', locale),
      range(r, 'currency', locale),
      flags,
    ].map(escapeHtml);
  });
  const table = renderHtmlTable(
    [
      { label: words.date },
      { label: words.weekday },
      { label: metricLabel('orders', locale), numeric: true },
      { label: words.expectedRange, numeric: true },
      { label: metricLabel('revenue', locale), numeric: true },
      { label: words.expectedRange, numeric: true },
      { label: words.anomalies },
    ],
    rows,
  );
  const content = [
    `<h3>${escapeHtml(words.dailyOrders)}</h3>`,
    renderFigure(dailyLine(orders, metricLabel('orders', locale), 'orders', report.anomalies, locale)),
    `<h3>${escapeHtml(words.dailyRevenue)}</h3>`,
    renderFigure(dailyLine(revenue, metricLabel('revenue', locale), 'revenue', report.anomalies, locale)),
    renderParagraph(words.bandNote),
    `<h3>${escapeHtml(words.dailyNumbers)}</h3>`,
    table,
  ];
  return renderSection(words.dailyTrend, content.join('\n'));
}

function mixBlock(heading: string, table: ReportTable, labels: readonly string[], locale: Locale, words: ReportLabels): string {
  const labelColumn = pickLabelColumn(table, labels);
  const valueColumn = pickValueColumn(table, ['orders']);
  const parts = table.rows.map((row) => {
    const value = valueColumn ? row[valueColumn.name] : undefined;
    return { label: rowLabel(row, labelColumn), value: typeof value === 'number' ? value : 0 };
  });
  const body = parts.some((p) => p.value > 0)
    ? `${renderFigure(renderShareBar({ width: CHART_WIDTH, locale, parts }))}\n${renderReportTable(table, locale)}`
    : renderParagraph(words.noData, 'empty');
  return `<h3>${escapeHtml(heading)}</h3>\n${body}`;
}

function rankingBlock(heading: string, table: ReportTable, bars: Bar[], locale: Locale, words: ReportLabels): string {
  const body =
    table.rows.length === 0 || bars.length === 0
      ? renderParagraph(words.noData, 'empty')
      : `${renderFigure(renderBarChart({ width: CHART_WIDTH, locale, bars }))}\n${renderReportTable(table, locale)}`;
  return `<h3>${escapeHtml(heading)}</h3>\n${body}`;
}

function heatmapSection(report: OrderReport, locale: Locale, words: ReportLabels): string {
  const { weekdays, hours, values } = report.heatmap;
  const cell = (r: number, c: number): number => {
    const v = values[r]?.[c];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  let peak = { r: -1, c: -1, v: 0 };
  weekdays.forEach((_, r) => hours.forEach((__, c) => (cell(r, c) > peak.v ? (peak = { r, c, v: cell(r, c) }) : undefined)));
  if (peak.r < 0) return renderSection(words.heatmap, renderParagraph(words.noOrders, 'empty'));
  const rows = weekdays.map((w) => weekdayLabel(w, locale));
  const chart = renderHeatmap({ width: CHART_WIDTH, locale, rows, columns: hours.map(String), values });
  const slot = `${rows[peak.r] ?? ''} ${String(hours[peak.c] ?? '').padStart(2, '0')}:00`;
  const peakCount = formatValue(peak.v, 'count', locale);
  const peakText = locale === 'en' ? `${words.peak}: ${slot} (${peakCount} orders)` : `${words.peak}：${slot}（${peakCount} 单）`;
  const table = renderHtmlTable(
    [{ label: words.weekday }, ...hours.map((h) => ({ label: String(h), numeric: true })), { label: words.total, numeric: true }],
    rows.map((label, r) => {
      const cells = hours.map((_, c) => formatValue(cell(r, c), 'count', locale));
      const total = hours.reduce((sum, _, c) => sum + cell(r, c), 0);
      return [label, ...cells, formatValue(total, 'count', locale)].map(escapeHtml);
    }),
    'dense',
  );
  return renderSection(words.heatmap, `${renderFigure(chart)}\n${renderParagraph(peakText)}\n${table}`);
}

function anomalySection(report: OrderReport, locale: Locale, words: ReportLabels): string {
  const body =
    report.anomalies.length === 0
      ? renderParagraph(words.noAnomalies, 'empty')
      : renderAnomalyTable(report.anomalies, locale, { timeLabel: words.date });
  return renderSection(words.anomalies, `${renderParagraph(words.anomalyRule)}\n${body}`);
}

function outlookSection(report: OrderReport, locale: Locale, words: ReportLabels): string {
  const o = report.outlook;
  const facts = renderReportFacts([
    [words.forecastPeriod, formatPeriod(o.period, locale)],
    [words.forecastOrders, formatValue(o.orders, 'count', locale)],
    [words.forecastRevenue, formatMoney(o.revenue, locale)],
    [words.method, o.method],
    [words.note, o.note],
  ]);
  const forecast = o.daily.map((p) => p.value ?? p.expected ?? null);
  if (!forecast.some((v) => v !== null)) return renderSection(words.outlook, `${renderParagraph(words.noForecast, 'empty')}\n${facts}`);
  const banded = o.daily.some((p) => p.lower != null && p.upper != null);
  const chart = renderLineChart({
    width: CHART_WIDTH,
    height: 260,
    locale,
    x: axisDates(o.daily.map((p) => p.at)),
    series: [
      {
        name: words.forecastOrders,
        values: forecast,
        dashed: true,
        ...(banded ? { band: { lower: o.daily.map((p) => p.lower ?? null), upper: o.daily.map((p) => p.upper ?? null) } } : {}),
      },
    ],
  });
  const table = renderHtmlTable(
    [
      { label: words.date },
      { label: words.weekday },
      { label: words.forecastOrders, numeric: true },
      ...(banded ? [{ label: words.expectedRange, numeric: true }] : []),
    ],
    o.daily.map((p, i) =>
      [p.at, weekdayOfDate(p.at, locale), formatValue(forecast[i], 'count', locale), ...(banded ? [range(p, 'count', locale)] : [])].map(
        escapeHtml,
      ),
    ),
  );
  return renderSection(words.outlook, `${facts}\n<h3>${escapeHtml(words.outlookDaily)}</h3>\n${renderFigure(chart)}\n${table}`);
}

/** A definition list of label–value pairs inside a section. */
export function renderReportFacts(facts: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="meta">${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

/** The order analysis report as a complete, self-contained, printable HTML document. */
export function renderOrderReportHtml(report: OrderReport, options: ReportRenderOptions = {}): string {
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN';
  const words = reportLabels(locale);
  const header = renderReportHeader(
    report.title,
    [
      [words.period, formatPeriod(report.period, locale)],
      [words.previousPeriod, formatPeriod(report.previousPeriod, locale)],
      [words.lastYearPeriod, formatPeriod(report.lastYearPeriod, locale)],
      [words.filters, filtersText(report.filters, locale)],
      [words.timeZone, report.timeZone],
      [words.generatedAt, formatTimestamp(report.generatedAt, report.timeZone)],
    ],
    report.notes,
  );
  const provinceNote = { column: 'revenue_change_rate', prefix: words.vsPrevious };
  const sections = [
    header,
    renderSection(words.kpis, renderKpiCards(report.kpis, locale)),
    funnelSection(report, locale, words),
    dailySection(report, locale, words),
    renderSection(
      words.mix,
      [
        mixBlock(words.channelMix, report.channelMix, ['channel'], locale, words),
        mixBlock(words.orderTypeMix, report.orderTypeMix, ['order_type'], locale, words),
      ].join('\n'),
    ),
    renderSection(
      words.rankings,
      [
        rankingBlock(
          words.topProducts,
          report.topProducts,
          barsOfTable(report.topProducts, { labels: ['product_name', 'product'], values: ['revenue'] }, locale),
          locale,
          words,
        ),
        rankingBlock(
          words.topVenues,
          report.topVenues,
          barsOfTable(report.topVenues, { labels: ['venue_name', 'venue'], values: ['revenue'] }, locale),
          locale,
          words,
        ),
      ].join('\n'),
    ),
    renderSection(
      words.regions,
      [
        rankingBlock(
          words.provinces,
          report.provinces,
          barsOfTable(report.provinces, { labels: ['province'], values: ['revenue'], note: provinceNote }, locale),
          locale,
          words,
        ),
        `<h3>${escapeHtml(words.topCities)}</h3>`,
        report.cities.rows.length > 0 ? renderReportTable(report.cities, locale) : renderParagraph(words.noData, 'empty'),
      ].join('\n'),
    ),
    heatmapSection(report, locale, words),
    anomalySection(report, locale, words),
    outlookSection(report, locale, words),
    `<footer>${escapeHtml(words.footer)}</footer>`,
  ];
  return renderHtmlPage({ locale, title: `${report.title} ${formatPeriod(report.period, locale)}`, body: sections.join('\n') });
}
