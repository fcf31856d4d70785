import {
  chartLabel,
  createLinearScale,
  el,
  INK,
  labelStep,
  paletteColor,
  positiveOr,
  renderNoData,
  renderSvgDocument,
  renderYAxis,
  text,
  titleHeight,
  tooltip,
  yAxisWidth,
} from './chart-frame.ts';
import { escapeXml, estimateTextWidth, formatCompact, formatTicks, MISSING, niceTicks, truncateText, type Locale } from './svg-text.ts';

/** One bar; `note` is shown after the value (e.g. "同比 +5%"). */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly note?: string;
}

/** Options of renderBarChart. */
export interface BarChartOptions {
  readonly title?: string;
  readonly width?: number;
  /** Only for vertical bars; horizontal charts grow with the number of bars. */
  readonly height?: number;
  readonly locale?: Locale;
  readonly bars: readonly Bar[];
  /** Horizontal bars (the default) suit rankings with long labels. */
  readonly horizontal?: boolean;
  readonly valueFormat?: (value: number) => string;
}

// Negative bars are lighter than positive ones, so a growth-rate chart keeps its sign in greyscale
// (the value label's minus sign says it too).
const POSITIVE = paletteColor(0);
const NEGATIVE = paletteColor(1);

interface PreparedBar {
  readonly label: string;
  readonly value: number | null;
  readonly valueText: string;
  readonly note: string;
  readonly detail: string;
}

function prepare(bars: readonly Bar[], format: (v: number) => string): PreparedBar[] {
  return bars.map((bar) => {
    const value = Number.isFinite(bar.value) ? bar.value : null;
    const valueText = value === null ? MISSING : String(format(value));
    const note = bar.note ?? '';
    return { label: bar.label, value, valueText, note, detail: `${bar.label}: ${valueText}${note ? ` · ${note}` : ''}` };
  });
}

function valueLabel(
  x: number,
  y: number,
  bar: PreparedBar,
  anchor: 'start' | 'end' | 'middle',
  fontSize: number,
  withNote: boolean,
): string {
  const note = withNote && bar.note ? `<tspan fill="${INK.muted}"> ${escapeXml(bar.note)}</tspan>` : '';
  return el('text', { x, y, 'text-anchor': anchor, 'font-size': fontSize, fill: INK.text }, escapeXml(bar.valueText) + note);
}

/** A bar chart as a standalone SVG: values labelled at the bar ends and a zero axis when values go negative. */
export function renderBarChart(options: BarChartOptions): string {
  const { title } = options;
  const locale = options.locale ?? 'zh-CN';
  const width = positiveOr(options.width, 640);
  const format = options.valueFormat ?? ((v: number) => formatCompact(v, locale, 2));
  const bars = prepare(options.bars ?? [], format);
  if (bars.length === 0) return renderNoData({ kind: 'bar', locale, title, width, height: options.height });
  return options.horizontal === false ? renderColumns(options, bars, locale, width) : renderRows(options, bars, locale, width);
}

function renderRows(options: BarChartOptions, bars: readonly PreparedBar[], locale: Locale, width: number): string {
  const fontSize = 12;
  const rowHeight = 24;
  const labels = bars.map((b) => truncateText(b.label, width * 0.3, fontSize));
  const labelRight = 10 + Math.max(0, ...labels.map((l) => estimateTextWidth(l, fontSize)));
  const endWidth = (b: PreparedBar): number =>
    estimateTextWidth(b.valueText, fontSize) + (b.note ? estimateTextWidth(` ${b.note}`, fontSize) : 0) + 6;
  const positiveRoom = Math.max(0, ...bars.filter((b) => (b.value ?? 0) >= 0).map(endWidth));
  const negativeRoom = Math.max(0, ...bars.filter((b) => (b.value ?? 0) < 0).map(endWidth));
  const values = bars.map((b) => b.value ?? 0);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const plotLeft = labelRight + 10 + negativeRoom;
  const plotRight = Math.max(plotLeft + 40, width - 10 - positiveRoom);
  const x = createLinearScale(lo === hi ? [0, 1] : [lo, hi], [plotLeft, plotRight]);
  const top = titleHeight(options.title) + 4;
  const height = top + bars.length * rowHeight + 10;
  const zero = Math.round(x(0)) + 0.5;

  const rows = bars
    .map((bar, i) => {
      const rowTop = top + i * rowHeight;
      const mid = rowTop + rowHeight / 2;
      const label = text(labelRight, mid + 4, labels[i] ?? '', { 'text-anchor': 'end', 'font-size': fontSize, fill: INK.text });
      if (bar.value === null) return el('g', {}, tooltip(bar.detail) + label + valueLabel(zero + 6, mid + 4, bar, 'start', fontSize, true));
      const end = x(bar.value);
      const negative = bar.value < 0;
      const rect = el('rect', {
        x: Math.min(end, x(0)),
        y: rowTop + 4,
        width: Math.abs(end - x(0)),
        height: rowHeight - 8,
        fill: negative ? NEGATIVE : POSITIVE,
      });
      const value = negative
        ? valueLabel(end - 6, mid + 4, bar, 'end', fontSize, true)
        : valueLabel(end + 6, mid + 4, bar, 'start', fontSize, true);
      return el('g', {}, tooltip(bar.detail) + label + rect + value);
    })
    .join('');
  const axis = el('line', { x1: zero, y1: top, x2: zero, y2: top + bars.length * rowHeight, stroke: INK.axis });
  return renderSvgDocument({ width, height, label: chartLabel('bar', locale, options.title), title: options.title, body: rows + axis });
}

function renderColumns(options: BarChartOptions, bars: readonly PreparedBar[], locale: Locale, width: number): string {
  const height = positiveOr(options.height, 320);
  const values = bars.map((b) => b.value ?? 0);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 5);
  // The axis speaks the same units as the value labels (a percent format gives percent ticks).
  const tickLabels = options.valueFormat ? ticks.map((t) => String(options.valueFormat?.(t) ?? '')) : formatTicks(ticks, locale);
  const left = 10 + yAxisWidth(tickLabels);
  const right = Math.max(left + 40, width - 12);
  const top = titleHeight(options.title) + 16;
  const bottom = height - 26;
  const y = createLinearScale([ticks[0] ?? 0, ticks[ticks.length - 1] ?? 1], [bottom, top]);
  const slot = (right - left) / bars.length;
  const barWidth = Math.min(48, slot * 0.7);
  const labels = bars.map((b) => truncateText(b.label, Math.max(slot - 4, 24), 11));
  const step = labelStep(
    labels.map((l) => estimateTextWidth(l, 11)),
    slot,
  );
  const zero = Math.round(y(0)) + 0.5;

  const columns = bars
    .map((bar, i) => {
      const cx = left + slot * (i + 0.5);
      const label =
        i % step === 0 ? text(cx, bottom + 17, labels[i] ?? '', { 'text-anchor': 'middle', 'font-size': 11, fill: INK.muted }) : '';
      // A value label wider than its slot would run into the neighbours; the tooltip still has it.
      const fits = estimateTextWidth(bar.valueText, 10) <= slot;
      if (bar.value === null)
        return el('g', {}, tooltip(bar.detail) + label + (fits ? valueLabel(cx, zero - 4, bar, 'middle', 10, false) : ''));
      const end = y(bar.value);
      const negative = bar.value < 0;
      const rect = el('rect', {
        x: cx - barWidth / 2,
        y: Math.min(end, y(0)),
        width: barWidth,
        height: Math.abs(end - y(0)),
        fill: negative ? NEGATIVE : POSITIVE,
      });
      const value = fits ? valueLabel(cx, negative ? end + 12 : end - 4, bar, 'middle', 10, false) : '';
      return el('g', {}, tooltip(bar.detail) + label + rect + value);
    })
    .join('');
  const axis =
    renderYAxis({ ticks, labels: tickLabels, y, left, right }) + el('line', { x1: left, y1: zero, x2: right, y2: zero, stroke: INK.axis });
  return renderSvgDocument({ width, height, label: chartLabel('bar', locale, options.title), title: options.title, body: axis + columns });
}
