import {
  createLinearScale,
  el,
  INK,
  paletteColor,
  positiveOr,
  renderLegend,
  renderNoData,
  renderSvgDocument,
  renderYAxis,
  spreadLabels,
  text,
  chartLabel,
  titleHeight,
  tooltip,
  labelStep,
  yAxisWidth,
  toSvgNumber,
} from './chart-frame.ts';
import { estimateTextWidth, formatCompact, formatTicks, niceTicks, truncateText, type Locale } from './svg-text.ts';

/** One line; values line up with the x labels and null leaves a gap. */
export interface LineSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
  /** A shaded range behind the line, such as a forecast interval or the expected range. */
  readonly band?: { readonly lower: readonly (number | null)[]; readonly upper: readonly (number | null)[] };
  /** Dashed stroke, e.g. a forecast continuing the actuals. */
  readonly dashed?: boolean;
}

/** A labelled point of interest, such as an anomaly the alerting found. */
export interface LineMarker {
  readonly index: number;
  readonly label: string;
  readonly kind?: 'high' | 'low' | 'note';
}

/** Options of renderLineChart. */
export interface LineChartOptions {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  readonly locale?: Locale;
  /** Category labels along the x axis, e.g. dates. */
  readonly x: readonly string[];
  readonly series: readonly LineSeries[];
  readonly markers?: readonly LineMarker[];
  readonly yLabel?: string;
}

// Marker shapes differ (▲ ▼ ○) so the kind survives greyscale print; colour only helps on screen.
const MARKER_COLORS = { high: '#b3261e', low: '#1f5fa6', note: '#444444' } as const;
const DASH = '6 4';
const HALO = { stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' } as const;

function valueAt(values: readonly (number | null)[] | undefined, i: number): number | null {
  const v = values?.[i];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Contiguous index ranges [start, end] where `defined` holds: each is drawn as its own stroke. */
function runs(n: number, defined: (i: number) => boolean): Array<readonly [number, number]> {
  const result: Array<readonly [number, number]> = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    if (i < n && defined(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      result.push([start, i - 1]);
      start = -1;
    }
  }
  return result;
}

/** A line chart as a standalone SVG: nice y ticks, thinned x labels, gaps at null, bands, markers, legend and end labels. */
export function renderLineChart(options: LineChartOptions): string {
  const { title, yLabel } = options;
  const locale = options.locale ?? 'zh-CN';
  const x = options.x ?? [];
  const series = options.series ?? [];
  const markers = options.markers ?? [];
  const n = x.length;
  const width = positiveOr(options.width, 640);

  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const values of [s.values, s.band?.lower, s.band?.upper]) {
      for (let i = 0; i < n; i++) {
        const v = valueAt(values, i);
        if (v === null) continue;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  if (n === 0 || min > max) return renderNoData({ kind: 'line', locale, title, width, height: options.height });

  const requestedHeight = positiveOr(options.height, 320);
  const ticks = niceTicks(min, max, Math.max(2, Math.min(8, Math.round(requestedHeight / 64))));
  const tickLabels = formatTicks(ticks, locale);
  const names = series.map((s) => truncateText(s.name, 110, 11));
  const endLabelWidth = Math.max(0, ...names.map((name) => estimateTextWidth(name, 11)));
  const left = 10 + yAxisWidth(tickLabels);
  const right = Math.max(left + 40, width - 14 - (endLabelWidth > 0 ? endLabelWidth + 10 : 0));

  let top = titleHeight(title);
  const legend = renderLegend(
    series.map((s, i) => ({
      label: s.name,
      swatch: (sx: number, sy: number) =>
        (s.band ? el('rect', { x: sx, y: sy + 1, width: 16, height: 8, fill: paletteColor(i), 'fill-opacity': 0.2 }) : '') +
        el('line', {
          x1: sx,
          y1: sy + 5,
          x2: sx + 16,
          y2: sy + 5,
          stroke: paletteColor(i),
          'stroke-width': 2,
          'stroke-dasharray': s.dashed ? '4 3' : undefined,
        }),
    })),
    10,
    top,
    width - 20,
  );
  top += legend.height + 4;
  const yLabelMarkup = yLabel !== undefined && yLabel !== '' ? text(10, top + 10, yLabel, { 'font-size': 11, fill: INK.muted }) : '';
  if (yLabelMarkup) top += 16;
  top += markers.length > 0 ? 22 : 8;
  const height = Math.max(requestedHeight, top + 60 + 28);
  const bottom = height - 28;

  const first = ticks[0] ?? min;
  const last = ticks[ticks.length - 1] ?? max;
  const y = createLinearScale([first, last], [bottom, top]);
  const xAt = (i: number): number => (n === 1 ? (left + right) / 2 : left + (i * (right - left)) / (n - 1));
  const point = (i: number, v: number): string => `${toSvgNumber(xAt(i))} ${toSvgNumber(y(v))}`;

  const axis =
    renderYAxis({ ticks, labels: tickLabels, y, left, right }) +
    el('line', { x1: left, y1: bottom + 0.5, x2: right, y2: bottom + 0.5, stroke: INK.axis });

  const shownX = x.map((label) => truncateText(label, 90, 11));
  const step = labelStep(
    shownX.map((label) => estimateTextWidth(label, 11)),
    n > 1 ? (right - left) / (n - 1) : right - left,
  );
  let xLabels = '';
  for (let i = 0; i < n; i += step) {
    const px = Math.round(xAt(i)) + 0.5;
    xLabels +=
      el('line', { x1: px, y1: bottom, x2: px, y2: bottom + 4, stroke: INK.axis }) +
      text(px, bottom + 17, shownX[i] ?? '', { 'text-anchor': 'middle', 'font-size': 11, fill: INK.muted });
  }

  let bands = '';
  let lines = '';
  series.forEach((s, si) => {
    const color = paletteColor(si);
    if (s.band) {
      const { lower, upper } = s.band;
      for (const [a, b] of runs(n, (i) => valueAt(lower, i) !== null && valueAt(upper, i) !== null)) {
        if (a === b) {
          const px = xAt(a);
          bands += el('line', {
            x1: px,
            y1: y(valueAt(lower, a) ?? 0),
            x2: px,
            y2: y(valueAt(upper, a) ?? 0),
            stroke: color,
            'stroke-opacity': 0.3,
            'stroke-width': 4,
          });
          continue;
        }
        const points: string[] = [];
        for (let i = a; i <= b; i++) points.push(point(i, valueAt(upper, i) ?? 0).replace(' ', ','));
        for (let i = b; i >= a; i--) points.push(point(i, valueAt(lower, i) ?? 0).replace(' ', ','));
        bands += el('polygon', { points: points.join(' '), fill: color, 'fill-opacity': 0.2, stroke: 'none' });
      }
    }
    let d = '';
    let dots = '';
    for (const [a, b] of runs(n, (i) => valueAt(s.values, i) !== null)) {
      // A lone value between gaps has no segment to draw, so it gets a dot instead.
      if (a === b) dots += el('circle', { cx: xAt(a), cy: y(valueAt(s.values, a) ?? 0), r: 2.5, fill: color });
      else for (let i = a; i <= b; i++) d += `${i === a ? 'M' : 'L'}${point(i, valueAt(s.values, i) ?? 0)}`;
    }
    const path = d
      ? el('path', {
          d,
          fill: 'none',
          stroke: color,
          'stroke-width': 2,
          'stroke-linejoin': 'round',
          'stroke-dasharray': s.dashed ? DASH : undefined,
        })
      : '';
    lines += el('g', { class: 'series' }, tooltip(s.name) + path + dots);
  });

  // Direct labels at the right edge, so a greyscale print does not depend on matching legend colours.
  const ends = series.map((s) => {
    let i = n - 1;
    while (i >= 0 && valueAt(s.values, i) === null) i--;
    return i;
  });
  const labelled = series.map((_, si) => si).filter((si) => (ends[si] ?? -1) >= 0 && (names[si] ?? '') !== '');
  const targets = labelled.map((si) => y(valueAt(series[si]?.values, ends[si] ?? 0) ?? 0));
  const placed = spreadLabels(targets, 13, top, bottom);
  let endLabels = '';
  labelled.forEach((si, k) => {
    const end = ends[si] ?? 0;
    const ly = placed[k] ?? 0;
    const ty = targets[k] ?? 0;
    if (Math.abs(ly - ty) > 3 || end < n - 1) {
      endLabels += el('line', {
        x1: xAt(end) + 4,
        y1: ty,
        x2: right + 6,
        y2: ly,
        stroke: INK.axis,
        'stroke-width': 0.75,
        'stroke-dasharray': '1 2',
      });
    }
    endLabels += text(right + 8, ly + 4, names[si] ?? '', { 'font-size': 11, fill: INK.text });
  });

  let markerMarkup = '';
  for (const marker of markers) {
    const i = marker.index;
    if (!Number.isInteger(i) || i < 0 || i >= n) continue;
    const kind = marker.kind === 'high' || marker.kind === 'low' ? marker.kind : 'note';
    const color = MARKER_COLORS[kind];
    const value = series.map((s) => valueAt(s.values, i)).find((v) => v !== null) ?? null;
    const px = xAt(i);
    const py = value === null ? top : y(value);
    let shape: string;
    let labelY: number;
    if (kind === 'high') {
      shape =
        el('circle', { cx: px, cy: py, r: 3, fill: color }) +
        el('polygon', {
          points: `${toSvgNumber(px)},${toSvgNumber(py - 16)} ${toSvgNumber(px - 5)},${toSvgNumber(py - 7)} ${toSvgNumber(px + 5)},${toSvgNumber(py - 7)}`,
          fill: color,
        });
      labelY = py - 20;
    } else if (kind === 'low') {
      shape =
        el('circle', { cx: px, cy: py, r: 3, fill: color }) +
        el('polygon', {
          points: `${toSvgNumber(px)},${toSvgNumber(py + 16)} ${toSvgNumber(px - 5)},${toSvgNumber(py + 7)} ${toSvgNumber(px + 5)},${toSvgNumber(py + 7)}`,
          fill: color,
        });
      labelY = py + 28;
    } else {
      shape = el('circle', { cx: px, cy: py, r: 5, fill: 'none', stroke: color, 'stroke-width': 1.5 });
      labelY = py - 10;
    }
    labelY = Math.min(Math.max(labelY, top - 8), bottom - 4);
    const anchor = px < left + 40 ? 'start' : px > right - 40 ? 'end' : 'middle';
    const detail = `${marker.label} · ${x[i] ?? ''}${value === null ? '' : `: ${formatCompact(value, locale, 2)}`}`;
    markerMarkup += el(
      'g',
      { class: `marker marker-${kind}` },
      tooltip(detail) + shape + text(px, labelY, marker.label, { 'text-anchor': anchor, 'font-size': 11, fill: INK.text, ...HALO }),
    );
  }

  const body = legend.markup + yLabelMarkup + axis + xLabels + bands + lines + markerMarkup + endLabels;
  return renderSvgDocument({ width, height, label: chartLabel('line', locale, title), title, body });
}
