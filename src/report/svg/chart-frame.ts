import { escapeXml, estimateTextWidth, FONT_FAMILY, type Locale } from './svg-text.ts';

/** Attribute values by name; undefined drops the attribute, numbers go through toSvgNumber. */
export type Attrs = Readonly<Record<string, string | number | undefined>>;

/**
 * Series colours, ordered so neighbours differ clearly in lightness and so stay apart on a
 * black-and-white printer (L* about 25, 72, 51, 83, 37, 65); direct labels carry the rest.
 */
export const PALETTE: readonly string[] = ['#1b3a6b', '#e8a33d', '#3a8577', '#b8d3ea', '#7a3f86', '#c98f8f'];

/** Ink for axes, labels and gridlines; greys that survive toner without dominating the data. */
export const INK = { text: '#222222', muted: '#666666', axis: '#888888', grid: '#e2e2e2', frame: '#bbbbbb' } as const;

/** The colour for the i-th series, cycling through the palette. */
export function paletteColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? '#1b3a6b';
}

/** A coordinate or size as SVG text: two decimals at most, and never NaN, Infinity or -0. */
export function toSvgNumber(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const rounded = Math.round(n * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}

/** Attributes serialised in insertion order (so output is deterministic), values escaped. */
export function renderAttrs(attrs: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? toSvgNumber(value) : escapeXml(value)}"`;
  }
  return out;
}

/** One element; `children` is already-rendered markup, and leaving it out makes the tag self-closing. */
export function el(name: string, attrs: Attrs, children?: string): string {
  return children === undefined ? `<${name}${renderAttrs(attrs)}/>` : `<${name}${renderAttrs(attrs)}>${children}</${name}>`;
}

/** A text element whose content is escaped. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeXml(content));
}

/** A tooltip: browsers show a <title> child on hover, and screen readers read it. */
export function tooltip(content: string): string {
  return `<title>${escapeXml(content)}</title>`;
}

/** Relative luminance (WCAG) of a #rrggbb colour: what a greyscale printer roughly keeps of it. */
export function relativeLuminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return 0;
  const [r, g, b] = [m[1], m[2], m[3]].map((part) => {
    const c = parseInt(part ?? '0', 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** Black or white, whichever reads better on the given fill. */
export function textColorOn(fill: string): string {
  return relativeLuminance(fill) > 0.3 ? '#111111' : '#ffffff';
}

/** A linear map from a data domain onto pixels; a zero-width domain maps everything to the middle. */
export function createLinearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  if (!Number.isFinite(span) || span === 0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

const CHART_NAMES = {
  line: { 'zh-CN': '折线图', en: 'Line chart' },
  bar: { 'zh-CN': '条形图', en: 'Bar chart' },
  share: { 'zh-CN': '构成图', en: 'Share chart' },
  heatmap: { 'zh-CN': '热力图', en: 'Heatmap' },
  funnel: { 'zh-CN': '漏斗图', en: 'Funnel' },
} as const;

/** Which kind of chart a document holds, for its accessible name when it has no title. */
export type ChartKind = keyof typeof CHART_NAMES;

/** The accessible name of a chart: its title, else the kind of chart in the report's language. */
export function chartLabel(kind: ChartKind, locale: Locale, title?: string): string {
  return title !== undefined && title.trim() !== '' ? title : CHART_NAMES[kind][locale === 'en' ? 'en' : 'zh-CN'];
}

/** Height the title row takes above the plot. */
export function titleHeight(title?: string): number {
  return title !== undefined && title.trim() !== '' ? 30 : 10;
}

/**
 * A standalone SVG document: fixed viewBox and natural size, shrinking to the page width in HTML and
 * print. Presentation attributes instead of <style>, because an inline SVG's stylesheet would leak
 * into the whole report; no ids either, so several charts can share one page.
 */
export function renderSvgDocument(options: {
  width: number;
  height: number;
  label: string;
  title?: string | undefined;
  body: string;
}): string {
  const { width, height, label, title, body } = options;
  const heading =
    title !== undefined && title.trim() !== '' ? text(10, 20, title, { 'font-size': 14, 'font-weight': 'bold', fill: INK.text }) : '';
  return (
    `<svg${renderAttrs({
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${toSvgNumber(width)} ${toSvgNumber(height)}`,
      width,
      height,
      role: 'img',
      'aria-label': label,
      'font-family': FONT_FAMILY,
      'font-size': 12,
      style: 'max-width:100%;height:auto',
    })}>` +
    `<title>${escapeXml(label)}</title>` +
    el('rect', { width, height, fill: '#ffffff' }) +
    heading +
    body +
    '</svg>'
  );
}

/** The chart's stand-in when there is nothing to draw: a framed "无数据" / "No data" message. */
export function renderNoData(options: {
  kind: ChartKind;
  locale: Locale;
  title?: string | undefined;
  width?: number;
  height?: number;
}): string {
  const { kind, locale, title } = options;
  const width = positiveOr(options.width, 640);
  const top = titleHeight(title);
  const height = Math.max(top + 60, positiveOr(options.height, 160));
  const message = locale === 'en' ? 'No data' : '无数据';
  const body =
    el('rect', {
      x: 10.5,
      y: top + 0.5,
      width: width - 21,
      height: height - top - 11,
      fill: 'none',
      stroke: INK.frame,
      'stroke-dasharray': '4 3',
    }) + text(width / 2, (top + height - 10) / 2 + 5, message, { 'text-anchor': 'middle', 'font-size': 14, fill: INK.muted });
  return renderSvgDocument({ width, height, label: `${chartLabel(kind, locale, title)} — ${message}`, title, body });
}

/** The option if it is a usable positive size, otherwise the default. */
export function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Horizontal gridlines with their labels left of the plot; a zero line is drawn darker. */
export function renderYAxis(options: {
  ticks: readonly number[];
  labels: readonly string[];
  y: (v: number) => number;
  left: number;
  right: number;
}): string {
  const { ticks, labels, y, left, right } = options;
  return ticks
    .map((tick, i) => {
      const py = Math.round(y(tick)) + 0.5;
      const stroke = tick === 0 ? INK.axis : INK.grid;
      return (
        el('line', { x1: left, y1: py, x2: right, y2: py, stroke }) +
        text(left - 6, py + 4, labels[i] ?? '', { 'text-anchor': 'end', 'font-size': 11, fill: INK.muted })
      );
    })
    .join('');
}

/** Width the y-axis labels need, including the gap to the plot. */
export function yAxisWidth(labels: readonly string[]): number {
  return Math.max(0, ...labels.map((l) => estimateTextWidth(l, 11))) + 10;
}

/** Show every `step`-th category label so neighbours do not overlap. */
export function labelStep(labelWidths: readonly number[], slotWidth: number): number {
  const widest = Math.max(0, ...labelWidths) + 8;
  if (!(slotWidth > 0)) return Math.max(1, labelWidths.length);
  return Math.max(1, Math.ceil(widest / slotWidth));
}

/** One legend entry: the swatch draws itself in a 16×10 box whose top-left corner is given. */
export interface LegendItem {
  readonly label: string;
  readonly swatch: (x: number, y: number) => string;
}

/** A legend laid out left to right, wrapping to new rows within the width; returns its markup and height. */
export function renderLegend(items: readonly LegendItem[], x: number, y: number, maxWidth: number): { markup: string; height: number } {
  const rowHeight = 16;
  let cx = x;
  let cy = y;
  let markup = '';
  for (const item of items) {
    const width = 22 + estimateTextWidth(item.label, 11) + 14;
    if (cx > x && cx + width > x + maxWidth) {
      cx = x;
      cy += rowHeight;
    }
    markup += `<g>${item.swatch(cx, cy + 1)}${text(cx + 22, cy + 10, item.label, { 'font-size': 11, fill: INK.text })}</g>`;
    cx += width;
  }
  return { markup, height: items.length === 0 ? 0 : cy - y + rowHeight };
}

/**
 * Label positions pushed apart vertically so no two are closer than `gap`, staying within
 * [min, max] where the space allows; the input order is kept.
 */
export function spreadLabels(ys: readonly number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => Math.min(Math.max(o.y, min), max));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k] ?? 0, (placed[k - 1] ?? 0) + gap);
  // Overflow at the bottom: shift back up, but never above the top bound.
  const last = placed.length - 1;
  if (last >= 0 && (placed[last] ?? 0) > max) {
    placed[last] = max;
    for (let k = last - 1; k >= 0; k--) placed[k] = Math.min(placed[k] ?? 0, (placed[k + 1] ?? 0) - gap);
    for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k] ?? 0, k === 0 ? min : (placed[k - 1] ?? 0) + gap);
  }
  const result = new Array<number>(ys.length);
  order.forEach((o, k) => (result[o.i] = placed[k] ?? o.y));
  return result;
}
