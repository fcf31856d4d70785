import { describe, expect, it } from 'vitest';
import {
  createLinearScale,
  el,
  PALETTE,
  relativeLuminance,
  renderNoData,
  renderSvgDocument,
  spreadLabels,
  text,
  textColorOn,
  toSvgNumber,
} from './chart-frame.ts';
import { checkSvg, HOSTILE_LABEL } from './check-svg.test-helper.ts';

const lightness = (hex: string): number => {
  const y = relativeLuminance(hex);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
};

describe('toSvgNumber', () => {
  it('rounds to two decimals and never writes NaN, Infinity or -0', () => {
    expect(toSvgNumber(1.23456)).toBe('1.23');
    expect(toSvgNumber(Number.NaN)).toBe('0');
    expect(toSvgNumber(Infinity)).toBe('0');
    expect(toSvgNumber(-0.001)).toBe('0');
  });
});

describe('elements', () => {
  it('escapes attribute values and text content', () => {
    expect(el('g', { 'aria-label': '"a" & <b>' }, '')).toBe('<g aria-label="&quot;a&quot; &amp; &lt;b&gt;"></g>');
    expect(text(1, 2, '<script>')).toBe('<text x="1" y="2">&lt;script&gt;</text>');
  });

  it('drops undefined attributes and self-closes childless elements', () => {
    expect(el('rect', { x: 1, fill: undefined })).toBe('<rect x="1"/>');
  });
});

describe('PALETTE', () => {
  it('keeps neighbouring colours at least 15 L* apart so they stay distinct in greyscale', () => {
    for (let i = 1; i < PALETTE.length; i++) {
      expect(Math.abs(lightness(PALETTE[i] ?? '') - lightness(PALETTE[i - 1] ?? ''))).toBeGreaterThanOrEqual(15);
    }
  });

  it('picks readable text colours on dark and light fills', () => {
    expect(textColorOn('#1b3a6b')).toBe('#ffffff');
    expect(textColorOn('#e8a33d')).toBe('#111111');
  });
});

describe('createLinearScale', () => {
  it('maps the domain onto the range, inverted ranges included', () => {
    const y = createLinearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
  });

  it('maps a zero-width domain to the middle instead of dividing by zero', () => {
    expect(createLinearScale([5, 5], [0, 10])(5)).toBe(5);
  });
});

describe('spreadLabels', () => {
  it('pushes crowded labels apart and keeps their order', () => {
    const placed = spreadLabels([100, 101, 102], 12, 0, 300);
    expect(placed[1]! - placed[0]!).toBeGreaterThanOrEqual(12);
    expect(placed[2]! - placed[1]!).toBeGreaterThanOrEqual(12);
  });

  it('shifts labels up when they would run off the bottom', () => {
    const placed = spreadLabels([200, 199], 12, 0, 200);
    expect(Math.max(...placed)).toBeLessThanOrEqual(200);
    expect(Math.abs(placed[0]! - placed[1]!)).toBeGreaterThanOrEqual(12);
  });

  it('leaves labels that are far apart where they are', () => {
    expect(spreadLabels([50, 10], 12, 0, 300)).toEqual([50, 10]);
  });
});

describe('renderSvgDocument', () => {
  it('writes an accessible, well-formed root with the title first', () => {
    const svg = renderSvgDocument({ width: 100, height: 50, label: HOSTILE_LABEL, title: HOSTILE_LABEL, body: '' });
    expect(checkSvg(svg)).toEqual([]);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 100 50"/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('font-family="system-ui, -apple-system, &quot;PingFang SC&quot;');
    expect(svg).not.toContain('<script');
  });
});

describe('renderNoData', () => {
  it('says 无数据 in Chinese and No data in English', () => {
    const zh = renderNoData({ kind: 'line', locale: 'zh-CN' });
    const en = renderNoData({ kind: 'line', locale: 'en', title: 'Orders' });
    expect(checkSvg(zh)).toEqual([]);
    expect(checkSvg(en)).toEqual([]);
    expect(zh).toContain('>无数据</text>');
    expect(en).toContain('>No data</text>');
    expect(en).toContain('aria-label="Orders — No data"');
  });
});
