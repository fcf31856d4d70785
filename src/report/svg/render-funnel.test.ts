import { describe, expect, it } from 'vitest';
import { checkSvg, countElements, HOSTILE_LABEL, textsOf } from './check-svg.test-helper.ts';
import { renderFunnel, type FunnelOptions } from './render-funnel.ts';

const checkout: FunnelOptions = {
  title: '下单转化',
  steps: [
    { label: '访问', value: 20000 },
    { label: '加购', value: 5000 },
    { label: '下单', value: 2000 },
    { label: '支付', value: 1800 },
  ],
};

function barWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="26"/g)].map(([, w]) => Number(w));
}

describe('renderFunnel', () => {
  it('draws one decreasing bar per step', () => {
    const svg = renderFunnel(checkout);
    expect(checkSvg(svg)).toEqual([]);
    expect(countElements(svg, 'g', 'step')).toBe(4);
    const widths = barWidths(svg);
    expect(widths).toHaveLength(4);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeLessThan(widths[i - 1] ?? 0);
  });

  it('labels counts and the share of the first and the previous step', () => {
    const texts = textsOf(renderFunnel(checkout));
    expect(texts).toEqual(expect.arrayContaining(['20,000', '5,000', '占首步 25.0% · 占上步 25.0%', '占首步 9.0% · 占上步 90.0%']));
  });

  it('speaks English when asked', () => {
    const texts = textsOf(renderFunnel({ ...checkout, locale: 'en' }));
    expect(texts).toContain('10.0% of first · 40.0% of previous');
  });

  it('shows a dash rather than NaN when a step before is zero', () => {
    const svg = renderFunnel({
      steps: [
        { label: 'a', value: 0 },
        { label: 'b', value: Number.NaN },
        { label: 'c', value: -3 },
      ],
    });
    expect(checkSvg(svg)).toEqual([]);
    expect(textsOf(svg)).toContain('占首步 — · 占上步 —');
  });

  it('escapes hostile labels', () => {
    const svg = renderFunnel({
      title: HOSTILE_LABEL,
      steps: [
        { label: HOSTILE_LABEL, value: 3 },
        { label: 'b', value: 1 },
      ],
    });
    expect(checkSvg(svg)).toEqual([]);
    expect(svg).not.toContain('<script');
  });

  it('shows a no-data placeholder for no steps', () => {
    const svg = renderFunnel({ steps: [] });
    expect(checkSvg(svg)).toEqual([]);
    expect(textsOf(svg)).toContain('无数据');
  });

  it('returns the identical string for the same input', () => {
    expect(renderFunnel(checkout)).toBe(renderFunnel(structuredClone(checkout)));
  });
});
