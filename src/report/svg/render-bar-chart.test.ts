import { describe, expect, it } from 'vitest';
import { checkSvg, countElements, HOSTILE_LABEL, textsOf } from './check-svg.test-helper.ts';
import { renderBarChart, type BarChartOptions } from './render-bar-chart.ts';

const ranking: BarChartOptions = {
  title: '门店销售额排名',
  bars: [
    { label: '上海浦东旗舰店', value: 3_400_000, note: '同比 +12%' },
    { label: '北京三里屯店', value: 1_250_000 },
    { label: '杭州西湖店', value: 980_000 },
  ],
};

const growth: BarChartOptions = {
  title: '品类同比增长',
  bars: [
    { label: '生鲜', value: 0.23 },
    { label: '酒水', value: -0.12 },
    { label: '日百', value: 0 },
  ],
  valueFormat: (v) => `${(v * 100).toFixed(1)}%`,
};

function rectWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="([^"]+)"/g)].map(([, w]) => Number(w));
}

describe('renderBarChart', () => {
  it('draws one bar per item with its value at the bar end', () => {
    const svg = renderBarChart(ranking);
    expect(checkSvg(svg)).toEqual([]);
    expect(countElements(svg, 'rect')).toBe(1 + 3);
    const texts = textsOf(svg);
    expect(texts).toEqual(expect.arrayContaining(['上海浦东旗舰店', '340万 同比 +12%', '125万', '98万']));
  });

  it('draws bars in proportion to their values', () => {
    const [first = 0, second = 0] = rectWidths(renderBarChart(ranking));
    expect(first / second).toBeCloseTo(3.4 / 1.25, 1);
  });

  it('puts negative bars left of a zero axis and labels them outside', () => {
    const svg = renderBarChart(growth);
    expect(checkSvg(svg)).toEqual([]);
    expect(textsOf(svg)).toEqual(expect.arrayContaining(['23.0%', '-12.0%', '0.0%']));
    const zero = Number(/<line x1="([^"]+)"/.exec(svg)?.[1]);
    const negative = /<rect x="([^"]+)" y="[^"]+" width="([^"]+)" height="[^"]+" fill="#e8a33d"/.exec(svg);
    expect(Math.abs(Number(negative?.[1]) + Number(negative?.[2]) - zero)).toBeLessThan(1);
    expect(svg).toMatch(/text-anchor="end" font-size="12" fill="#222222">-12\.0%/);
  });

  it('draws vertical columns with a y axis when asked', () => {
    const svg = renderBarChart({ ...growth, horizontal: false });
    expect(checkSvg(svg)).toEqual([]);
    expect(countElements(svg, 'rect')).toBe(1 + 3);
    expect(textsOf(svg)).toEqual(expect.arrayContaining(['生鲜', '酒水', '0.0%', '20.0%', '-10.0%']));
  });

  it('labels in English when asked', () => {
    expect(textsOf(renderBarChart({ ...ranking, locale: 'en' }))).toEqual(expect.arrayContaining(['3.4M 同比 +12%', '1.25M', '980K']));
  });

  it('escapes hostile labels and notes', () => {
    for (const horizontal of [true, false]) {
      const svg = renderBarChart({ title: HOSTILE_LABEL, horizontal, bars: [{ label: HOSTILE_LABEL, value: 1, note: HOSTILE_LABEL }] });
      expect(checkSvg(svg)).toEqual([]);
      expect(svg).not.toContain('<script');
      expect(svg).toContain('&lt;script&gt;');
    }
  });

  it('shows a dash for non-finite values and never writes NaN', () => {
    for (const horizontal of [true, false]) {
      const svg = renderBarChart({
        horizontal,
        bars: [
          { label: 'a', value: Number.NaN },
          { label: 'b', value: Infinity },
          { label: 'c', value: 2 },
        ],
      });
      expect(checkSvg(svg)).toEqual([]);
      expect(textsOf(svg).filter((t) => t === '—')).toHaveLength(2);
    }
  });

  it('handles all-zero bars', () => {
    for (const horizontal of [true, false]) expect(checkSvg(renderBarChart({ horizontal, bars: [{ label: 'a', value: 0 }] }))).toEqual([]);
  });

  it('shows a no-data placeholder for no bars', () => {
    const svg = renderBarChart({ bars: [] });
    expect(checkSvg(svg)).toEqual([]);
    expect(textsOf(svg)).toContain('无数据');
  });

  it('returns the identical string for the same input', () => {
    expect(renderBarChart(growth)).toBe(renderBarChart({ ...growth, bars: structuredClone(growth.bars) }));
  });
});
