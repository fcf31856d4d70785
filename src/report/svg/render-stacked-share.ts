import {
  chartLabel,
  el,
  INK,
  paletteColor,
  positiveOr,
  renderLegend,
  renderNoData,
  renderSvgDocument,
  text,
  textColorOn,
  titleHeight,
  tooltip,
} from './chart-frame.ts';
import { estimateTextWidth, formatCompact, roundShares, truncateText, type Locale } from './svg-text.ts';

/** Options of renderShareBar. */
export interface ShareBarOptions {
  readonly title?: string;
  readonly width?: number;
  readonly locale?: Locale;
  /** Parts of one whole, e.g. orders by channel; zero, negative and non-finite parts count as nothing. */
  readonly parts: ReadonlyArray<{ readonly label: string; readonly value: number }>;
}

/**
 * A mix (channel mix, payment mix) as one 100% bar with percentages in the segments that fit them
 * and a legend that names every part. A bar rather than a donut: it prints and compares better.
 */
export function renderShareBar(options: ShareBarOptions): string {
  const { title } = options;
  const locale = options.locale ?? 'zh-CN';
  const width = positiveOr(options.width, 640);
  const parts = options.parts ?? [];
  const values = parts.map((p) => (Number.isFinite(p.value) && p.value > 0 ? p.value : 0));
  const total = values.reduce((sum, v) => sum + v, 0);
  if (!(total > 0) || !Number.isFinite(total)) return renderNoData({ kind: 'share', locale, title, width });

  const shares = roundShares(values, 1);
  const percent = (i: number): string => `${(shares[i] ?? 0).toFixed(1)}%`;
  const top = titleHeight(title) + 4;
  const barHeight = 30;
  const left = 10;
  const barWidth = width - 20;

  let segments = '';
  let offset = left;
  parts.forEach((part, i) => {
    const value = values[i] ?? 0;
    if (value <= 0) return;
    const w = (value / total) * barWidth;
    const fill = paletteColor(i);
    const detail = `${part.label}: ${formatCompact(value, locale, 2)} (${percent(i)})`;
    // Try "label pct", then just "pct"; narrower segments rely on the legend below.
    const full = `${truncateText(part.label, Math.max(0, w - 60), 11)} ${percent(i)}`;
    const inside =
      !full.startsWith('…') && estimateTextWidth(full, 11) + 8 <= w ? full : estimateTextWidth(percent(i), 11) + 8 <= w ? percent(i) : '';
    // White seams between segments keep neighbours apart when colours print as similar greys.
    segments += el(
      'g',
      { class: 'segment' },
      tooltip(detail) +
        el('rect', { x: offset, y: top, width: w, height: barHeight, fill, stroke: '#ffffff', 'stroke-width': 1.5 }) +
        (inside
          ? text(offset + w / 2, top + barHeight / 2 + 4, inside, { 'text-anchor': 'middle', 'font-size': 11, fill: textColorOn(fill) })
          : ''),
    );
    offset += w;
  });

  const legend = renderLegend(
    parts.map((part, i) => ({
      label: `${part.label} ${percent(i)} (${formatCompact(values[i] ?? 0, locale)})`,
      swatch: (x: number, y: number) =>
        el('rect', { x, y, width: 14, height: 10, fill: paletteColor(i), stroke: INK.axis, 'stroke-width': 0.5 }),
    })),
    left,
    top + barHeight + 10,
    barWidth,
  );
  const height = top + barHeight + 10 + legend.height + 8;
  return renderSvgDocument({ width, height, label: chartLabel('share', locale, title), title, body: segments + legend.markup });
}
