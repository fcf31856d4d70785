/**
 * The order analysis report as Markdown for a chat message (WeCom, DingTalk): KPIs first, short
 * lists, no HTML, no images and no tables (neither client's markdown draws them). WeCom takes at
 * most 4096 bytes of content, so the text is fitted to a byte budget by shortening lists, and only
 * then by dropping whole lines from the end, never by cutting a line.
 *
 * The chat-text helpers are exported for the log report.
 */
import type { Anomaly, Kpi, OrderReport, ReportTable } from '../../analysis/reports/report-model.ts';
import type { Locale } from '../svg/svg-text.ts';
import { pickLabelColumn, pickValueColumn, rowLabel, unitOfMetric, type ReportRenderOptions } from './render-order-report-html.ts';
import {
  columnUnit,
  describeChange,
  formatKpiValue,
  formatMoney,
  formatPeriod,
  formatValue,
  metricLabel,
  reportLabels,
  type ReportLabels,
} from './report-labels.ts';

/** Options of the chat Markdown renderers. */
export interface ChatMarkdownOptions extends ReportRenderOptions {
  /** Largest message in UTF-8 bytes (default 4000, under WeCom's 4096 with room for a client's additions). */
  readonly maxBytes?: number;
}

/** Default byte budget of a chat message. */
export const CHAT_MAX_BYTES = 4000;

/** Longest list a chat message shows; fitting may shorten it further. */
const LIST_LIMIT = 5;

/** Longest name (product, venue, template) in characters, so one odd row cannot eat the message. */
const NAME_CHARS = 32;

// Chat clients speak different Markdown dialects and none reliably honours backslash escapes, so
// characters that would start markup are swapped for full-width look-alikes: a reader sees the same
// name, and no data can inject a link, emphasis, code or an HTML tag.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '<': '＜',
  '>': '＞',
  '[': '［',
  ']': '］',
  '*': '＊',
  '`': 'ˋ',
  '|': '｜',
  '#': '＃',
};

/** Text from data made inert for chat Markdown, on one line, cut with an ellipsis past `maxChars`. */
export function toChatText(value: string, maxChars = NAME_CHARS): string {
  let out = '';
  for (const ch of String(value).replace(/\s+/g, ' ').trim()) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) continue;
    out += LOOK_ALIKES[ch] ?? ch;
  }
  const chars = [...out];
  return chars.length > maxChars ? `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…` : out;
}

/** Bytes the text takes in UTF-8, which is how WeCom counts its limit (a Chinese character is 3). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** A block of the message: a heading line and the lines under it (the first block is the header). */
export type ChatSection = readonly string[];

function joinSections(sections: readonly ChatSection[]): string {
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}

/**
 * The message built with the longest list limit (5 down to 0) that fits the budget; if even that does
 * not fit, whole lines are dropped from the end, a section left with only its heading goes too, and
 * a closing line says so.
 */
export function fitChatMarkdown(build: (listLimit: number) => readonly ChatSection[], maxBytes: number, words: ReportLabels): string {
  let sections: readonly ChatSection[] = [];
  for (let limit = LIST_LIMIT; limit >= 0; limit--) {
    sections = build(limit);
    const text = joinSections(sections);
    if (utf8Length(text) <= maxBytes) return text;
  }
  const kept = sections.map((lines) => [...lines]);
  const ending = `\n\n${words.truncated}`;
  while (utf8Length(joinSections(kept) + ending) > maxBytes) {
    const last = kept[kept.length - 1];
    if (last === undefined || (kept.length === 1 && last.length <= 1)) break;
    last.pop();
    if (kept.length > 1 && last.length <= 1) kept.pop();
  }
  return joinSections(kept) + ending;
}

function changeShort(label: string, rate: number | null, locale: Locale): string {
  const change = describeChange(rate, locale);
  return change.direction === 'none'
    ? `${label} —`
    : change.direction === 'flat'
      ? `${label} ${change.word}`
      : `${label} ${change.arrow}${change.rate}`;
}

/** One line per KPI: value in bold, then 环比 and 同比 with arrow and signed rate; or why it does not apply. */
export function kpiLines(kpis: readonly Kpi[], locale: Locale): string[] {
  const words = reportLabels(locale);
  if (kpis.length === 0) return [words.noData];
  return kpis.map((kpi) =>
    kpi.notApplicable
      ? `- ${toChatText(kpi.label)} **—**｜${toChatText(kpi.notApplicable, 80)}`
      : `- ${toChatText(kpi.label)} **${formatKpiValue(kpi.value, kpi.unit, locale)}**｜${changeShort(words.vsPrevious, kpi.previousChangeRate, locale)}｜${changeShort(words.vsLastYear, kpi.lastYearChangeRate, locale)}`,
  );
}

/** The header line of the filters a report applies. */
export function filtersLine(filters: readonly string[], locale: Locale): string {
  const words = reportLabels(locale);
  const [colon, sep] = locale === 'en' ? [': ', '; '] : ['：', '；'];
  return `> ${words.filters}${colon}${filters.length > 0 ? toChatText(filters.join(sep), 160) : words.noFilters}`;
}

/** A section heading line: bold, with an optional note in parentheses. */
export function chatHeading(text: string, note?: string, locale: Locale = 'zh-CN'): string {
  if (note === undefined || note === '') return `**${text}**`;
  return locale === 'en' ? `**${text}** (${note})` : `**${text}**（${note}）`;
}

/** "热销商品 Top 5", with the number the list really shows; no number when it shows none. */
export function topHeading(text: string, limit: number, rows: number, locale: Locale): string {
  const shown = Math.min(limit, rows);
  return chatHeading(shown > 0 ? reportLabels(locale).top(text, shown) : text);
}

/** A numbered top-N list of a ranking table, with how many rows were left out. */
export function rankedLines(
  table: ReportTable,
  options: {
    readonly labels: readonly string[];
    readonly values: readonly string[];
    readonly limit: number;
    readonly note?: (row: ReportTable['rows'][number]) => string;
  },
  locale: Locale,
): string[] {
  const words = reportLabels(locale);
  if (table.rows.length === 0) return [words.noData];
  const labelColumn = pickLabelColumn(table, options.labels);
  const valueColumn = pickValueColumn(table, options.values);
  const shown = table.rows.slice(0, options.limit).map((row, i) => {
    const raw = valueColumn ? row[valueColumn.name] : undefined;
    const unit = valueColumn ? columnUnit(valueColumn) : 'text';
    const value =
      typeof raw === 'number'
        ? unit === 'currency'
          ? formatMoney(raw, locale)
          : formatValue(raw, unit === 'plain' ? 'count' : unit, locale)
        : '—';
    const note = options.note?.(row) ?? '';
    return `${i + 1}. ${toChatText(rowLabel(row, labelColumn, options.labels))} ${value}${note ? ` ${note}` : ''}`;
  });
  const rest = table.rows.length - shown.length;
  return rest > 0 ? [...shown, `- …${words.more(rest)}`] : shown;
}

/** One anomaly or spike on one line: when, metric, verdict, actual, expected range and relative size. */
export function anomalyLine(a: Anomaly, locale: Locale): string {
  const words = reportLabels(locale);
  const unit = unitOfMetric(a.metric);
  const value = (v: number) => (unit === 'currency' ? formatMoney(v, locale) : formatValue(v, unit, locale));
  const verdict = a.direction === 'high' ? `▲${words.high}` : `▼${words.low}`;
  const relative =
    a.relative === null
      ? ''
      : locale === 'en'
        ? `, ${formatValue(a.relative, 'change_rate', locale)}`
        : `，${formatValue(a.relative, 'change_rate', locale)}`;
  const range = `${value(a.lower)}–${value(a.upper)}`;
  return locale === 'en'
    ? `- ${toChatText(a.at)} ${metricLabel(a.metric, locale)} ${verdict} ${value(a.value)} (expected ${range}${relative})`
    : `- ${toChatText(a.at)} ${metricLabel(a.metric, locale)} ${verdict} ${value(a.value)}（预期 ${range}${relative}）`;
}

/** The anomaly list: up to `limit` lines, the count when more were found, or a sentence when none were. */
export function anomalyLines(anomalies: readonly Anomaly[], limit: number, locale: Locale, none: string): string[] {
  if (anomalies.length === 0) return [none];
  const shown = anomalies.slice(0, limit).map((a) => anomalyLine(a, locale));
  const rest = anomalies.length - shown.length;
  return rest > 0 ? [...shown, `- …${reportLabels(locale).more(rest)}`] : shown;
}

function funnelLine(report: OrderReport, locale: Locale, words: ReportLabels): string {
  const f = report.funnel;
  if (!(f.created > 0)) return words.noOrders;
  const count = (n: number) => formatValue(n, 'count', locale);
  const share = (n: number) => formatValue(n / f.created, 'ratio', locale);
  const sep = locale === 'en' ? '; ' : '；';
  const open = locale === 'en' ? ' (' : '（';
  const close = locale === 'en' ? ')' : '）';
  return (
    `${words.created} ${count(f.created)} → ${words.paid} ${count(f.paid)}${open}${share(f.paid)}${close} → ${words.completed} ${count(f.completed)}${open}${share(f.completed)}${close}` +
    `${sep}${words.cancelled} ${count(f.cancelled)}${open}${share(f.cancelled)}${close}${locale === 'en' ? ', ' : '，'}${words.refunded} ${count(f.refunded)}${open}${share(f.refunded)}${close}`
  );
}

function outlookLines(report: OrderReport, locale: Locale, words: ReportLabels): string[] {
  const o = report.outlook;
  const colon = locale === 'en' ? ': ' : '：';
  const lines =
    o.orders === null && o.revenue === null
      ? [`- ${words.noForecast}`]
      : [
          `- ${words.forecastOrders} ${formatValue(o.orders, 'count', locale)}${locale === 'en' ? ', ' : '，'}${words.forecastRevenue} ${formatMoney(o.revenue, locale)}`,
        ];
  if (o.method) lines.push(`- ${words.method}${colon}${toChatText(o.method, 120)}`);
  if (o.note) lines.push(`- ${words.note}${colon}${toChatText(o.note, 160)}`);
  return lines;
}

/** The header lines both chat reports open with: title, period and zone. */
export function chatHeader(title: string, period: string, timeZone: string, locale: Locale): string[] {
  const words = reportLabels(locale);
  return [`## ${toChatText(title, 60)}`, `**${period}**｜${words.timeZone} ${toChatText(timeZone, 40)}`];
}

/** The order analysis report as chat Markdown under the byte budget: KPIs, funnel, top 5 lists, anomalies, outlook. */
export function renderOrderReportMarkdown(report: OrderReport, options: ChatMarkdownOptions = {}): string {
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN';
  const words = reportLabels(locale);
  const colon = locale === 'en' ? ': ' : '：';
  const sep = locale === 'en' ? '; ' : '；';
  const header = [
    ...chatHeader(report.title, formatPeriod(report.period, locale), report.timeZone, locale),
    `> ${words.vsPrevious} ${formatPeriod(report.previousPeriod, locale)}${sep}${words.vsLastYear} ${formatPeriod(report.lastYearPeriod, locale)}`,
    filtersLine(report.filters, locale),
    // Notes say what the numbers leave out (days without data), so they sit in the header, never dropped.
    ...(report.notes ?? []).map((note) => `> ${words.note}${colon}${toChatText(note, 200)}`),
  ];
  const provinceNote = (row: ReportTable['rows'][number]): string => {
    const rate = row.revenue_change_rate;
    return typeof rate === 'number' ? changeShort(words.vsPrevious, rate, locale) : '';
  };
  const build = (limit: number): ChatSection[] => [
    header,
    [chatHeading(words.kpis), ...kpiLines(report.kpis, locale)],
    [chatHeading(words.funnel), funnelLine(report, locale, words)],
    [
      topHeading(words.topProducts, limit, report.topProducts.rows.length, locale),
      ...rankedLines(report.topProducts, { labels: ['product_name', 'product'], values: ['revenue'], limit }, locale),
    ],
    [
      topHeading(words.topVenues, limit, report.topVenues.rows.length, locale),
      ...rankedLines(report.topVenues, { labels: ['venue_name', 'venue'], values: ['revenue'], limit }, locale),
    ],
    [
      topHeading(words.provinces, limit, report.provinces.rows.length, locale),
      ...rankedLines(report.provinces, { labels: ['province'], values: ['revenue'], limit, note: provinceNote }, locale),
    ],
    [chatHeading(words.anomalies, words.anomalyRuleShort, locale), ...anomalyLines(report.anomalies, limit, locale, words.noAnomalies)],
    [chatHeading(words.outlook, formatPeriod(report.outlook.period, locale), locale), ...outlookLines(report, locale, words)],
  ];
  return fitChatMarkdown(build, options.maxBytes ?? CHAT_MAX_BYTES, words);
}
