import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from './detect-encoding.ts';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'));

describe('detectEncoding', () => {
  it.each([
    ['UTF-8', [0xef, 0xbb, 0xbf, 0x61], 'utf-8', 3],
    ['UTF-16 LE', [0xff, 0xfe, 0x61, 0x00], 'utf-16le', 2],
    ['UTF-16 BE', [0xfe, 0xff, 0x00, 0x61], 'utf-16be', 2],
    ['GB18030', [0x84, 0x31, 0x95, 0x33, 0x61], 'gb18030', 4],
  ])('trusts a %s byte-order mark', (_name, bytes, encoding, bomLength) => {
    expect(detectEncoding(new Uint8Array(bytes), true)).toEqual({ encoding, bomLength });
  });

  it('takes plain ASCII and valid UTF-8 as UTF-8', () => {
    expect(detectEncoding(utf8('a,b\n1,2\n'), true)).toEqual({ encoding: 'utf-8', bomLength: 0 });
    expect(detectEncoding(utf8('城市,金额\n北京,1\n'), true)).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('takes GBK text from Excel on Chinese Windows as GB18030', () => {
    expect(detectEncoding(gbk('城市,金额\r\n北京,1\r\n深圳,2\r\n'), true)).toEqual({ encoding: 'gb18030', bomLength: 0 });
  });

  it('does not count a character cut at the end of an incomplete sample against UTF-8', () => {
    const bytes = utf8('城市\n北京');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), false)).toMatchObject({ encoding: 'utf-8' });
    // The same bytes as a whole file do end in a broken character.
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), true)).not.toMatchObject({ encoding: 'utf-8' });
  });

  it('does not count a character cut at the end of an incomplete sample against GB18030', () => {
    const bytes = gbk('城市,名称\n北京,中文');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), false)).toMatchObject({ encoding: 'gb18030' });
  });

  it('stays UTF-8 when most lines are UTF-8 and one is GBK', () => {
    const bytes = Buffer.concat([Buffer.from('城市\n北京\n上海\n广州\n'), iconv.encode('深圳\n', 'gbk')]);
    expect(detectEncoding(bytes, true)).toMatchObject({ encoding: 'utf-8' });
  });

  it('calls bytes with NULs in many places binary', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i % 7 === 0 ? 0 : 0x41 + (i % 26)));
    expect(detectEncoding(bytes, true)).toEqual({ error: 'binary file (not CSV/NDJSON/JSON text)' });
  });

  it('tolerates a few NUL bytes in text (those rows are rejected later)', () => {
    expect(detectEncoding(utf8(`a,b\n${'1,x\n'.repeat(100)}2,\0\n`), true)).toMatchObject({ encoding: 'utf-8' });
  });

  it('recognises UTF-16 without a byte-order mark by its zero bytes', () => {
    const le = new Uint8Array(Buffer.from('id,name\n1,abc\n2,def\n', 'utf16le'));
    expect(detectEncoding(le, true)).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(detectEncoding(new Uint8Array(Buffer.from(le).swap16()), true)).toEqual({
      encoding: 'utf-16be',
      bomLength: 0,
    });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', () => {
    expect(detectEncoding(new Uint8Array([0x61, 0xff, 0xfe, 0x0a, 0x80, 0x80, 0x0a]), true)).toEqual({
      error: 'not valid UTF-8 or GB18030 text',
    });
  });
});
