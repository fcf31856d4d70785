import { describe, expect, it } from 'vitest';
import { parseCsvObjects, parseCsvRecords } from './parse-csv-records.ts';

describe('CSV reader for generated files', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsvRecords('a,b\n"x, y","say ""hi""\nthere"\r\n1,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
      ['1', ''],
    ]);
  });

  it('rejects malformed quoting and rows of the wrong width, naming the line', () => {
    expect(() => parseCsvRecords('a\n"open')).toThrow(/line 2/);
    expect(() => parseCsvRecords('a\nx"y\n')).toThrow(/line 2/);
    expect(() => parseCsvObjects('a,b\n1\n')).toThrow(/record 2/);
  });
});
