import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import {
  canOverlay,
  compareRows,
  distributionOption,
  distributionRows,
  distributionTable,
  MAX_SLICES,
  MISSING,
  OTHER,
  pieSlices,
  type DistributionWords,
} from './distribution-chart.ts';
import type { Distribution } from './profile-types.ts';
import { createVocabulary } from './profile-vocabulary.ts';
import { FIELDS, PERSONAS } from './test-fixtures.ts';

const format = createFormat('zh-CN');
const vocabulary = createVocabulary(FIELDS, PERSONAS, 'zh-CN');
const words: DistributionWords = {
  missing: '无此项',
  other: '其他取值',
  value: '取值',
  users: '用户数',
  share: '占比',
  base: '广东',
  compare: '全部用户',
};

const lifecycle: Distribution = {
  field: 'lifecycle',
  kind: 'category',
  users: 100,
  missing: 0,
  buckets: [
    { value: 'growing', users: 40, share: 0.4 },
    { value: 'churned', users: 35, share: 0.35 },
    { value: 'new', users: 25, share: 0.25 },
  ],
};

describe('distributionRows', () => {
  it('orders a vocabulary as the rules list it and names its values', () => {
    const rows = distributionRows(lifecycle, vocabulary, format, words);
    expect(rows.map((r) => [r.label, r.users])).toEqual([
      ['新客户', 25],
      ['成长', 40],
      ['已流失', 35],
    ]);
    expect(rows.reduce((sum, r) => sum + r.users, 0)).toBe(lifecycle.users);
  });

  it('adds users without a value and values past the top 50, so single-valued rows add up to the users', () => {
    const d: Distribution = {
      field: 'province',
      kind: 'category',
      users: 100,
      missing: 10,
      buckets: [
        { value: '广东', users: 50, share: 0.5 },
        { value: '浙江', users: 30, share: 0.3 },
      ],
    };
    const rows = distributionRows(d, vocabulary, format, words);
    expect(rows.map((r) => [r.key, r.users])).toEqual([
      ['广东', 50],
      ['浙江', 30],
      [OTHER, 10],
      [MISSING, 10],
    ]);
    expect(rows.reduce((sum, r) => sum + r.users, 0)).toBe(100);
  });

  it('adds no other row to a list field, whose users count under several values', () => {
    const d: Distribution = {
      field: 'top_categories',
      kind: 'list',
      users: 10,
      missing: 2,
      buckets: [
        { value: '门票', users: 8, share: 0.8 },
        { value: '年卡', users: 5, share: 0.5 },
      ],
    };
    expect(distributionRows(d, vocabulary, format, words).map((r) => r.key)).toEqual(['门票', '年卡', MISSING]);
  });

  it('labels number bins by their bounds in order, months in time order, personas by name', () => {
    const bins: Distribution = {
      field: 'monetary',
      kind: 'number',
      users: 3,
      missing: 0,
      discrete: false,
      buckets: [
        { value: '1297–2594', from: 1297.2, to: 2594.4, users: 1, share: 1 / 3 },
        { value: '0–1297', from: 0, to: 1297.2, users: 2, share: 2 / 3 },
      ],
    };
    expect(distributionRows(bins, vocabulary, format, words).map((r) => r.label)).toEqual(['¥0–¥1,297', '¥1,297–¥2,594']);
    const months: Distribution = {
      field: 'last_purchase',
      kind: 'date',
      users: 3,
      missing: 0,
      buckets: [
        { value: '2026-11', users: 2, share: 2 / 3 },
        { value: '2026-09', users: 1, share: 1 / 3 },
      ],
    };
    expect(distributionRows(months, vocabulary, format, words).map((r) => r.key)).toEqual(['2026-09', '2026-11']);
    const personas: Distribution = {
      field: 'persona',
      kind: 'number',
      users: 3,
      missing: 1,
      discrete: true,
      buckets: [
        { value: '1', from: 1, to: 1, users: 1, share: 1 / 3 },
        { value: '0', from: 0, to: 0, users: 1, share: 1 / 3 },
      ],
    };
    expect(distributionRows(personas, vocabulary, format, words).map((r) => r.label)).toEqual(['久未到访', '高频 · 高消费', '无此项']);
  });
});

describe('comparing two groups', () => {
  it('lines the groups up by value, adding values only the other group has', () => {
    const base = distributionRows(lifecycle, vocabulary, format, words);
    const other = distributionRows(
      {
        ...lifecycle,
        users: 10,
        buckets: [
          { value: 'registered', users: 4, share: 0.4 },
          { value: 'new', users: 6, share: 0.6 },
        ],
      },
      vocabulary,
      format,
      words,
    );
    const rows = compareRows(base, other);
    expect(rows.map((r) => [r.key, r.users, r.compareUsers])).toEqual([
      ['new', 25, 6],
      ['growing', 40, 0],
      ['churned', 35, 0],
      ['registered', 0, 4],
    ]);
    const table = distributionTable(rows, format, words);
    expect(table.columns.map((c) => c.label)).toEqual(['取值', '广东 · 用户数', '广东 · 占比', '全部用户 · 用户数', '全部用户 · 占比']);
    const option = distributionOption(rows, { chart: 'pie', horizontal: true, format, words }) as {
      series: { type: string; data: number[] }[];
    };
    // Two groups of different sizes compare by share, as bars even when a pie was asked for.
    expect(option.series.map((s) => s.type)).toEqual(['bar', 'bar']);
    expect(option.series[0]!.data).toEqual([0.25, 0.4, 0.35, 0]);
  });

  it('does not overlay binned numbers, whose bins are cut per group', () => {
    expect(canOverlay({ ...lifecycle })).toBe(true);
    expect(canOverlay({ ...lifecycle, kind: 'number', discrete: false })).toBe(false);
    expect(canOverlay({ ...lifecycle, kind: 'number', discrete: true })).toBe(true);
  });
});

describe('pieSlices', () => {
  it('keeps the largest values and sums the rest into one slice', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ key: String(i), label: `v${i}`, users: i + 1, share: 0 }));
    const slices = pieSlices(rows, '其他取值');
    expect(slices).toHaveLength(MAX_SLICES);
    expect(slices[0]).toEqual({ name: 'v19', value: 20 });
    expect(slices.reduce((sum, s) => sum + s.value, 0)).toBe(rows.reduce((sum, r) => sum + r.users, 0));
    expect(slices.at(-1)!.name).toBe('其他取值');
  });
});
