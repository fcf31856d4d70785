import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from './sniff-delimiter.ts';

describe('sniffDelimiter', () => {
  it('picks the candidate that occurs most often in the header line', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(sniffDelimiter('a\tb,c\td\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c')).toBe('|');
  });

  it('ignores candidates inside quoted header cells', () => {
    expect(sniffDelimiter('"a;b;c";"d,e"\n')).toBe(';');
    expect(sniffDelimiter('"x;y;z",w\n')).toBe(',');
  });

  it('skips leading blank lines and a BOM, and falls back to a comma', () => {
    expect(sniffDelimiter('\uFEFF\n\r\na;b\n')).toBe(';');
    expect(sniffDelimiter('single_column\n1\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('prefers the comma when counts tie', () => {
    expect(sniffDelimiter('a,b;c')).toBe(',');
  });
});
