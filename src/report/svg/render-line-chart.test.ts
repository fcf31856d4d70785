import { describe, expect, it } from 'vitest';
import { checkSvg, countElements, HOSTILE_LABEL, textsOf } from './check-svg.test-helper.ts';
import { renderLineChart, type LineChartOptions } from './render-line-chart.ts';

const days = Array.from({ length: 30 }, (_, i) => `2024-06-${String(i + 1).padStart(2, '0')}`);
const orders = days.map((_, i) => 12000 + ((i * 7919) % 5000));

const forecastChart: LineChartOptions = {
  title: '每日订单',
  x: days,
  series: [
    { name: '实际', values: orders.map((v, i) => (i < 20 ? v : null)) },
    {
      name: '预测',
      values: orders.map((v, i) => (i >= 19 ? v * 1.02 : null)),
      band: { lower: orders.map((v, i) => (i >= 19 ? v * 0.9 : null)), upper: orders.map((v, i) => (i >= 19 ? v * 1.1 : null)) },
      dashed: true,
    },
  ],
  markers: [
    { index: 4, label: '异常高', kind: 'high' },
    { index: 11, label: '异常低', kind: 'low' },
    { index: 15, label: '618 预热' },
  ],
  yLabel: '订单数',
};

describe('renderLineChart', () => {
  it('renders a well-formed SVG with title, axes and one path per series', () => {
    const svg = renderLineChart(forecastChart);
    expect(checkSvg(svg)).toEqual([]);
    expect(svg).toContain('<title>每日订单</title>');
    expect(svg).toContain('aria-label="每日订单"');
    expect(countElements(svg, 'g', 'series')).toBe(2);
    expect(countElements(svg, 'path')).toBe(2);
  });

  it('labels the y axis with nice zh-CN compact ticks', () => {
    const texts = textsOf(renderLineChart(forecastChart));
    expect(texts).toContain('1.2万');
    expect(texts).toContain('1.8万');
    expect(texts).toContain('订单数');
  });

  it('draws the band as a shaded polygon and the forecast dashed', () => {
    const svg = renderLineChart(forecastChart);
    expect(countElements(svg, 'polygon')).toBeGreaterThanOrEqual(1);
    expect(svg).toMatch(/<polygon points="[^"]+" fill="#[0-9a-f]{6}" fill-opacity="0.2"/);
    expect(svg).toContain('stroke-dasharray="6 4"');
  });

  it('draws each marker with a shape for its kind and its label', () => {
    const svg = renderLineChart(forecastChart);
    expect(countElements(svg, 'g', 'marker')).toBe(3);
    expect(countElements(svg, 'g', 'marker-high')).toBe(1);
    expect(countElements(svg, 'g', 'marker-low')).toBe(1);
    expect(countElements(svg, 'g', 'marker-note')).toBe(1);
    expect(textsOf(svg)).toEqual(expect.arrayContaining(['异常高', '异常低', '618 预热']));
  });

  it('ignores markers outside the data', () => {
    const svg = renderLineChart({
      ...forecastChart,
      markers: [
        { index: 99, label: 'x' },
        { index: -1, label: 'y' },
        { index: 1.5, label: 'z' },
      ],
    });
    expect(countElements(svg, 'g', 'marker')).toBe(0);
    expect(checkSvg(svg)).toEqual([]);
  });

  it('breaks the line at nulls instead of bridging the gap', () => {
    const svg = renderLineChart({ x: ['a', 'b', 'c', 'd', 'e'], series: [{ name: 's', values: [1, 2, null, 4, 5] }] });
    const d = /<path d="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('shows a lone value between gaps as a dot', () => {
    const svg = renderLineChart({ x: ['a', 'b', 'c'], series: [{ name: 's', values: [null, 3, null] }] });
    expect(countElements(svg, 'circle')).toBe(1);
    expect(checkSvg(svg)).toEqual([]);
  });

  it('thins x labels when there are too many to fit', () => {
    const x = Array.from({ length: 365 }, (_, i) => `D${i}`);
    const texts = textsOf(renderLineChart({ x, series: [{ name: 's', values: x.map((_, i) => i) }] }));
    const shown = texts.filter((t) => /^D\d+$/.test(t));
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.length).toBeLessThan(40);
    expect(shown[0]).toBe('D0');
  });

  it('names every series in the legend and at the end of its line', () => {
    const texts = textsOf(renderLineChart(forecastChart));
    expect(texts.filter((t) => t === '实际')).toHaveLength(2);
    expect(texts.filter((t) => t === '预测')).toHaveLength(2);
  });

  it('escapes hostile labels everywhere', () => {
    const svg = renderLineChart({
      title: HOSTILE_LABEL,
      yLabel: HOSTILE_LABEL,
      x: [HOSTILE_LABEL, 'b'],
      series: [{ name: HOSTILE_LABEL, values: [1, 2] }],
      markers: [{ index: 0, label: HOSTILE_LABEL }],
    });
    expect(checkSvg(svg)).toEqual([]);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&amp; Co');
  });

  it('never writes NaN or Infinity, whatever the values', () => {
    const svg = renderLineChart({
      x: ['a', 'b', 'c', 'd'],
      series: [
        { name: 'weird', values: [Number.NaN, Infinity, -Infinity, 5] },
        { name: 'flat', values: [0, 0, 0, 0], band: { lower: [Number.NaN, 0, null, 0], upper: [1, Infinity, 2, 0] } },
      ],
      markers: [{ index: 0, label: 'nan here', kind: 'high' }],
      width: Number.NaN,
      height: -5,
    });
    expect(checkSvg(svg)).toEqual([]);
  });

  it('renders a single point and a single constant value', () => {
    for (const svg of [
      renderLineChart({ x: ['今天'], series: [{ name: 's', values: [42] }] }),
      renderLineChart({ x: ['a', 'b'], series: [{ name: 's', values: [7, 7] }] }),
    ]) {
      expect(checkSvg(svg)).toEqual([]);
    }
  });

  it('shows a no-data placeholder for empty or all-null input', () => {
    for (const options of [
      { x: [], series: [] },
      { x: ['a', 'b'], series: [] },
      { x: ['a', 'b'], series: [{ name: 's', values: [null, null] }] },
      { x: [], series: [{ name: 's', values: [1, 2] }] },
    ]) {
      const svg = renderLineChart(options);
      expect(checkSvg(svg)).toEqual([]);
      expect(textsOf(svg)).toContain('无数据');
    }
    expect(textsOf(renderLineChart({ locale: 'en', x: [], series: [] }))).toContain('No data');
  });

  it('uses English compact ticks in the en locale', () => {
    const texts = textsOf(renderLineChart({ ...forecastChart, locale: 'en' }));
    expect(texts).toContain('12K');
  });

  it('returns the identical string for the same input', () => {
    expect(renderLineChart(forecastChart)).toBe(renderLineChart(structuredClone(forecastChart)));
  });
});
