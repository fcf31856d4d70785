import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../domain/entities.ts';
import { zoneResolver } from '../../domain/values/parse-timestamp.ts';
import type { RawBatch } from '../sources/record-source.ts';
import { createNormaliser } from './normalise-batch.ts';
import { resolveHeader } from './resolve-header.ts';

const zone = zoneResolver('Asia/Shanghai');
const orders = createNormaliser(ENTITIES.orders, { zone });
const batch = (columns: string[], rows: unknown[][]): RawBatch => ({ columns, rows: rows as RawBatch['rows'], lines: rows.map((_, i) => i + 2), rejects: [] });
const named = (row: unknown[]) => Object.fromEntries(ENTITIES.orders.fields.map((f, i) => [f.name, row[i]]));

const chineseHeader = ['订单ID', '用户ID', '创建日期', '支付日期', '商品ID', '商品数量', '订单金额', '收货地址', '下单类型', '下单渠道', '订单状态', '是否取消', '备注'];

describe('normalising orders', () => {
  it('maps the design doc Chinese headers and values to canonical ones', () => {
    const result = orders.normalise(batch(chineseHeader, [['A1', 'U1', '2024/1/5 13:04', '2024年1月5日 13时05分', 'P1', '2', '¥1,234.50', '广州市天河区', '网络', '微信端', '已完成', '否', '']]));
    expect(result.rejects).toEqual([]);
    expect(named(result.rows[0]!)).toMatchObject({
      order_id: 'A1',
      user_id: 'U1',
      created_at: Date.parse('2024-01-05T05:04:00Z'),
      paid_at: Date.parse('2024-01-05T05:05:00Z'),
      quantity: 2,
      amount: 1234.5,
      order_type: 'online',
      channel: 'wechat',
      status: 'completed',
      cancelled: false,
      note: null,
    });
  });

  it('rejects a bad row with its line, field, value and reason, and keeps the good ones', () => {
    const result = orders.normalise(
      batch(['order_id', 'user_id', 'created_at', 'amount', 'status', 'quantity'], [
        ['A1', 'U1', '2024-01-05 13:04:05', '10', 'completed', '1'],
        ['A2', 'U1', '2024-02-30 13:04:05', '10', 'completed', '1'],
        ['A3', 'U1', '2024-01-05 13:04:05', '10', 'completed', '-3'],
        ['A4', 'U1', '2024-01-05 13:04:05', 'ten', 'completed', '1'],
        ['A5', 'U1', '2024-01-05 13:04:05', '10', '发货中', '1'],
        ['', 'U1', '2024-01-05 13:04:05', '10', 'completed', '1'],
      ]),
    );
    expect(result.rows.map((r) => r[0])).toEqual(['A1']);
    expect(result.lines).toEqual([2]);
    expect(result.rejects).toEqual([
      { line: 3, field: 'created_at', value: '2024-02-30 13:04:05', reason: 'impossible date' },
      { line: 4, field: 'quantity', value: '-3', reason: 'below minimum 1' },
      { line: 5, field: 'amount', value: 'ten', reason: 'not a number' },
      { line: 6, field: 'status', value: '发货中', reason: 'unknown value (expected one of pending_payment, pending_shipment, shipped, completed, cancelled, refunded)' },
      { line: 7, field: 'order_id', reason: 'required field is empty' },
    ]);
  });

  it('reads the null markers of database exports as no value, except in free text', () => {
    const result = orders.normalise(
      batch(['order_id', 'user_id', 'created_at', 'paid_at', 'quantity', 'amount', 'channel', 'status', 'note'], [
        ['A1', 'U1', '2024-01-05 13:04:05', '\\N', '\\N', '10', 'NULL', 'pending_payment', 'NULL'],
        ['A2', 'U1', '2024-01-05 13:04:05', 'NULL', 'null', '10', '\\N', 'pending_payment', '\\N'],
        ['A3', 'NULL', '2024-01-05 13:04:05', '', '1', '10', '', 'pending_payment', ''],
      ]),
    );
    expect(result.rows.map((row) => named(row))).toMatchObject([
      { order_id: 'A1', paid_at: null, quantity: null, channel: null, note: 'NULL' },
      { order_id: 'A2', paid_at: null, quantity: null, channel: null, note: '\\N' },
      // A user id is free text: "NULL" may be one, so it is kept (and the row stored) rather than guessed.
      { order_id: 'A3', user_id: 'NULL' },
    ]);
    expect(result.rejects).toEqual([]);
  });

  it('derives cancelled from the status and refuses a contradiction', () => {
    const result = orders.normalise(
      batch(['order_id', 'user_id', 'created_at', 'amount', 'status', 'cancelled'], [
        ['A1', 'U1', '2024-01-05 13:04:05', '10', '已取消', ''],
        ['A2', 'U1', '2024-01-05 13:04:05', '10', '已完成', '是'],
      ]),
    );
    expect(named(result.rows[0]!).cancelled).toBe(true);
    expect(result.rejects).toEqual([{ line: 3, field: 'cancelled', value: 'true', reason: 'contradicts status completed' }]);
  });

  it('refuses payment long before creation', () => {
    const result = orders.normalise(batch(['order_id', 'user_id', 'created_at', 'paid_at', 'amount', 'status'], [['A1', 'U1', '2024-01-05 13:04:05', '2024-01-04 13:04:05', '10', 'completed']]));
    expect(result.rejects[0]).toMatchObject({ field: 'paid_at', reason: 'paid before the order was created' });
  });

  it('takes JSON values as they come: numbers, booleans, epoch times', () => {
    const result = orders.normalise(batch(['order_id', 'user_id', 'created_at', 'amount', 'status', 'cancelled', 'quantity'], [['A1', 'U1', 1704431045, 12.5, 'cancelled', true, 3]]));
    expect(result.rejects).toEqual([]);
    expect(named(result.rows[0]!)).toMatchObject({ created_at: Date.parse('2024-01-05T05:04:05Z'), amount: 12.5, cancelled: true, quantity: 3 });
  });

  it('refuses a nested object where text belongs', () => {
    const result = orders.normalise(batch(['order_id', 'user_id', 'created_at', 'amount', 'status', 'note'], [['A1', 'U1', '2024-01-05', 1, 'completed', { a: 1 }]]));
    expect(result.rejects[0]).toMatchObject({ field: 'note', reason: 'expected text, found a nested object' });
  });

  it('refuses true/false or a structure as text but reads a number as its digits, a bigint with every one', () => {
    const columns = ['order_id', 'user_id', 'created_at', 'amount', 'status'];
    const result = orders.normalise(
      batch(columns, [
        [true, 'U1', '2024-01-05', 1, 'completed'],
        ['A2', ['U1'], '2024-01-05', 1, 'completed'],
        [4711, 20261127000000000001n, '2024-01-05', 1, 'completed'],
      ]),
    );
    expect(result.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
      [2, 'order_id', 'expected text, found a boolean'],
      [3, 'user_id', 'expected text, found an array'],
    ]);
    expect(result.rows.map((r) => [r[0], r[1]])).toEqual([['4711', '20261127000000000001']]);
  });

  it('rejects the record that gives one field under two names, and only that one', () => {
    const columns = ['order_id', 'user_id', 'created_at', 'amount', 'status', '订单ID'];
    const result = orders.normalise({
      ...batch(columns, [
        ['CC-4', 'U1', '2024-01-05', 1, 'completed', 'CC-5'],
        [undefined, 'U1', '2024-01-05', 1, 'completed', 'CC-6'],
        ['CC-7', 'U1', '2024-01-05', 1, 'completed', undefined],
      ]),
      indexes: [0, 1, 2],
    });
    expect(result.rejects).toEqual([
      { line: 2, index: 0, field: 'order_id', reason: 'keys "order_id" and "订单ID" both map to field order_id' },
    ]);
    expect(result.rows.map((r) => r[0])).toEqual(['CC-6', 'CC-7']);
    expect(result.indexes).toEqual([1, 2]);
  });

  it('cuts a huge value in the reject record', () => {
    const result = orders.normalise(batch(['order_id', 'user_id', 'created_at', 'amount', 'status', 'note'], [['A1', 'U1', '2024-01-05', 1, 'completed', 'x'.repeat(10_000)]]));
    expect(result.rejects[0]?.reason).toBe('longer than 4096 characters');
    expect(result.rejects[0]?.value).toMatch(/^x{200}… \(10000 chars\)$/);
  });
});

describe('resolving headers', () => {
  it('forgives case, spaces, separators and unit suffixes', () => {
    const header = resolveHeader(ENTITIES.orders, ['Order ID', 'USER_ID', 'created-at', '订单金额(元)', 'Status', 'extra']);
    expect(header.fieldIndexByColumn.map((i) => (i < 0 ? null : ENTITIES.orders.fields[i]!.name))).toEqual(['order_id', 'user_id', 'created_at', 'amount', 'status', null]);
    expect(header.ignored).toEqual(['extra']);
    expect(header.missingRequired).toEqual([]);
  });

  it('applies a mapping file before the built-in names', () => {
    const header = resolveHeader(ENTITIES.orders, ['单号', 'buyer', 'time', 'money', 'state'], { 单号: 'order_id', buyer: 'user_id', time: 'created_at', money: 'amount', state: 'status' });
    expect(header.missingRequired).toEqual([]);
  });

  it('names missing required fields and duplicate columns', () => {
    const header = resolveHeader(ENTITIES.orders, ['order_id', 'amount', '订单金额']);
    expect(header.missingRequired).toEqual(['user_id', 'created_at', 'status']);
    expect(header.duplicates).toEqual([{ field: 'amount', columns: ['amount', '订单金额'] }]);
  });
});
