import { describe, expect, it } from 'vitest';
import { checkSvg, countElements, HOSTILE_LABEL, textsOf } from './check-svg.test-helper.ts';
import { renderShareBar, type ShareBarOptions } from './render-stacked-share.ts';

const channels: ShareBarOptions = {
  title: '渠道构成',
  parts: [
    { label: '美团', value: 4500 },
    { label: '饿了么', value: 3000 },
    { label: '堂食', value: 2400 },
    { label: '小程序', value: 100 },
  ],
};

describe('renderShareBar', () => {
  it('draws one segment per part, filling the bar', () => {
    const svg = renderShareBar(channels);
    expect(checkSvg(svg)).toEqual([]);
    expect(countElements(svg, 'g', 'segment')).toBe(4);
    const widths = [...svg.matchAll(/<g class="segment">.*?<rect x="[^"]+" y="[^"]+" width="([^"]+)"/g)].map(([, w]) => Number(w));
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(620, 0);
  });

  it('labels percentages that add up to 100', () => {
    const texts = textsOf(renderShareBar(channels));
    expect(texts).toEqual(expect.arrayContaining(['美团 45.0%', '美团 45.0% (4500)', '小程序 1.0% (100)']));
  });

  it('leaves text out of segments too narrow for it, keeping it in the legend', () => {
    const svg = renderShareBar(channels);
    expect(textsOf(svg).filter((t) => t.includes('小程序'))).toEqual(['小程序 1.0% (100)']);
  });

  it('ignores zero, negative and non-finite parts in the bar', () => {
    const svg = renderShareBar({
      parts: [
        { label: 'a', value: 1 },
        { label: 'b', value: -5 },
        { label: 'c', value: Number.NaN },
        { label: 'd', value: 0 },
      ],
    });
    expect(checkSvg(svg)).toEqual([]);
    expect(countElements(svg, 'g', 'segment')).toBe(1);
    expect(textsOf(svg)).toContain('a 100.0% (1)');
  });

  it('escapes hostile labels', () => {
    const svg = renderShareBar({ title: HOSTILE_LABEL, parts: [{ label: HOSTILE_LABEL, value: 1 }] });
    expect(checkSvg(svg)).toEqual([]);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&amp; Co');
  });

  it('shows a no-data placeholder when there is no positive total', () => {
    for (const parts of [[], [{ label: 'a', value: 0 }], [{ label: 'a', value: Number.NaN }]]) {
      const svg = renderShareBar({ parts, locale: 'en' });
      expect(checkSvg(svg)).toEqual([]);
      expect(textsOf(svg)).toContain('No data');
    }
  });

  it('returns the identical string for the same input', () => {
    expect(renderShareBar(channels)).toBe(renderShareBar(structuredClone(channels)));
  });
});
