/** GET /api/v1/ingest/stats against a real DuckDB store: stream counters, import-log runs, entities. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngestStats, type IngestStats } from '../src/ingest/stream/ingest-stats.ts';
import { ingestStatsRoutes, summariseImports, type BatchIngestSummary } from '../src/server/routes/ingest-stats.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { ImportRecord, Store } from '../src/store/store.ts';
import { commitRows } from './store/store-contract.ts';
import { at, canonicalRow } from './support/canonical-row.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-ingest-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const order = (id: string, status: string) =>
  canonicalRow('orders', { order_id: id, user_id: 'u1', created_at: at('2024-01-05T05:04:05Z'), amount: 10, status });

interface StatsBody {
  stream: ReturnType<IngestStats['snapshot']>;
  batch: BatchIngestSummary[];
  entities: { kind: string; rows: number; from: string | null; newest: string | null }[];
}

describe('GET /api/v1/ingest/stats', () => {
  let store: Store;
  let stats: IngestStats;
  let app: Hono;

  beforeEach(async () => {
    store = await openDuckDbStore({ path: join(dir, `stats-${++n}.duckdb`), threads: 2 });
    stats = createIngestStats({ now: () => new Date('2024-01-05T05:05:00Z') });
    app = new Hono().route('/api/v1', ingestStatsRoutes({ store, stats }));
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports streaming counters, batch runs per source and entity, and entity freshness', async () => {
    stats.record({
      source: 'http',
      kind: 'orders',
      accepted: 2,
      inserted: 1,
      updated: 0,
      duplicates: 1,
      rejected: 1,
      reasons: [{ line: 3, reason: 'amount: not a number' }],
      eventTimesMs: [at('2024-01-05T05:04:05Z'), at('2024-01-05T05:04:55Z')],
      at: new Date('2024-01-05T05:05:00Z'),
    });
    await commitRows(store, 'orders', [order('o1', 'pending_payment'), order('o2', 'completed')]);
    await commitRows(store, 'orders', [order('o1', 'completed'), order('o2', 'completed')]);
    await store.recordFailedImport({
      id: 'failed-1',
      kind: 'orders',
      source: 'test',
      files: ['bad.csv'],
      startedAt: new Date(),
      finishedAt: new Date(Date.now() + 1000),
      read: 0,
      rejected: 0,
      error: 'unreadable file',
    });

    const response = await app.request('/api/v1/ingest/stats');
    expect(response.status).toBe(200);
    const body = (await response.json()) as StatsBody;

    expect(body.stream.entries).toEqual([
      expect.objectContaining({
        source: 'http',
        kind: 'orders',
        totals: { batches: 1, accepted: 2, inserted: 1, updated: 0, duplicates: 1, rejected: 1 },
        reasons: [{ at: '2024-01-05T05:05:00.000Z', line: 3, reason: 'amount: not a number' }],
        lag: { samples: 2, p50Ms: 5000, p95Ms: 55_000, maxMs: 55_000 },
      }),
    ]);
    expect(body.batch).toEqual([
      expect.objectContaining({
        source: 'test',
        kind: 'orders',
        completed: 2,
        failed: 1,
        read: 4,
        inserted: 2,
        updated: 1,
        unchanged: 1,
        rejected: 0,
        lastStatus: 'failed',
        lastError: 'unreadable file',
      }),
    ]);
    expect(body.entities.find((e) => e.kind === 'orders')).toEqual({
      kind: 'orders',
      rows: 2,
      from: expect.any(String),
      newest: expect.stringContaining('2024-01-05'),
    });
  });

  it('answers with empty lists on a new store', async () => {
    const body = (await (await app.request('/api/v1/ingest/stats')).json()) as StatsBody;
    expect(body.stream.entries).toEqual([]);
    expect(body.batch).toEqual([]);
    expect(body.entities.every((e) => e.rows === 0)).toBe(true);
  });
});

describe('summariseImports', () => {
  const run = (values: Partial<ImportRecord>): ImportRecord => ({
    id: 'x',
    kind: 'orders',
    source: 'file',
    files: [],
    startedAt: new Date(0),
    finishedAt: new Date(0),
    status: 'completed',
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    ...values,
  });

  it('takes the last run by finish time, whatever order the log lists runs in', () => {
    const [summary] = summariseImports([
      run({ finishedAt: new Date(2000), read: 5, inserted: 5 }),
      run({ finishedAt: new Date(1000), status: 'failed', error: 'boom' }),
    ]);
    expect(summary).toEqual({
      source: 'file',
      kind: 'orders',
      completed: 1,
      failed: 1,
      read: 5,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      lastFinishedAt: new Date(2000).toISOString(),
      lastStatus: 'completed',
    });
  });

  it('keeps sources and entities apart, ordered by source then entity', () => {
    const summaries = summariseImports([
      run({ source: 'http', kind: 'users' }),
      run({ source: 'demo' }),
      run({ source: 'http', kind: 'events' }),
    ]);
    expect(summaries.map((s) => `${s.source}/${s.kind}`)).toEqual(['demo/orders', 'http/events', 'http/users']);
  });
});
