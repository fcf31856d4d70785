/**
 * One meaning whatever the format: the same generated data set written as CSV, NDJSON and Parquet
 * imports into exactly the same stored records, entity by entity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENTITIES, ENTITY_KINDS } from '../src/domain/entities.ts';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { generateDemoData } from '../src/demo/generate-demo-data.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importAll(format: 'csv' | 'ndjson' | 'parquet'): Promise<Record<string, unknown[]>> {
  const data = join(dir, format);
  await generateDemoData({ outDir: data, users: 150, days: 45, endDate: '2025-10-08', seed: 11, format, workers: 0 });
  const store = await openDuckDbStore({ path: join(dir, `${format}.duckdb`) });
  const stored: Record<string, unknown[]> = {};
  try {
    for (const kind of ENTITY_KINDS) {
      const outcome = await importFiles({ store, kind, files: [join(data, `${kind}.${format}`)], zone: zoneResolver('Asia/Shanghai'), rejectsPath: join(dir, `${format}-${kind}.ndjson`), maxRejectRate: 0 });
      expect(outcome.ok, `${format} ${kind}`).toBe(true);
      stored[kind] = await store.listRecords(kind, { limit: 1_000_000 });
      expect(stored[kind]!.length, `${format} ${kind}`).toBeGreaterThan(0);
    }
  } finally {
    await store.close();
  }
  return stored;
}

describe('the same data in every format', () => {
  it('stores identical records from CSV, NDJSON and Parquet', async () => {
    const csv = await importAll('csv');
    const ndjson = await importAll('ndjson');
    const parquet = await importAll('parquet');
    for (const kind of ENTITY_KINDS) {
      expect(ndjson[kind], `${kind}: NDJSON vs CSV`).toEqual(csv[kind]);
      expect(parquet[kind], `${kind}: Parquet vs CSV`).toEqual(csv[kind]);
    }
    // Stored times are UTC instants, whichever way the file wrote them.
    const first = csv.orders![0] as Record<string, string>;
    expect(first.created_at).toMatch(/Z$/);
    expect(Object.keys(first)).toEqual(ENTITIES.orders.fields.map((f) => f.name));
  }, 120_000);
});
