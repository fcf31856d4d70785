import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import {
  addRateSample,
  averageRate,
  buildRateChart,
  entityHealth,
  formatAge,
  formatDayIn,
  importRows,
  parseStoreTime,
  rejectRows,
  sourceRows,
  sourceTable,
  toRateSample,
} from './data-health.ts';
import { dataText } from './data-text.ts';
import type { ImportRecord, IngestStatsAnswer, StoreStatus, StreamEntry } from './data-types.ts';

const en = createFormat('en');
const t = dataText('en');
const NOW = '2026-11-26T12:00:00.000Z';

const record = (overrides: Partial<ImportRecord>): ImportRecord => ({
  id: 'i1',
  kind: 'orders',
  source: 'file',
  files: ['/data/in/orders.csv'],
  startedAt: '2026-11-26T11:00:00.000Z',
  finishedAt: '2026-11-26T11:00:30.000Z',
  status: 'completed',
  read: 100,
  inserted: 90,
  updated: 5,
  unchanged: 3,
  rejected: 2,
  ...overrides,
});

const streamEntry = (overrides: Partial<StreamEntry> = {}): StreamEntry => ({
  source: 'http:web',
  kind: 'orders',
  totals: { batches: 3, accepted: 10, inserted: 7, updated: 1, duplicates: 2, rejected: 2 },
  reasons: [
    { at: '2026-11-26T11:59:00.000Z', line: 2, reason: 'not a number', field: 'amount' },
    { at: '2026-11-26T11:58:00.000Z', line: 5, reason: 'required field is empty' },
  ],
  lag: { samples: 10, p50Ms: 1500, p95Ms: 4000, maxMs: 5000 },
  freshness: {
    lastRecordAt: '2026-11-26T11:59:00.000Z',
    lastAcceptedAt: '2026-11-26T11:59:00.000Z',
    newestEventAt: '2026-11-26T11:58:59.000Z',
    secondsSinceLastRecord: 60,
    secondsSinceLastAccepted: 60,
  },
  ...overrides,
});

const stats = (entries: StreamEntry[] = [streamEntry()], at = NOW): IngestStatsAnswer => ({
  at,
  stream: {
    at,
    since: '2026-11-26T11:00:00.000Z',
    totals: entries.reduce(
      (sum, e) => ({ ...sum, accepted: sum.accepted + e.totals.accepted, rejected: sum.rejected + e.totals.rejected }),
      { batches: 0, accepted: 0, inserted: 0, updated: 0, duplicates: 0, rejected: 0 },
    ),
    entries,
  },
  batch: [
    {
      source: 'file',
      kind: 'users',
      completed: 2,
      failed: 1,
      read: 50,
      inserted: 40,
      updated: 2,
      unchanged: 5,
      rejected: 3,
      lastFinishedAt: '2026-11-20T00:00:00.000Z',
      lastStatus: 'failed',
      lastError: 'too many rejects',
    },
  ],
  entities: [],
});

const status: StoreStatus = {
  backend: 'duckdb',
  location: '/tmp/x.duckdb',
  schemaVersion: 5,
  entities: [
    { kind: 'orders', rows: 100, from: '2025-01-01 00:00:00', to: '2026-11-26 11:30:00' },
    { kind: 'events', rows: 10, from: '2025-01-01 00:00:00', to: '2026-11-25 11:00:00' },
    { kind: 'logs', rows: 10, from: '2025-01-01 00:00:00', to: '2026-11-20 00:00:00' },
    { kind: 'users', rows: 5, from: '2022-01-01 00:00:00', to: '2026-01-01 00:00:00' },
    { kind: 'catalog', rows: 0, from: null, to: null },
    { kind: 'weather', rows: 7, from: '2026-11-20', to: '2026-11-26' },
  ],
  lastImports: [record({ kind: 'weather', finishedAt: '2026-11-10T00:00:00.000Z' })],
};

describe('data health', () => {
  it('reads the store’s UTC times, ISO times and plain dates', () => {
    expect(parseStoreTime('2026-11-26 11:30:00')).toBe(Date.parse('2026-11-26T11:30:00Z'));
    expect(parseStoreTime('2026-11-26T11:30:00.000Z')).toBe(Date.parse('2026-11-26T11:30:00Z'));
    expect(parseStoreTime('2026-11-26')).toBe(Date.parse('2026-11-26T00:00:00Z'));
    expect(parseStoreTime(null)).toBeNull();
    expect(parseStoreTime('soon')).toBeNull();
  });

  it('writes ages in the largest sensible unit', () => {
    expect(formatAge(12, en, t)).toBe('12 s');
    expect(formatAge(600, en, t)).toBe('10 min');
    expect(formatAge(5 * 3600, en, t)).toBe('5 h');
    expect(formatAge(3 * 86400, en, t)).toBe('3 d');
    expect(formatAge(null, en, t)).toBe('never');
  });

  it('judges continuous entities by their newest record and reference ones by their last ingestion', () => {
    const health = entityHealth(status, stats(), Date.parse(NOW), 'en');
    expect(health.map((h) => [h.kind, h.freshness, h.basis])).toEqual([
      ['orders', 'fresh', 'records'],
      ['events', 'late', 'records'],
      ['logs', 'stale', 'records'],
      // Users were imported 6 days ago (the failed run of the summary still counts its completed ones).
      ['users', 'late', 'ingestion'],
      ['catalog', 'empty', 'ingestion'],
      ['weather', 'stale', 'ingestion'],
    ]);
    const orders = health[0]!;
    expect(orders.newestAge).toBe(1800);
    // The streamed batch is the latest ingestion of orders.
    expect(orders.lastIngestAt).toBe('2026-11-26T11:59:00.000Z');
    expect(health.find((h) => h.kind === 'weather')!.newestAge).toBeNull();
  });

  it('puts streaming counters and summed batch imports side by side', () => {
    const rows = sourceRows(stats(), 'en', t);
    expect(rows.map((r) => [r.source, r.entity, r.mode, r.runs, r.accepted, r.duplicates, r.rejected, r.lagP95, r.status])).toEqual([
      ['http:web', 'Orders', 'Stream', 3, 10, 2, 2, 4, ''],
      ['file', 'Users', 'Batch', 3, 47, 5, 3, null, 'failed: too many rejects'],
    ]);
    expect(rows[0]!.rejectRate).toBeCloseTo(2 / 12);
  });

  it('merges streaming and batch reject reasons, newest first, file names without their directories', () => {
    const rows = rejectRows(
      stats(),
      [
        {
          importId: 'i9',
          source: 'file',
          kind: 'users',
          finishedAt: '2026-11-26T11:58:30.000Z',
          file: '/srv/in/users.csv',
          line: 7,
          field: 'gender',
          reason: 'unknown value',
        },
      ],
      'en',
    );
    expect(rows.map((r) => [r.source, r.file, r.line, r.field, r.reason])).toEqual([
      ['http:web', '', 2, 'amount', 'not a number'],
      ['file', 'users.csv', 7, 'gender', 'unknown value'],
      ['http:web', '', 5, '', 'required field is empty'],
    ]);
  });

  it('measures the streaming rate between refreshes and starts over when the server restarts', () => {
    const first = toRateSample(stats([streamEntry()], '2026-11-26T12:00:00.000Z'));
    const later = toRateSample(
      stats(
        [streamEntry({ totals: { batches: 5, accepted: 40, inserted: 0, updated: 0, duplicates: 0, rejected: 2 } })],
        '2026-11-26T12:00:30.000Z',
      ),
    );
    let history = addRateSample([], first);
    history = addRateSample(history, first);
    expect(history).toHaveLength(1);
    history = addRateSample(history, later);
    const chart = buildRateChart(history, en, 'Asia/Shanghai', 'en', t)!;
    // 30 more records in half a minute.
    expect(chart.table.rows).toEqual([{ time: '2026-11-26T12:00:30.000Z', orders: 60 }]);
    const restarted = { ...later, atMs: later.atMs + 10_000, since: '2026-11-26T12:00:35.000Z' };
    expect(addRateSample(history, restarted)).toEqual([restarted]);
    expect(buildRateChart([first], en, 'Asia/Shanghai', 'en', t)).toBeNull();
    expect(averageRate(stats())).toBeCloseTo(12 / 60);
  });

  it('checks that every import’s read rows add up and measures its throughput', () => {
    const rows = importRows(
      [
        record({}),
        record({ id: 'i2', read: 101 }),
        record({ id: 'i3', status: 'failed', inserted: 0, updated: 0, unchanged: 0, error: 'boom' }),
      ],
      'en',
      t,
    );
    expect(rows.map((r) => [r.balanced, r.files, r.duration, r.throughput])).toEqual([
      ['✓ adds up', 'orders.csv', 30, 200],
      ['✗ does not add up', 'orders.csv', 30, 202],
      ['—', 'orders.csv', 30, 200],
    ]);
    expect(rows[2]).toMatchObject({ status: 'failed', error: 'boom' });
  });
});

describe('data health wording', () => {
  it('writes an entity’s range as days in the business zone', () => {
    // 20:30 UTC is already the next day in Shanghai.
    expect(formatDayIn('2026-11-25 20:30:00', en, 'en', 'Asia/Shanghai')).toBe('Nov 26, 2026');
    expect(formatDayIn('2026-11-25', en, 'en', 'Asia/Shanghai')).toBe('Nov 25, 2026');
    expect(formatDayIn(null, en, 'en', 'Asia/Shanghai')).toBe('—');
  });

  it('writes streaming lag in milliseconds when small and as an age when large', () => {
    const table = sourceTable(
      sourceRows(stats([streamEntry({ lag: { samples: 1, p50Ms: 250, p95Ms: 46_140_000, maxMs: 46_140_000 } })]), 'en', t),
      en,
      'UTC',
      t,
    );
    const row = table.rows[0]!;
    const cell = (key: string) => table.columns.find((c) => c.key === key)!.format!((row as unknown as Record<string, unknown>)[key], row);
    expect(cell('lagP50')).toBe('250 ms');
    expect(cell('lagP95')).toBe('13 h');
  });
});
