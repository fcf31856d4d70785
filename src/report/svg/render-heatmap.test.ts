import { describe, expect, it } from 'vitest';
import { relativeLuminance } from './chart-frame.ts';
import { checkSvg, countElements, HOSTILE_LABEL, textsOf } from './check-svg.test-helper.ts';
import { heatColor, renderHeatmap, type HeatmapOptions } from './render-heatmap.ts';

const weekdays = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const hours = Array.from({ length: 24 }, (_, h) => String(h));
const traffic: HeatmapOptions = {
  title: '到店客流（按星期与小时）',
  rows: weekdays,
  columns: hours,
  values: weekdays.map((_, d) => hours.map((_, h) => (h >= 10 && h <= 21 ? 100 + d * 20 + ((h * 37) % 50) : 3))),
};

describe('renderHeatmap', () => {
  it('draws one cell per row and column', () => {
    const svg = renderHeatmap(traffic);
    expect(checkSvg(svg)).toEqual([]);
    expect(countElements(svg, 'rect', 'cell')).toBe(7 * 24);
  });

  it('gives every cell a tooltip naming its row, column and value', () => {
    const svg = renderHeatmap(traffic);
    const tooltips = [...svg.matchAll(/<rect class="cell"[^>]*><title>([^<]*)<\/title><\/rect>/g)].map(([, t]) => t);
    expect(tooltips).toHaveLength(7 * 24);
    expect(tooltips).toContain('周一 · 0: 3');
  });

  it('shows min and max in the legend', () => {
    const texts = textsOf(renderHeatmap(traffic));
    expect(texts).toContain('3');
    expect(texts).toContain(String(Math.max(...traffic.values.flat().map(Number))));
  });

  it('uses a scale that only gets darker, so it reads in greyscale', () => {
    const steps = Array.from({ length: 11 }, (_, i) => relativeLuminance(heatColor(i / 10)));
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThan(steps[i - 1] ?? 0);
    expect(heatColor(Number.NaN)).toBe(heatColor(0));
  });

  it('keeps the grid complete when values are missing or non-finite', () => {
    const svg = renderHeatmap({
      rows: ['a', 'b'],
      columns: ['x', 'y', 'z'],
      values: [[1, Number.NaN], [null as unknown as number]],
      valueFormat: (v) => `${v} 单`,
    });
    expect(checkSvg(svg)).toEqual([]);
    expect(countElements(svg, 'rect', 'cell')).toBe(6);
    expect(svg).toContain('<title>a · y: —</title>');
    expect(textsOf(svg)).toContain('1 单');
  });

  it('labels English weekdays and formats with valueFormat', () => {
    const svg = renderHeatmap({
      ...traffic,
      locale: 'en',
      rows: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
      valueFormat: (v) => `${v} visits`,
    });
    expect(checkSvg(svg)).toEqual([]);
    expect(textsOf(svg)).toEqual(expect.arrayContaining(['Mon', 'Sun', '3 visits']));
  });

  it('escapes hostile labels', () => {
    const svg = renderHeatmap({ title: HOSTILE_LABEL, rows: [HOSTILE_LABEL], columns: [HOSTILE_LABEL], values: [[1]] });
    expect(checkSvg(svg)).toEqual([]);
    expect(svg).not.toContain('<script');
  });

  it('shows a no-data placeholder without rows or columns', () => {
    for (const options of [
      { rows: [], columns: hours, values: [] },
      { rows: weekdays, columns: [], values: [] },
    ]) {
      const svg = renderHeatmap(options);
      expect(checkSvg(svg)).toEqual([]);
      expect(textsOf(svg)).toContain('无数据');
    }
  });

  it('returns the identical string for the same input', () => {
    expect(renderHeatmap(traffic)).toBe(renderHeatmap(structuredClone(traffic)));
  });
});
