import { describe, expect, it } from 'vitest';
import { parseJsonRecord } from './parse-json-record.ts';

describe('parseJsonRecord', () => {
  it('reads integers beyond 2^53 exactly, as bigint, and every other number as JSON.parse does', () => {
    const text =
      '{"a":20261127000000000001,"b":9007199254740991,"c":0.12345678901234567,"d":-20261127000000000003,"e":1e20,"f":[12345678901234567890,{"g":9007199254740993}],"h":12345678901234567e3}';
    expect(parseJsonRecord(text)).toEqual({
      a: 20261127000000000001n,
      b: 9007199254740991,
      // A fraction or an exponent is no integer literal: read as a double, rounding as JSON.parse does.
      c: Number('0.12345678901234567'),
      d: -20261127000000000003n,
      e: 1e20,
      f: [12345678901234567890n, { g: 9007199254740993n }],
      h: Number('12345678901234567e3'),
    });
  });

  it('leaves digits inside strings as they are, escaped quotes and backslashes included', () => {
    const text = String.raw`{"s":"x\"12345678901234567890\\","k12345678901234567890":"\\\"98765432109876543210","t":12345678901234567890}`;
    expect(parseJsonRecord(text)).toEqual({
      s: 'x"12345678901234567890\\',
      k12345678901234567890: '\\"98765432109876543210',
      t: 12345678901234567890n,
    });
  });

  it('keeps invalid JSON invalid, with the error JSON.parse gives for the text as sent', () => {
    for (const text of ['{"a":00000000000000000012}', '{"a":12345678901234567890,}', '{"a":12345678901234567890'])
      expect(() => parseJsonRecord(text), text).toThrow(
        new SyntaxError(
          (() => {
            try {
              JSON.parse(text);
            } catch (error) {
              return (error as Error).message;
            }
            return '';
          })(),
        ),
      );
  });
});
