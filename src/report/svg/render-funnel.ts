import {
  chartLabel,
  el,
  INK,
  paletteColor,
  positiveOr,
  renderNoData,
  renderSvgDocument,
  text,
  titleHeight,
  toSvgNumber,
  tooltip,
} from './chart-frame.ts';
import { estimateTextWidth, formatNumber, formatPercent, truncateText, type Locale } from './svg-text.ts';

/** Options of renderFunnel. */
export interface FunnelOptions {
  readonly title?: string;
  readonly width?: number;
  readonly locale?: Locale;
  /** Steps in order, e.g. visit → add to cart → order → paid. */
  readonly steps: ReadonlyArray<{ readonly label: string; readonly value: number }>;
}

const WORDS = {
  'zh-CN': { first: '占首步', previous: '占上步' },
  en: { first: 'of first', previous: 'of previous' },
} as const;

/** Conversion line for one step: its share of the first step and of the step before. */
function conversionText(locale: Locale, ofFirst: number, ofPrevious: number): string {
  const words = WORDS[locale] ?? WORDS['zh-CN'];
  return locale === 'en'
    ? `${formatPercent(ofFirst)} ${words.first} · ${formatPercent(ofPrevious)} ${words.previous}`
    : `${words.first} ${formatPercent(ofFirst)} · ${words.previous} ${formatPercent(ofPrevious)}`;
}

/** A conversion funnel: centred bars scaled to the largest step, each with its count and step-to-step conversion. */
export function renderFunnel(options: FunnelOptions): string {
  const { title } = options;
  const locale = options.locale ?? 'zh-CN';
  const width = positiveOr(options.width, 640);
  const steps = options.steps ?? [];
  if (steps.length === 0) return renderNoData({ kind: 'funnel', locale, title, width });

  // Counts cannot be negative or missing; such a step is shown as zero rather than breaking the scale.
  const values = steps.map((s) => (Number.isFinite(s.value) && s.value > 0 ? s.value : 0));
  const largest = Math.max(0, ...values);
  const first = values[0] ?? 0;
  const counts = values.map((v) => formatNumber(v));
  const rates = values.map((v, i) => (i === 0 ? '' : conversionText(locale, v / first, v / (values[i - 1] ?? 0))));

  const rowHeight = 40;
  const barHeight = 26;
  const labels = steps.map((s) => truncateText(s.label, width * 0.25, 12));
  const labelRight = 10 + Math.max(0, ...labels.map((l) => estimateTextWidth(l, 12)));
  const statsWidth = Math.max(...counts.map((c) => estimateTextWidth(c, 12)), ...rates.map((r) => estimateTextWidth(r, 10)));
  const barLeft = labelRight + 12;
  const barRight = Math.max(barLeft + 60, width - 14 - statsWidth - 12);
  const centre = (barLeft + barRight) / 2;
  const top = titleHeight(title) + 6;
  const barSpan = (v: number): number => (largest > 0 ? (v / largest) * (barRight - barLeft) : 0);
  const color = paletteColor(0);

  let body = '';
  values.forEach((value, i) => {
    const rowTop = top + i * rowHeight;
    const barTop = rowTop + (rowHeight - barHeight) / 2;
    const w = barSpan(value);
    const next = values[i + 1];
    // The light trapezoid down to the next bar shows the drop-off between steps.
    const connector =
      next === undefined
        ? ''
        : el('polygon', {
            points: [
              [centre - w / 2, barTop + barHeight],
              [centre + w / 2, barTop + barHeight],
              [centre + barSpan(next) / 2, barTop + rowHeight],
              [centre - barSpan(next) / 2, barTop + rowHeight],
            ]
              .map(([px, py]) => `${toSvgNumber(px ?? 0)},${toSvgNumber(py ?? 0)}`)
              .join(' '),
            fill: INK.grid,
          });
    const statsX = barRight + 12;
    const stats =
      i === 0
        ? text(statsX, barTop + barHeight / 2 + 4, counts[i] ?? '', { 'font-size': 12, 'font-weight': 'bold', fill: INK.text })
        : text(statsX, barTop + 11, counts[i] ?? '', { 'font-size': 12, 'font-weight': 'bold', fill: INK.text }) +
          text(statsX, barTop + 24, rates[i] ?? '', { 'font-size': 10, fill: INK.muted });
    body += el(
      'g',
      { class: 'step' },
      tooltip(`${steps[i]?.label ?? ''}: ${counts[i] ?? ''}${rates[i] ? ` · ${rates[i]}` : ''}`) +
        connector +
        el('rect', { x: centre - w / 2, y: barTop, width: w, height: barHeight, fill: color }) +
        text(labelRight, barTop + barHeight / 2 + 4, labels[i] ?? '', { 'text-anchor': 'end', 'font-size': 12, fill: INK.text }) +
        stats,
    );
  });

  const height = top + steps.length * rowHeight + 8;
  return renderSvgDocument({ width, height, label: chartLabel('funnel', locale, title), title, body });
}
