import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDecimal, parseInteger } from './parse-number.ts';

describe('parseDecimal', () => {
  it('reads amounts with currency signs, thousands separators and full-width digits', () => {
    expect(parseDecimal('¥1,234.50')).toEqual({ ok: true, value: 1234.5 });
    expect(parseDecimal('￥88')).toEqual({ ok: true, value: 88 });
    expect(parseDecimal('12.5元')).toEqual({ ok: true, value: 12.5 });
    expect(parseDecimal('１２３')).toEqual({ ok: true, value: 123 });
    expect(parseDecimal(' 42 ')).toEqual({ ok: true, value: 42 });
    expect(parseDecimal(7.25)).toEqual({ ok: true, value: 7.25 });
  });

  it('refuses what is not a number', () => {
    expect(parseDecimal('12,34')).toEqual({ ok: false, reason: 'not a number' });
    expect(parseDecimal('abc')).toEqual({ ok: false, reason: 'not a number' });
    expect(parseDecimal('1.2.3')).toEqual({ ok: false, reason: 'not a number' });
    expect(parseDecimal(Number.NaN)).toEqual({ ok: false, reason: 'not a finite number' });
    expect(parseDecimal('1e999')).toEqual({ ok: false, reason: 'not a finite number' });
  });
});

describe('parseInteger', () => {
  it('accepts whole numbers and refuses fractions', () => {
    expect(parseInteger('3')).toEqual({ ok: true, value: 3 });
    expect(parseInteger('3.0')).toEqual({ ok: true, value: 3 });
    expect(parseInteger('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseInteger('2.5')).toEqual({ ok: false, reason: 'not a whole number' });
  });
});

describe('parseBoolean', () => {
  it('reads yes and no in Chinese and English', () => {
    for (const word of ['是', 'true', 'TRUE', 'Y', '1', '已取消']) expect(parseBoolean(word)).toEqual({ ok: true, value: true });
    for (const word of ['否', 'false', 'no', '0', 'N']) expect(parseBoolean(word)).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe')).toEqual({ ok: false, reason: 'not a yes/no value' });
  });
});
