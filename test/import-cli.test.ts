/**
 * `flowsight import` and `status` end to end: the real command in a child process, real files, a real
 * DuckDB file per test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'flowsight-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir: string;
let db: string;
let n = 0;
beforeEach(() => {
  dir = join(root, `case-${++n}`);
  db = join(dir, 'store.duckdb');
});

function write(name: string, content: string | Buffer): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const HEADER = 'order_id,user_id,created_at,paid_at,product_id,quantity,amount,channel,status\n';
const ordersCsv = (rows: string[]) => HEADER + rows.map((r) => `${r}\n`).join('');

async function importJson(...args: string[]) {
  const result = await runCli(['import', ...args, '--db', db, '--json']);
  return { ...result, summary: result.stdout ? (JSON.parse(result.stdout) as Record<string, unknown>) : undefined };
}

describe('flowsight import', () => {
  it('imports a file and prints a summary whose counts add up to the rows read', async () => {
    const file = write('orders.csv', ordersCsv(['A1,U1,2024-01-05 13:04:05,2024-01-05 13:05:00,P1,2,88.00,wechat,completed', 'A2,U2,2024-01-05 14:00:00,,P1,1,10,app,pending_payment', 'A3,U3,not a date,,P1,1,10,app,completed']));
    const { code, summary } = await importJson('orders', file, '--max-reject-rate', '50%');
    expect(code).toBe(0);
    expect(summary).toMatchObject({ ok: true, read: 3, inserted: 2, updated: 0, unchanged: 0, rejected: 1 });
    const rejects = readFileSync(summary!.rejectsFile as string, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(rejects).toEqual([{ kind: 'orders', file, line: 4, field: 'created_at', value: 'not a date', reason: 'not a recognised date/time' }]);
  });

  it('refuses a file of another kind, leaving the stored users as they were', async () => {
    const users = write('users.csv', 'user_id,registered_at,gender,province,city\nU1,2024-01-01 10:00:00,女,广东,广州\n');
    expect((await importJson('users', users)).summary).toMatchObject({ ok: true, inserted: 1 });
    // An orders export, newer updated_at and all, given as users by mistake.
    const orders = write('orders.csv', 'order_id,user_id,created_at,amount,channel,status,note,updated_at\nA1,U1,2024-01-05 13:04:05,88,wechat,completed,,2024-02-01 00:00:00\n');
    const wrong = await importJson('users', orders);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`${orders}:1: its columns look like orders, not users: 8 of its 8 columns are orders fields and only 2 are users fields`);
    const stored = JSON.parse((await runCli(['sql', 'SELECT user_id, gender, province FROM users', '--db', db, '--json'])).stdout) as { table: { rows: unknown[] } };
    expect(stored.table.rows).toEqual([{ user_id: 'U1', gender: 'female', province: '广东' }]);
    // With a mapping the operator says what the columns are, and the file is taken.
    const mapping = write('mapping.json', JSON.stringify({ user_id: 'user_id' }));
    expect((await importJson('users', orders, '--mapping', mapping)).code).toBe(0);
  });

  it('stores nothing twice when the same file is imported again', async () => {
    const file = write('orders.csv', ordersCsv(['A1,U1,2024-01-05 13:04:05,,P1,2,88,wechat,pending_payment', 'A1,U1,2024-01-05 13:04:05,2024-01-05 13:09:00,P1,2,88,wechat,completed', 'A2,U2,2024-01-06 10:00:00,,P2,1,10,app,cancelled']));
    const first = await importJson('orders', file);
    expect(first.summary).toMatchObject({ read: 3, inserted: 2, updated: 1, unchanged: 0, rejected: 0 });
    const again = await importJson('orders', file);
    expect(again.summary).toMatchObject({ read: 3, inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    const status = await runCli(['status', '--db', db, '--json']);
    const parsed = JSON.parse(status.stdout) as { entities: { kind: string; rows: number }[]; lastImports: { inserted: number; unchanged: number }[] };
    expect(parsed.entities.find((e) => e.kind === 'orders')?.rows).toBe(2);
    expect(parsed.lastImports.map((i) => [i.inserted, i.unchanged])).toEqual([[0, 3], [2, 0]]);
  });

  it('merges overlapping files and moves an order to its newer state only', async () => {
    const january = write('jan.csv', ordersCsv(['A1,U1,2024-01-05 13:04:05,,P1,1,88,wechat,pending_payment', 'A2,U2,2024-01-06 10:00:00,2024-01-06 10:01:00,P2,1,10,app,completed']));
    const february = write('feb.csv', ordersCsv(['A1,U1,2024-01-05 13:04:05,2024-01-05 13:10:00,P1,1,88,wechat,completed', 'A2,U2,2024-01-06 10:00:00,,P2,1,10,app,pending_payment', 'A3,U3,2024-02-01 10:00:00,,P2,1,10,app,pending_payment']));
    const { summary } = await importJson('orders', january, february);
    expect(summary).toMatchObject({ read: 5, inserted: 3, updated: 1, unchanged: 1 });
    expect((summary!.files as { inserted: number; updated: number; unchanged: number }[]).map((f) => [f.inserted, f.updated, f.unchanged])).toEqual([[2, 0, 0], [1, 1, 1]]);
  });

  it('reads a GBK file with Chinese headers and values as Excel on Chinese Windows writes it', async () => {
    const text = '订单ID,用户ID,创建日期,支付日期,商品ID,商品数量,订单金额,收货地址,下单类型,下单渠道,订单状态,是否取消,备注\r\nB1,U1,2024/1/5 13:04,2024年1月5日 13时05分,P1,2,"￥1,234.50",广东省广州市天河区,网络,微信端,已完成,否,"送货前请电话联系,谢谢"\r\n';
    const file = write('订单.csv', iconv.encode(text, 'gbk'));
    const { code, summary } = await importJson('订单', file);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ read: 1, inserted: 1, rejected: 0 });
    expect((summary!.files as { encoding: string }[])[0]?.encoding).toBe('gb18030');
  });

  it('reports GBK found only after a long ASCII start', async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) => `A${i},U1,2024-01-05 13:04:05,,P1,1,10,app,completed`);
    const file = write('late-gbk.csv', iconv.encode(ordersCsv([...ascii, 'Z1,U1,2024-01-05 13:04:05,,P1,1,10,微信端,已完成']), 'gbk'));
    const { code, summary } = await importJson('orders', file);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ read: 3001, inserted: 3001, rejected: 0 });
    expect((summary!.files as { encoding: string }[])[0]?.encoding).toBe('gb18030');
  });

  it('imports gzip-compressed NDJSON', async () => {
    const lines = [{ event_id: 'e1', user_id: 'u1', event_type: '到访', occurred_at: '2024-05-01 09:00:00', venue_id: 'V1' }, { event_id: 'e2', user_id: 'u1', event_type: 'view', occurred_at: 1714525200 }];
    const file = write('events.ndjson.gz', gzipSync(lines.map((l) => JSON.stringify(l)).join('\n')));
    const { code, summary } = await importJson('events', file);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ read: 2, inserted: 2 });
  });

  it('keeps every digit of order numbers beyond 2^53 in NDJSON and JSON array files, as in CSV', async () => {
    // Written by hand: JSON.stringify of a number this long would already have rounded it.
    const record = (id: string) => `{"order_id":${id},"user_id":"U1","created_at":"2024-01-05 13:04:05","amount":10,"status":"completed"}`;
    const ndjson = write('big-ids.ndjson', `${record('20261127000000000001')}\n${record('20261127000000000002')}\n`);
    const array = write('big-ids.json', `[${record('20261127000000000003')},\n${record('9007199254740993')}]`);
    const csv = write('big-ids.csv', ordersCsv(['20261127000000000004,U1,2024-01-05 13:04:05,,P1,1,10,wechat,completed']));
    for (const [file, inserted] of [[ndjson, 2], [array, 2], [csv, 1]] as const)
      expect((await importJson('orders', file)).summary).toMatchObject({ ok: true, inserted });
    const stored = await runCli(['sql', 'SELECT order_id FROM orders ORDER BY order_id', '--db', db, '--json']);
    expect((JSON.parse(stored.stdout) as { table: { rows: { order_id: string }[] } }).table.rows.map((r) => r.order_id)).toEqual([
      '20261127000000000001',
      '20261127000000000002',
      '20261127000000000003',
      '20261127000000000004',
      '9007199254740993',
    ]);
  });

  it('refuses a file whose rejected share is above the limit and writes nothing', async () => {
    const file = write('orders.csv', ordersCsv(['A1,U1,2024-01-05 13:04:05,,P1,1,88,wechat,completed', 'A2,U1,2024-01-05 13:04:05,,P1,-1,88,wechat,completed']));
    const { code, summary, stderr } = await importJson('orders', file);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ ok: false, read: 2, rejected: 1 });
    expect(stderr).toContain('1 of 2 rows rejected (50.0%, above the limit of 5.00%)');
    const status = JSON.parse((await runCli(['status', '--db', db, '--json'])).stdout) as { entities: { rows: number }[]; lastImports: { status: string }[] };
    expect(status.entities.every((e) => e.rows === 0)).toBe(true);
    expect(status.lastImports[0]?.status).toBe('failed');
  });

  it('refuses a file without a required column and names it', async () => {
    const file = write('orders.csv', 'order_id,user_id,amount,status\nA1,U1,10,completed\n');
    const { code, stderr } = await runCli(['import', 'orders', file, '--db', db]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:1: missing required column created_at`);
  });

  it('refuses an unknown entity kind with usage status 2', async () => {
    const { code, stderr } = await runCli(['import', 'visitors', 'x.csv', '--db', db]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown entity kind "visitors"');
  });

  it('refuses a missing file with a clear message', async () => {
    const { code, stderr } = await runCli(['import', 'orders', join(dir, 'nope.csv'), '--db', db]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/nope\.csv: .*no such file/i);
  });

  it('applies a mapping file for other column names', async () => {
    const file = write('custom.csv', '单号,买家,时间,金额,状态\nC1,U1,2024-03-01 10:00:00,5,已完成\n');
    const mapping = write('mapping.json', JSON.stringify({ 单号: 'order_id', 买家: 'user_id', 时间: 'created_at', 金额: 'amount', 状态: 'status' }));
    const { code, summary } = await importJson('orders', file, '--mapping', mapping);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ inserted: 1 });
  });

  it('prints plain lines without --json', async () => {
    const file = write('orders.csv', ordersCsv(['A1,U1,2024-01-05 13:04:05,,P1,1,88,wechat,completed']));
    const { code, stdout } = await runCli(['import', 'orders', file, '--db', db]);
    expect(code).toBe(0);
    expect(stdout).toContain('orders: 1 read: 1 inserted, 0 updated, 0 unchanged, 0 rejected');
  });

  it('waits for another import holding the database instead of failing', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `W${i},U${i % 997},2024-01-05 13:04:05,,P1,1,${i % 100},wechat,completed`);
    const file = write('big.csv', ordersCsv(rows));
    const [first, second] = await Promise.all([importJson('orders', file), importJson('orders', file)]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const inserted = [first.summary!.inserted, second.summary!.inserted].sort();
    expect(inserted).toEqual([0, 200_000]);
    expect(first.stderr + second.stderr).toContain('waiting for it to finish');
  });

  it('has --help on every command', async () => {
    for (const command of [[], ['import'], ['status'], ['serve'], ['gen']]) {
      const { code, stdout } = await runCli([...command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: flowsight/);
    }
  });
});
