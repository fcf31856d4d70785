import { describe, expect, it } from 'vitest';
import { detectFormat, stripGzipExtension } from './detect-format.ts';

const bytes = (text: string, encoding: BufferEncoding = 'utf8') => new Uint8Array(Buffer.from(text, encoding));

describe('detectFormat', () => {
  it('goes by the extension first', () => {
    expect(detectFormat('a.csv', bytes('[1]'))).toBe('csv');
    expect(detectFormat('a.TSV', bytes('x'))).toBe('csv');
    expect(detectFormat('a.jsonl', bytes('x'))).toBe('ndjson');
    expect(detectFormat('a.parquet', bytes('x'))).toBe('parquet');
  });

  it('reads a .json file starting with { as NDJSON and with [ as an array', () => {
    expect(detectFormat('a.json', bytes('\uFEFF \n{"a":1}'))).toBe('ndjson');
    expect(detectFormat('a.json', bytes('[{"a":1}]'))).toBe('json');
  });

  it('sniffs the content when the extension says nothing', () => {
    expect(detectFormat('a.bin', bytes('PAR1....'))).toBe('parquet');
    expect(detectFormat('a', bytes('\r\n [ {}'))).toBe('json');
    expect(detectFormat('a.dat', bytes('\uFEFF{"a":1}', 'utf16le'))).toBe('ndjson');
    expect(detectFormat('a.dat', bytes('a,b'))).toBe('csv');
  });

  it('names the content of a gzip file by its inner extension', () => {
    expect(stripGzipExtension('orders.csv.gz')).toBe('orders.csv');
    expect(stripGzipExtension('orders.parquet.GZ')).toBe('orders.parquet');
    expect(stripGzipExtension('orders.gz')).toBe('orders');
  });
});
