import { chartLabel, el, INK, labelStep, positiveOr, renderNoData, renderSvgDocument, text, titleHeight, tooltip } from './chart-frame.ts';
import { estimateTextWidth, formatCompact, MISSING, truncateText, type Locale } from './svg-text.ts';

/** Options of renderHeatmap. */
export interface HeatmapOptions {
  readonly title?: string;
  readonly width?: number;
  readonly locale?: Locale;
  /** Row labels, e.g. 周一…周日 or Mon…Sun. */
  readonly rows: readonly string[];
  /** Column labels, e.g. hours 0–23. */
  readonly columns: readonly string[];
  /** values[row][column]; missing or non-finite cells are drawn blank. */
  readonly values: ReadonlyArray<ReadonlyArray<number | null>>;
  readonly valueFormat?: (value: number) => string;
}

// One hue from near-white to dark navy: every channel falls monotonically, so lightness does too and
// the scale reads the same on a greyscale printer.
const LIGHT = [0xf1, 0xf5, 0xfa] as const;
const DARK = [0x0b, 0x2a, 0x5c] as const;

/** The sequential colour for t in [0, 1], light (low) to dark (high). */
export function heatColor(t: number): string {
  const k = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  return `#${LIGHT.map((light, i) =>
    Math.round(light + ((DARK[i] ?? light) - light) * k)
      .toString(16)
      .padStart(2, '0'),
  ).join('')}`;
}

/** A rows × columns heatmap (weekday × hour) with a tooltip on every cell and a min–max legend. */
export function renderHeatmap(options: HeatmapOptions): string {
  const { title } = options;
  const locale = options.locale ?? 'zh-CN';
  const rows = options.rows ?? [];
  const columns = options.columns ?? [];
  const width = positiveOr(options.width, 640);
  if (rows.length === 0 || columns.length === 0) return renderNoData({ kind: 'heatmap', locale, title, width });
  const format = options.valueFormat ?? ((v: number) => formatCompact(v, locale, 2));
  const cell = (r: number, c: number): number | null => {
    const v = options.values?.[r]?.[c];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };

  let min = Infinity;
  let max = -Infinity;
  rows.forEach((_, r) =>
    columns.forEach((__, c) => {
      const v = cell(r, c);
      if (v === null) return;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }),
  );

  const rowLabels = rows.map((r) => truncateText(r, 90, 11));
  const left = 10 + Math.max(0, ...rowLabels.map((l) => estimateTextWidth(l, 11))) + 6;
  const cellWidth = Math.min(40, Math.max(6, (width - left - 10) / columns.length));
  const cellHeight = Math.min(24, Math.max(12, cellWidth * 0.8));
  const top = titleHeight(title) + 18;
  const gridRight = left + cellWidth * columns.length;
  const colLabels = columns.map((c) => truncateText(c, 60, 10));
  const step = labelStep(
    colLabels.map((l) => estimateTextWidth(l, 10)),
    cellWidth,
  );

  let header = '';
  for (let c = 0; c < columns.length; c += step)
    header += text(left + cellWidth * (c + 0.5), top - 5, colLabels[c] ?? '', {
      'text-anchor': 'middle',
      'font-size': 10,
      fill: INK.muted,
    });

  let cells = '';
  rows.forEach((row, r) => {
    const cy = top + r * cellHeight;
    cells += text(left - 6, cy + cellHeight / 2 + 4, rowLabels[r] ?? '', { 'text-anchor': 'end', 'font-size': 11, fill: INK.text });
    columns.forEach((column, c) => {
      const v = cell(r, c);
      const t = v === null ? 0 : max > min ? (v - min) / (max - min) : 0.5;
      const fill = v === null ? '#ffffff' : heatColor(t);
      // The 1px white gap keeps cells apart where neighbours print as the same grey.
      cells += el(
        'rect',
        {
          class: 'cell',
          x: left + c * cellWidth + 0.5,
          y: cy + 0.5,
          width: cellWidth - 1,
          height: cellHeight - 1,
          fill,
          stroke: v === null ? INK.grid : undefined,
        },
        tooltip(`${row} · ${column}: ${v === null ? MISSING : format(v)}`),
      );
    });
  });

  const legendY = top + rows.length * cellHeight + 12;
  const hasValues = min <= max;
  const minText = hasValues ? String(format(min)) : MISSING;
  const maxText = hasValues ? String(format(max)) : MISSING;
  const swatchX = left + estimateTextWidth(minText, 10) + 6;
  const steps = 5;
  let legend = text(left, legendY + 9, minText, { 'font-size': 10, fill: INK.muted });
  for (let i = 0; i < steps; i++)
    legend += el('rect', {
      x: swatchX + i * 14,
      y: legendY,
      width: 14,
      height: 10,
      fill: heatColor(i / (steps - 1)),
      stroke: INK.grid,
      'stroke-width': 0.5,
    });
  legend += text(swatchX + steps * 14 + 6, legendY + 9, maxText, { 'font-size': 10, fill: INK.muted });

  const height = legendY + 20;
  const docWidth = Math.max(width, gridRight + 10);
  return renderSvgDocument({
    width: docWidth,
    height,
    label: chartLabel('heatmap', locale, title),
    title,
    body: header + el('g', { class: 'cells' }, cells) + el('g', { class: 'legend' }, legend),
  });
}
