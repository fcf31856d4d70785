import { describe, expect, it } from 'vitest';
import { neutraliseCell } from './neutralise-cell.ts';

describe('neutraliseCell', () => {
  it.each(['=1+2', '+cmd|"/c calc"!A0', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\nfoo', '\tplain', '＝1+2', '＋1', '－1', '＠SUM(A1)'])(
    'prefixes a quote to %j, which a spreadsheet would read as a formula',
    (value) => {
      expect(neutraliseCell(value)).toBe(`'${value}`);
    },
  );

  it.each([' =1+2', '   @x', '\u3000＝1', '\u00a0+1', ' \t-1+1'])('looks past leading whitespace in %j', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it.each(['-12.5', '+3', '-0', '.5', '-1e-7', '42'])('leaves the plain signed decimal %j alone, as it cannot be a formula', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });

  it.each(['-1+2', '- 12', ' -12', '-12.5.1', '--1', '-', '+', '-e5'])('still neutralises the number-like text %j', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it.each(['hello', 'a=b', 'user@example.com', '1+1', "'=already", '', ' ', '中文 =1', '2024-05-01'])(
    'leaves the harmless text %j alone',
    (value) => {
      expect(neutraliseCell(value)).toBe(value);
    },
  );

  it('never touches numbers, booleans or null', () => {
    for (const value of [-12.5, 0, -0, Number.NaN, -Infinity, true, false, null]) expect(neutraliseCell(value)).toBe(value);
  });
});
