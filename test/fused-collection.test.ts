/**
 * Fused collection (融合采集): stream now, reconcile with the batch dump later. Part of a generated data
 * set is sent over HTTP — some records dropped, some sent twice, in random order of requests — then the
 * full dump is imported; every metric must equal importing the dump alone, and the stored records
 * must be identical.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../src/analysis/metrics/metrics.ts';
import { parseMetricQuery } from '../src/analysis/metrics/metric-query.ts';
import { createRng } from '../src/demo/create-rng.ts';
import { generateDemoData } from '../src/demo/generate-demo-data.ts';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { queryMetrics } from '../src/query/query-metrics.ts';
import { createApp } from '../src/server/app.ts';
import { ingestEndpoint } from '../src/server/routes/ingest.ts';
import { startServer } from '../src/server/start-server.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createIngestServices } from '../src/server/ingest-services.ts';
import { generateApiKey } from '../src/server/auth/api-keys.ts';

const TZ = 'Asia/Shanghai';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-fused-'));
const KINDS = ['catalog', 'weather', 'users', 'orders', 'events', 'logs'] as const;
const STREAMED = ['users', 'orders', 'events', 'logs'] as const;

beforeAll(async () => {
  await generateDemoData({ outDir: dir, users: 300, days: 45, endDate: '2026-06-30', seed: 5, format: 'ndjson' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importDump(store: Store): Promise<void> {
  for (const kind of KINDS) {
    const outcome = await importFiles({
      store,
      kind,
      files: [join(dir, `${kind}.ndjson`)],
      zone: zoneResolver(TZ),
      rejectsPath: join(dir, `rejects-${kind}-${Math.random()}.ndjson`),
      maxRejectRate: 0,
      source: 'file',
    });
    expect(outcome.ok, kind).toBe(true);
  }
}

describe('fused collection', () => {
  let fused: Store;
  let dumpOnly: Store;

  beforeAll(async () => {
    fused = await openDuckDbStore({ path: join(dir, 'fused.duckdb'), timeZone: TZ });
    dumpOnly = await openDuckDbStore({ path: join(dir, 'dump.duckdb'), timeZone: TZ });
  });
  afterAll(async () => {
    await fused?.close();
    await dumpOnly?.close();
  });

  it('counts nothing twice when the dump arrives after the stream', async () => {
    const { key, record } = generateApiKey('ingest', 'fused-test');
    await fused.createApiKey(record);
    const services = await createIngestServices({ store: fused, logDir: join(dir, 'fused.ingest') });
    const app = createApp({ store: fused, timeZone: TZ, rejectsDir: dir, version: 'test', ingest: services.ingest });
    const server = await startServer(app, '127.0.0.1', 0, { front: ingestEndpoint({ ingest: services.ingest, timeZone: TZ }) });
    const rng = createRng(99);
    let sent = 0;
    for (const kind of STREAMED) {
      const lines = readFileSync(join(dir, `${kind}.ndjson`), 'utf8')
        .split('\n')
        .filter(Boolean);
      // 70% of the records are streamed; a tenth of those are sent again in a later request.
      const chosen = lines.filter(() => rng.next() < 0.7);
      const again = chosen.filter(() => rng.next() < 0.1);
      const requests: string[][] = [];
      const all = [...chosen, ...again];
      for (let i = 0; i < all.length; i += 250) requests.push(all.slice(i, i + 250));
      // Requests run concurrently, a few at a time, as clients would send them.
      for (let i = 0; i < requests.length; i += 4) {
        const responses = await Promise.all(
          requests.slice(i, i + 4).map((body) =>
            fetch(`${server.url}/api/v1/ingest/${kind}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
              body: body.join('\n'),
            }),
          ),
        );
        for (const response of responses) {
          expect(response.status, await response.clone().text()).toBe(200);
          const result = (await response.json()) as { accepted: number; rejected: number };
          expect(result.rejected).toBe(0);
          sent += result.accepted;
        }
      }
    }
    await server.close();
    await services.close();
    expect(sent).toBeGreaterThan(1000);
    // The stream is visible before the dump arrives.
    expect(await fused.count('orders')).toBeGreaterThan(0);

    await importDump(fused);
    await importDump(dumpOnly);

    for (const kind of KINDS) expect(await fused.count(kind), kind).toBe(await dumpOnly.count(kind));
    const byKey = async (store: Store, kind: 'orders' | 'events' | 'users') => store.listRecords(kind, { limit: 1_000_000 });
    for (const kind of ['orders', 'users', 'events'] as const) expect(await byKey(fused, kind), kind).toEqual(await byKey(dumpOnly, kind));

    for (const by of [['day'], ['province', 'channel'], ['log_level']] as const) {
      const metrics = METRIC_NAMES.filter((m) =>
        by[0] === 'log_level'
          ? m === 'log_count' || m === 'error_rate'
          : !['log_count', 'error_rate', 'new_users'].includes(m) || by[0] === 'day',
      );
      const query = parseMetricQuery({ metric: metrics.join(','), by: [...by], from: '2026-05-16', to: '2026-06-30' });
      const [a, b] = [await queryMetrics(fused, query, {}, { timeZone: TZ }), await queryMetrics(dumpOnly, query, {}, { timeZone: TZ })];
      expect(a.rows, by.join(',')).toEqual(b.rows);
    }
  });
});
