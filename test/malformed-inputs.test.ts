/**
 * A corpus of malformed inputs, each imported through the real import path into a real DuckDB file.
 * Every case gets its exact error — a refusal naming file (and line) that writes nothing, or rejects
 * naming line, field and reason while the valid rows land — and none crashes or hangs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityKind } from '../src/domain/entities.ts';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORDER_HEADER = 'order_id,user_id,created_at,amount,status,quantity,note';
const GOOD = 'G1,U1,2024-01-05 13:04:05,10,completed,1,ok';
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

/** A deterministic stream of junk bytes. */
function junk(length: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

async function parquetFile(path: string, rows: number): Promise<Buffer> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT 'P' || i AS order_id, 'U1' AS user_id, TIMESTAMP '2024-01-05 05:04:05' + INTERVAL (i) MINUTE AS created_at, 10.5 AS amount, 'completed' AS status FROM range(${rows}) t(i)) TO '${path}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  return readFileSync(path);
}

interface Reject {
  line: number;
  field?: string | null;
  reason: string;
}
interface Case {
  name: string;
  kind?: EntityKind;
  file: string;
  content: () => Buffer | string | Promise<Buffer | string>;
  /** Refused as a whole: this exact message (after "file[:line]: "). */
  refused?: string;
  refusedLine?: number;
  /** Otherwise: these rejects, in order, and this many valid rows stored. */
  rejects?: Reject[];
  stored?: number;
  maxRejectRate?: number;
}

const CASES: Case[] = [
  { name: 'an empty file', file: 'empty.csv', content: () => '', refused: 'empty file' },
  { name: 'a file holding only a BOM', file: 'bom-only.csv', content: () => '\uFEFF', refused: 'empty file' },
  { name: 'a file of blank lines', file: 'blank.csv', content: () => '\n\n   \n', refused: 'empty file' },
  { name: 'a header without rows', file: 'header-only.csv', content: () => csv(ORDER_HEADER), rejects: [], stored: 0 },
  { name: 'a CRLF header without rows', file: 'header-only-crlf.csv', content: () => `${ORDER_HEADER}\r\n`, rejects: [], stored: 0 },
  { name: 'binary junk', file: 'junk.csv', content: () => junk(64 * 1024), refused: 'binary file (not CSV/NDJSON/JSON text)' },
  { name: 'binary junk without an extension', file: 'junk.bin', content: () => junk(4096, 99), refused: 'binary file (not CSV/NDJSON/JSON text)' },
  { name: 'a NUL byte inside a field', file: 'nul.csv', content: () => csv(ORDER_HEADER, GOOD, 'N1,U1,2024-01-05 13:04:05,10,completed,1,bad\u0000note'), rejects: [{ line: 3, field: 'note', reason: 'NUL byte in field note' }], stored: 1 },
  { name: 'a quote left open at the end of the file', file: 'open-quote.csv', content: () => `${ORDER_HEADER}\n${GOOD}\nQ1,U1,2024-01-05 13:04:05,10,completed,1,"never closed\n`, rejects: [{ line: 3, field: 'note', reason: 'unterminated quoted field note (quote opened on line 3)' }], stored: 1 },
  { name: 'text after a closing quote', file: 'after-quote.csv', content: () => csv(ORDER_HEADER, GOOD, 'Q2,U1,2024-01-05 13:04:05,10,completed,1,"ab"cd'), rejects: [{ line: 3, field: 'note', reason: 'unexpected text after closing quote in field note' }], stored: 1 },
  { name: 'a row with too few fields', file: 'short-row.csv', content: () => csv(ORDER_HEADER, GOOD, 'S1,U1,2024-01-05 13:04:05,10'), rejects: [{ line: 3, reason: 'expected 7 fields, found 4' }], stored: 1 },
  { name: 'a row with too many fields', file: 'long-row.csv', content: () => csv(ORDER_HEADER, 'L1,U1,2024-01-05 13:04:05,10,completed,1,a,extra', GOOD), rejects: [{ line: 2, reason: 'expected 7 fields, found 8' }], stored: 1 },
  { name: 'a 10 MB single field', file: 'huge-field.csv', content: () => csv(ORDER_HEADER, GOOD, `H1,U1,2024-01-05 13:04:05,10,completed,1,"${'x'.repeat(10 * 1024 * 1024)}"`, 'H2,U1,2024-01-05 13:04:05,10,completed,1,after'), rejects: [{ line: 3, field: 'note', reason: 'field longer than 1 MiB' }], stored: 2 },
  { name: 'a field longer than the field allows', file: 'long-note.csv', content: () => csv(ORDER_HEADER, `T1,U1,2024-01-05 13:04:05,10,completed,1,${'n'.repeat(5000)}`, GOOD), rejects: [{ line: 2, field: 'note', reason: 'longer than 4096 characters' }], stored: 1 },
  { name: 'an id longer than 128 characters', file: 'long-id.csv', content: () => csv(ORDER_HEADER, `${'i'.repeat(200)},U1,2024-01-05 13:04:05,10,completed,1,x`, GOOD), rejects: [{ line: 2, field: 'order_id', reason: 'longer than 128 characters' }], stored: 1 },
  { name: 'an impossible date', file: 'feb30.csv', content: () => csv(ORDER_HEADER, GOOD, 'D1,U1,2024-02-30 10:00:00,10,completed,1,x'), rejects: [{ line: 3, field: 'created_at', reason: 'impossible date' }], stored: 1 },
  { name: 'February 29 of a common year', file: 'feb29.csv', content: () => csv(ORDER_HEADER, GOOD, 'D2,U1,2023/2/29 10:00,10,completed,1,x'), rejects: [{ line: 3, field: 'created_at', reason: 'impossible date' }], stored: 1 },
  { name: 'an impossible time of day', file: 'time.csv', content: () => csv(ORDER_HEADER, GOOD, 'D3,U1,2024-01-05 25:61:00,10,completed,1,x'), rejects: [{ line: 3, field: 'created_at', reason: 'impossible time of day' }], stored: 1 },
  { name: 'a year far out of range', file: 'year.csv', content: () => csv(ORDER_HEADER, GOOD, 'D4,U1,1066-10-14 09:00:00,10,completed,1,x'), rejects: [{ line: 3, field: 'created_at', reason: 'year 1066 out of range 1900–2100' }], stored: 1 },
  { name: 'text where a date belongs', file: 'not-date.csv', content: () => csv(ORDER_HEADER, GOOD, 'D5,U1,next tuesday,10,completed,1,x'), rejects: [{ line: 3, field: 'created_at', reason: 'not a recognised date/time' }], stored: 1 },
  { name: 'a negative quantity', file: 'neg-qty.csv', content: () => csv(ORDER_HEADER, GOOD, 'Q3,U1,2024-01-05 13:04:05,10,completed,-2,x'), rejects: [{ line: 3, field: 'quantity', reason: 'below minimum 1' }], stored: 1 },
  { name: 'a fractional quantity', file: 'frac-qty.csv', content: () => csv(ORDER_HEADER, GOOD, 'Q4,U1,2024-01-05 13:04:05,10,completed,1.5,x'), rejects: [{ line: 3, field: 'quantity', reason: 'not a whole number' }], stored: 1 },
  { name: 'a negative amount', file: 'neg-amount.csv', content: () => csv(ORDER_HEADER, GOOD, 'A1,U1,2024-01-05 13:04:05,-10,completed,1,x'), rejects: [{ line: 3, field: 'amount', reason: 'below minimum 0' }], stored: 1 },
  { name: 'text where an amount belongs', file: 'text-amount.csv', content: () => csv(ORDER_HEADER, GOOD, 'A2,U1,2024-01-05 13:04:05,ten yuan,completed,1,x'), rejects: [{ line: 3, field: 'amount', reason: 'not a number' }], stored: 1 },
  { name: 'an unknown order status', file: 'status.csv', content: () => csv(ORDER_HEADER, GOOD, 'E1,U1,2024-01-05 13:04:05,10,配送中,1,x'), rejects: [{ line: 3, field: 'status', reason: 'unknown value (expected one of pending_payment, pending_shipment, shipped, completed, cancelled, refunded)' }], stored: 1 },
  { name: 'an empty required id', file: 'no-id.csv', content: () => csv(ORDER_HEADER, GOOD, ',U1,2024-01-05 13:04:05,10,completed,1,x'), rejects: [{ line: 3, field: 'order_id', reason: 'required field is empty' }], stored: 1 },
  { name: 'payment long before creation', file: 'paid-early.csv', content: () => csv('order_id,user_id,created_at,paid_at,amount,status', 'P1,U1,2024-01-05 13:04:05,2024-01-05 13:04:30,10,completed', 'P2,U1,2024-01-05 13:04:05,2024-01-01 09:00:00,10,completed'), rejects: [{ line: 3, field: 'paid_at', reason: 'paid before the order was created' }], stored: 1 },
  { name: 'cancelled contradicting the status', file: 'contradiction.csv', content: () => csv('order_id,user_id,created_at,amount,status,cancelled', 'C1,U1,2024-01-05 13:04:05,10,已取消,是', 'C2,U1,2024-01-05 13:04:05,10,已完成,是'), rejects: [{ line: 3, field: 'cancelled', reason: 'contradicts status completed' }], stored: 1 },
  { name: 'the same column twice', file: 'dup-column.csv', content: () => csv('order_id,user_id,created_at,amount,status,amount', 'X1,U1,2024-01-05 13:04:05,10,completed,11'), refused: 'columns "amount" and "amount" both map to field amount', refusedLine: 1 },
  { name: 'an English and a Chinese column for one field', file: 'dup-alias.csv', content: () => csv('order_id,user_id,created_at,amount,status,订单金额', 'X1,U1,2024-01-05 13:04:05,10,completed,11'), refused: 'columns "amount" and "订单金额" both map to field amount', refusedLine: 1 },
  { name: 'a missing required column', file: 'no-status.csv', content: () => csv('order_id,user_id,created_at,amount', 'X1,U1,2024-01-05 13:04:05,10'), refused: 'missing required column status (found: order_id, user_id, created_at, amount)', refusedLine: 1 },
  { name: 'a truncated gzip file', file: 'cut.csv.gz', content: () => gzipSync(csv(ORDER_HEADER, ...Array.from({ length: 5000 }, (_, i) => `Z${i},U1,2024-01-05 13:04:05,10,completed,1,row ${i}`))).subarray(0, 20_000), refused: 'truncated gzip stream' },
  { name: 'a gzip file with corrupt data', file: 'corrupt.csv.gz', content: () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]), junk(2000)]), refused: 'corrupt gzip stream: invalid code lengths set' },
  { name: 'a truncated Parquet file', file: 'cut.parquet', content: async () => (await parquetFile(join(dir, 'whole.parquet'), 1000)).subarray(0, 700), refused: 'truncated parquet file (no PAR1 footer at the end)' },
  { name: 'a CSV named .parquet', file: 'fake.parquet', content: () => csv(ORDER_HEADER, GOOD), refused: 'not a parquet file (no PAR1 magic at the start)' },
  { name: 'an invalid JSON line', kind: 'events', file: 'bad-line.ndjson', content: () => '{"event_id":"e1","event_type":"visit","occurred_at":"2024-01-05 10:00:00"}\n{"event_id":"e2", oops}\n', rejects: [{ line: 2, reason: 'invalid JSON: Expected double-quoted property name in JSON at position 18' }], stored: 1 },
  { name: 'a JSON line that is an array', kind: 'events', file: 'array-line.ndjson', content: () => '{"event_id":"e1","event_type":"visit","occurred_at":"2024-01-05 10:00:00"}\n[1,2,3]\n', rejects: [{ line: 2, reason: 'not a JSON object (found an array)' }], stored: 1 },
  { name: 'a JSON line without a required field', kind: 'events', file: 'no-type.ndjson', content: () => '{"event_id":"e1","event_type":"visit","occurred_at":"2024-01-05 10:00:00"}\n{"event_id":"e2","occurred_at":"2024-01-05 10:00:00"}\n', rejects: [{ line: 2, field: 'event_type', reason: 'required field is empty' }], stored: 1 },
  { name: 'a nested object where text belongs', kind: 'events', file: 'nested.ndjson', content: () => '{"event_id":"e1","event_type":"search","occurred_at":"2024-01-05 10:00:00","query":{"q":"x"}}\n{"event_id":"e2","event_type":"visit","occurred_at":"2024-01-05 10:00:00"}\n', rejects: [{ line: 1, field: 'query', reason: 'expected text, found a nested object' }], stored: 1 },
  { name: 'an English and a Chinese key for one field in one JSON record', file: 'dup-key.ndjson', content: () => '{"order_id":"CC-4","订单ID":"CC-5","user_id":"U1","created_at":"2024-01-05 13:04:05","amount":10,"status":"completed"}\n{"订单ID":"CC-6","用户ID":"U1","创建日期":"2024-01-05 13:04:05","订单金额":10,"订单状态":"已完成"}\n', rejects: [{ line: 1, field: 'order_id', reason: 'keys "order_id" and "订单ID" both map to field order_id' }], stored: 1 },
  { name: 'true/false where a text id belongs', kind: 'users', file: 'bool-id.ndjson', content: () => '{"user_id":true}\n{"user_id":4711}\n{"用户ID":false}\n', rejects: [{ line: 1, field: 'user_id', reason: 'expected text, found a boolean' }, { line: 3, field: 'user_id', reason: 'expected text, found a boolean' }], stored: 1 },
  { name: 'a JSON array that never closes', kind: 'events', file: 'open-array.json', content: () => '[{"event_id":"e1","event_type":"visit","occurred_at":"2024-01-05 10:00:00"},', refused: 'truncated JSON array: missing ]' },
  { name: 'a JSON array element that is not an object', kind: 'events', file: 'array-elements.json', content: () => '[{"event_id":"e1","event_type":"visit","occurred_at":"2024-01-05 10:00:00"},\n42\n]', rejects: [{ line: 2, reason: 'not a JSON object (found a number)' }], stored: 1 },
  { name: 'a GBK row inside a UTF-8 file', file: 'mixed.csv', content: () => Buffer.concat([Buffer.from(csv(ORDER_HEADER, ...Array.from({ length: 10 }, (_, i) => `M${i},U1,2024-01-05 13:04:05,10,已完成,1,中文备注`))), iconv.encode('MX,U1,2024-01-05 13:04:05,10,已完成,1,中文备注\n', 'gbk'), Buffer.from('MY,U1,2024-01-05 13:04:05,10,已完成,1,中文备注\n')]), rejects: [{ line: 12, field: 'status', reason: 'invalid UTF-8 byte sequence' }], stored: 11 },
  { name: 'an age no one reaches', kind: 'users', file: 'age.csv', content: () => csv('user_id,age,gender', 'U1,30,男', 'U2,200,女'), rejects: [{ line: 3, field: 'age', reason: 'above maximum 130' }], stored: 1 },
  { name: 'an unknown gender word', kind: 'users', file: 'gender.csv', content: () => csv('用户ID,性别', 'U1,男', 'U2,机器人'), rejects: [{ line: 3, field: 'gender', reason: 'unknown value (expected one of male, female, other, unknown)' }], stored: 1 },
  { name: 'an unknown log level', kind: 'logs', file: 'level.csv', content: () => csv('log_id,log_type,level,message,logged_at', 'L1,api_request,INFO,ok,2024-01-05 10:00:00', 'L2,api_request,LOUD,boom,2024-01-05 10:00:01'), rejects: [{ line: 3, field: 'level', reason: 'unknown value (expected one of DEBUG, INFO, WARN, ERROR, FATAL)' }], stored: 1 },
  { name: 'an hour 24 in weather', kind: 'weather', file: 'hour.csv', content: () => csv('date,hour,province,temp_max,temp_min', '2024-07-01,23,浙江,35,26', '2024-07-01,24,浙江,35,26'), rejects: [{ line: 3, field: 'hour', reason: 'above maximum 23' }], stored: 1 },
  { name: 'a minimum temperature above the maximum', kind: 'weather', file: 'temps.csv', content: () => csv('日期,省份,最高气温,最低气温', '2024-07-01,浙江,35,26', '2024-07-02,浙江,20,30'), rejects: [{ line: 3, field: 'temp_min', reason: 'above temp_max 20' }], stored: 1 },
  { name: 'a directory instead of a file', file: 'a-directory', content: () => 'DIRECTORY', refused: 'is a directory' },
  { name: 'too many rejected rows', file: 'mostly-bad.csv', content: () => csv(ORDER_HEADER, GOOD, 'B1,U1,bad,10,completed,1,x', 'B2,U1,bad,10,completed,1,x'), maxRejectRate: 0.05, refused: '2 of 3 rows rejected (66.7%, above the limit of 5.00%); see REJECTS' },
];

describe('malformed inputs', () => {
  beforeAll(() => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  for (const testCase of CASES) {
    it(`handles ${testCase.name}`, async () => {
      const caseDir = join(dir, testCase.file.replace(/\W/g, '_'));
      mkdirSync(caseDir, { recursive: true });
      const path = join(caseDir, testCase.file);
      const content = await testCase.content();
      if (content === 'DIRECTORY') mkdirSync(path);
      else writeFileSync(path, content);
      const store = await openDuckDbStore({ path: join(caseDir, 'store.duckdb') });
      const kind = testCase.kind ?? 'orders';
      try {
        const rejectsPath = join(caseDir, 'rejects.ndjson');
        const outcome = await importFiles({ store, kind, files: [path], zone: zoneResolver('Asia/Shanghai'), rejectsPath, maxRejectRate: testCase.maxRejectRate ?? 1 });
        if (testCase.refused !== undefined) {
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.refusal.message).toBe(testCase.refused.replace('REJECTS', rejectsPath));
          expect(outcome.refusal.file).toBe(path);
          if (testCase.refusedLine !== undefined) expect(outcome.refusal.line).toBe(testCase.refusedLine);
          expect(await store.count(kind)).toBe(0);
          return;
        }
        expect(outcome.ok, outcome.ok ? '' : outcome.refusal.message).toBe(true);
        const written = outcome.summary.rejectsFile ? readFileSync(outcome.summary.rejectsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Reject & { file: string }) : [];
        expect(written.map((r) => ({ line: r.line, reason: r.reason, ...(r.field ? { field: r.field } : {}) }))).toEqual(testCase.rejects!.map((r) => ({ line: r.line, reason: r.reason, ...(r.field ? { field: r.field } : {}) })));
        expect(written.every((r) => r.file === path)).toBe(true);
        expect(await store.count(kind)).toBe(testCase.stored);
        const { read, inserted, updated, unchanged, rejected } = outcome.summary;
        expect(inserted + updated + unchanged + rejected).toBe(read);
      } finally {
        await store.close();
      }
    }, 20_000);
  }
});
