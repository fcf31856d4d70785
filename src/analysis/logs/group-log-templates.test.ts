import { describe, expect, it } from 'vitest';
import { groupLogTemplates } from './group-log-templates.ts';

describe('groupLogTemplates', () => {
  it('counts lines per template and per level, most frequent first', () => {
    const groups = groupLogTemplates([
      { message: '订单 12345 支付失败', level: 'ERROR' },
      { message: 'GET /api/v1/orders/1 200 12ms', level: 'INFO' },
      { message: '订单 67890 支付失败', level: 'ERROR' },
      { message: '订单 11111 支付失败', level: 'WARN' },
      { message: 'GET /api/v1/orders/2 200 80ms', level: 'INFO' },
      { message: 'disk full', level: 'FATAL' },
    ]);
    expect(groups).toEqual([
      { template: '订单 <num> 支付失败', count: 3, levels: { ERROR: 2, WARN: 1 }, example: '订单 12345 支付失败' },
      { template: 'GET <path> <num> <duration>', count: 2, levels: { INFO: 2 }, example: 'GET /api/v1/orders/1 200 12ms' },
      { template: 'disk full', count: 1, levels: { FATAL: 1 }, example: 'disk full' },
    ]);
  });

  it('adds up pre-aggregated counts the same way as single lines', () => {
    const single = groupLogTemplates([
      ...Array.from({ length: 5 }, () => ({ message: 'user U001 login', level: 'INFO' })),
      ...Array.from({ length: 2 }, () => ({ message: 'user U002 login', level: 'INFO' })),
    ]);
    const aggregated = groupLogTemplates([
      { message: 'user U001 login', level: 'INFO', count: 5 },
      { message: 'user U002 login', level: 'INFO', count: 2 },
    ]);
    expect(aggregated).toEqual(single);
    expect(aggregated[0]?.count).toBe(7);
  });

  it('picks the message with the most lines as the example', () => {
    const [group] = groupLogTemplates([
      { message: 'retry 1 of order O1', count: 2 },
      { message: 'retry 3 of order O9', count: 40 },
      { message: 'retry 2 of order O5', count: 40 },
    ]);
    expect(group?.example).toBe('retry 3 of order O9');
  });

  it('spans the earliest first and latest last time of its rows', () => {
    const [group] = groupLogTemplates([
      { message: 'sync 1 failed', first: '2024-05-02T08:00:00Z', last: '2024-05-02T09:00:00Z' },
      { message: 'sync 2 failed', first: '2024-05-01T23:00:00Z', last: '2024-05-02T01:00:00Z' },
      { message: 'sync 3 failed' },
    ]);
    expect(group).toMatchObject({ count: 3, first: '2024-05-01T23:00:00Z', last: '2024-05-02T09:00:00Z' });
  });

  it('leaves first and last out when no row has them', () => {
    const [group] = groupLogTemplates([{ message: 'boot' }]);
    expect(group).not.toHaveProperty('first');
    expect(group).not.toHaveProperty('last');
  });

  it('merges level spellings and counts rows without a level only in the total', () => {
    const [group] = groupLogTemplates([
      { message: 'slow query 120ms', level: 'warn' },
      { message: 'slow query 900ms', level: 'WARN', count: 3 },
      { message: 'slow query 40ms' },
    ]);
    expect(group).toMatchObject({ count: 5, levels: { WARN: 4 } });
  });

  it('skips rows whose count is zero or negative', () => {
    expect(
      groupLogTemplates([
        { message: 'x 1', count: 0 },
        { message: 'x 2', count: -3 },
      ]),
    ).toEqual([]);
  });

  it('breaks count ties by template text and keeps only the top templates when asked', () => {
    const rows = [{ message: 'b 1' }, { message: 'c 1' }, { message: 'a 1' }, { message: 'd 1' }, { message: 'd 2' }];
    expect(groupLogTemplates(rows).map((g) => g.template)).toEqual(['d <num>', 'a <num>', 'b <num>', 'c <num>']);
    expect(groupLogTemplates(rows, { top: 2 }).map((g) => g.template)).toEqual(['d <num>', 'a <num>']);
    expect(groupLogTemplates(rows, { top: 0 })).toEqual([]);
  });

  it('accepts any iterable, such as a generator', () => {
    function* lines() {
      for (let i = 0; i < 100; i++) yield { message: `order O${1000 + i} shipped to 浙江/杭州`, level: 'INFO' };
    }
    expect(groupLogTemplates(lines())).toEqual([
      { template: 'order <id> shipped to <path>', count: 100, levels: { INFO: 100 }, example: 'order O1000 shipped to 浙江/杭州' },
    ]);
  });
});
