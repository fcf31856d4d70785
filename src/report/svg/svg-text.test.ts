import { describe, expect, it } from 'vitest';
import {
  escapeXml,
  estimateTextWidth,
  formatCompact,
  formatNumber,
  formatPercent,
  formatTicks,
  niceTicks,
  roundShares,
  truncateText,
} from './svg-text.ts';

/** The step between ticks is 1, 2 or 5 × 10^k and every tick is a whole multiple of it. */
function expectNice(ticks: number[]): void {
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
  const mantissa = step / 10 ** Math.floor(Math.log10(step));
  expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
  for (let i = 1; i < ticks.length; i++) expect((ticks[i] ?? 0) - (ticks[i - 1] ?? 0)).toBeCloseTo(step, 9);
  for (const tick of ticks) expect(Math.abs(tick / step - Math.round(tick / step))).toBeLessThan(1e-9);
}

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;');
  });

  it('drops control characters and lone surrogates that XML cannot hold at all', () => {
    expect(escapeXml('a\u0000b\u0007c\u001fd\ud800e\uffff')).toBe('abcde');
  });

  it('keeps Chinese text, emoji, tabs and newlines', () => {
    expect(escapeXml('周一\t下单\n🍜')).toBe('周一\t下单\n🍜');
  });
});

describe('niceTicks', () => {
  it('gives round steps that enclose the data', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(3, 97, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-0.3, 0.7, 5)).toEqual([-0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8]);
  });

  it.each([
    [0, 1],
    [0.001, 0.0093],
    [-37, 12],
    [12345, 98765],
    [1.5e8, 3.4e8],
    [99.5, 100.5],
    [-1e-7, 3e-7],
  ])('produces nice numbers for the range %d to %d', (min, max) => {
    const ticks = niceTicks(min, max, 5);
    expectNice(ticks);
    expect(ticks[0]).toBeLessThanOrEqual(min);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
    expect(ticks.length).toBeLessThanOrEqual(12);
  });

  it('leaves no floating-point noise in the ticks', () => {
    for (const tick of niceTicks(0.1, 0.7, 6)) expect(String(tick)).toMatch(/^-?\d+(\.\d{1,2})?$/);
  });

  it('starts a single value at zero so its axis has a range', () => {
    expect(niceTicks(7, 7, 5)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(niceTicks(-3, -3, 3)).toEqual([-3, -2, -1, 0]);
    expect(niceTicks(0, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('accepts min and max in either order', () => {
    expect(niceTicks(100, 0, 5)).toEqual(niceTicks(0, 100, 5));
  });

  it('gives no ticks for non-finite input instead of looping or returning NaN', () => {
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
    expect(niceTicks(0, Infinity)).toEqual([]);
    expect(niceTicks(-Number.MAX_VALUE, Number.MAX_VALUE)).toEqual([]);
  });
});

describe('formatCompact', () => {
  it.each([
    [12000, '1.2万'],
    [340000000, '3.4亿'],
    [10000, '1万'],
    [9999, '9999'],
    [99_999_999, '1亿'],
    [1.5e12, '1.5万亿'],
    [-25000, '-2.5万'],
    [0, '0'],
    [12.345, '12.35'],
    [0.0153, '0.015'],
  ])('writes %d as %s in zh-CN', (value, expected) => {
    expect(formatCompact(value, 'zh-CN')).toBe(expected);
  });

  it.each([
    [12000, '12K'],
    [3400000, '3.4M'],
    [999, '999'],
    [999_960, '1M'],
    [2.5e9, '2.5B'],
    [-1500, '-1.5K'],
  ])('writes %d as %s in en', (value, expected) => {
    expect(formatCompact(value, 'en')).toBe(expected);
  });

  it('writes a dash for NaN and infinities', () => {
    for (const value of [Number.NaN, Infinity, -Infinity]) expect(formatCompact(value)).toBe('—');
  });

  it('never writes a negative zero', () => {
    expect(formatCompact(-1e-13)).toBe('0');
    expect(formatCompact(-0)).toBe('0');
  });

  it('never switches to exponent notation for tiny ratios', () => {
    expect(formatCompact(1e-10)).toBe('0.0000000001');
    expect(formatCompact(-3.2e-7)).toBe('-0.00000032');
  });
});

describe('formatTicks', () => {
  it('uses as many decimals as the ticks need to stay exact', () => {
    expect(formatTicks([10000, 12500, 15000], 'zh-CN')).toEqual(['1万', '1.25万', '1.5万']);
    expect(formatTicks([0, 5000, 10000, 15000], 'zh-CN')).toEqual(['0', '5000', '1万', '1.5万']);
    expect(formatTicks([0, 500, 1000, 1500], 'en')).toEqual(['0', '500', '1K', '1.5K']);
  });
});

describe('formatNumber and formatPercent', () => {
  it('groups thousands', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-1234.5, 1)).toBe('-1,234.5');
    expect(formatNumber(Number.NaN)).toBe('—');
  });

  it('writes ratios as percentages and division by zero as a dash', () => {
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatPercent(-0.00001)).toBe('0.0%');
    expect(formatPercent(1 / 0)).toBe('—');
  });
});

describe('roundShares', () => {
  it('rounds shares so they add up to exactly 100', () => {
    const shares = roundShares([1, 1, 1]);
    expect(shares).toEqual([33.4, 33.3, 33.3]);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
  });

  it('counts negative and non-finite parts as nothing', () => {
    expect(roundShares([3, -1, Number.NaN, 1])).toEqual([75, 0, 0, 25]);
    expect(roundShares([0, 0])).toEqual([0, 0]);
  });
});

describe('text width', () => {
  it('counts Chinese characters as wider than Latin ones', () => {
    expect(estimateTextWidth('周一', 10)).toBeGreaterThan(estimateTextWidth('Mo', 10));
  });

  it('truncates long labels with an ellipsis within the width', () => {
    const cut = truncateText('华东大区上海市浦东新区陆家嘴旗舰店', 60, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(estimateTextWidth(cut, 12)).toBeLessThanOrEqual(60);
    expect(truncateText('短', 60, 12)).toBe('短');
  });
});
