import { describe, expect, it } from 'vitest';
import { fromDayNumber, toDayNumber } from '../domain/calendar/civil-date.ts';
import { DEMO_COLUMNS } from './demo-columns.ts';
import { parseCsvRecords } from '../util/parse-csv-records.ts';
import { RowWriter, csvField, encodePlain, encodeText, type DateBytes, type TextFormat } from './row-writer.ts';

const first = toDayNumber('2024-02-28');
const dates: DateBytes = {
  offset: 5,
  dashed: Array.from({ length: 10 }, (_, i) => new TextEncoder().encode(fromDayNumber(first + i - 5))),
  compact: Array.from({ length: 10 }, (_, i) => new TextEncoder().encode(fromDayNumber(first + i - 5).replaceAll('-', ''))),
  fallback: (day) => fromDayNumber(first + day),
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function logRow(format: TextFormat, message: string): string {
  const w = new RowWriter(DEMO_COLUMNS.logs, format, dates);
  w.prefixedId(new TextEncoder().encode('L20240228'), 42, 7)
    .ascii('system_error')
    .ascii('ERROR')
    .text(message)
    .timestamp(86_400 + 3_725)
    .bytes(encodePlain('server', format))
    .end();
  return text(w.take());
}

describe('row writer', () => {
  it('writes CSV fields plain, quoting only text that needs it (RFC 4180)', () => {
    expect(csvField('plain 文本')).toBe('plain 文本');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    const line = logRow('csv', 'pool "main" busy, retry\nlater');
    expect(line).toBe('L202402280000042,system_error,ERROR,"pool ""main"" busy, retry\nlater",2024-02-29 01:02:05,server\n');
    expect(parseCsvRecords(line)[0]?.[3]).toBe('pool "main" busy, retry\nlater');
  });

  it('writes NDJSON objects that JSON.parse reads back with typed values', () => {
    const w = new RowWriter(DEMO_COLUMNS.weather, 'ndjson', dates);
    w.date(0).name('广东').name('广州').dec(31.5).dec(-2).dec(0).ascii('rain').end();
    w.date(-5).nul().name('引号"城').dec(1).dec(2).dec(3).ascii('sunny').end();
    const [a, b] = text(w.take())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(a).toEqual({
      date: '2024-02-28',
      province: '广东',
      city: '广州',
      temp_max: 31.5,
      temp_min: -2,
      precipitation_mm: 0,
      condition: 'rain',
    });
    expect(b).toMatchObject({ date: '2024-02-23', province: null, city: '引号"城' });
  });

  it('pads ids, widens them when the number outgrows the width, and writes dates past the table', () => {
    const w = new RowWriter(DEMO_COLUMNS.catalog.slice(0, 2), 'csv', dates);
    w.id(85, 7, 8).int(1234567).end();
    w.id(85, 123456789, 8).int(0).end();
    w.datedId(69, 2, 5, 3).int(-3).end();
    w.datedId(69, 40, 5, 3).dec(12.25).end();
    expect(text(w.take())).toBe('U00000007,1234567\nU123456789,0\nE20240301005,-3\nE20240408005,12.25\n');
  });

  it('encodes any text to the same UTF-8 bytes as TextEncoder, lone surrogates included', () => {
    const samples = ['ascii', '中文，全角', 'emoji 🎉 mixed', 'é ß ø', 'lone \ud800 surrogate', ''];
    for (const sample of samples) {
      const w = new RowWriter([{ name: 'note', kind: 'text' }], 'csv', dates);
      w.text(sample).end();
      expect(text(w.take())).toBe(`${sample.replace('\ud800', '\ufffd')}\n`);
    }
    expect(text(encodeText('a,b', 'csv'))).toBe('"a,b"');
    expect(text(encodeText('a,b', 'ndjson'))).toBe('"a,b"');
  });

  it('cuts a row out for later and appends it again unchanged', () => {
    const w = new RowWriter(DEMO_COLUMNS.catalog.slice(0, 1), 'csv', dates);
    w.ascii('A').end();
    const mark = w.mark();
    w.ascii('B').end();
    const later = w.cut(mark);
    w.ascii('C').end();
    w.raw(later);
    expect(text(w.take())).toBe('A\nC\nB\n');
    expect(w.rows).toBe(3);
  });

  it('grows its buffer for days larger than the initial buffer', () => {
    const w = new RowWriter(DEMO_COLUMNS.catalog.slice(0, 1), 'csv', dates);
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 3000; i++) w.text(long).end();
    expect(w.take().length).toBe(3000 * 1001);
  });
});
