/** GET /api/v1/ingest/rejects against a real DuckDB store and real batch imports with bad rows. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { parseRejectLines, type ImportReject } from '../src/query/import-rejects.ts';
import { respondWithError } from '../src/server/api-error.ts';
import { importRejectsRoutes } from '../src/server/routes/import-rejects.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-import-rejects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const HEADER = 'order_id,user_id,created_at,amount,status';

async function importCsv(store: Store, name: string, lines: readonly string[], rejectsPath = join(dir, `${name}.rejects.ndjson`)) {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${HEADER}\n${lines.join('\n')}\n`);
  const outcome = await importFiles({
    store,
    kind: 'orders',
    files: [path],
    zone: zoneResolver('Asia/Shanghai'),
    rejectsPath,
    maxRejectRate: 1,
  });
  expect(outcome.ok).toBe(true);
  return path;
}

describe('GET /api/v1/ingest/rejects', () => {
  let store: Store;
  let app: Hono;

  beforeEach(async () => {
    store = await openDuckDbStore({ path: join(dir, `rejects-${++n}.duckdb`), threads: 2 });
    app = new Hono().route('/api/v1', importRejectsRoutes({ store }));
    app.onError((error, c) => respondWithError(error, c));
  });
  afterEach(async () => {
    await store.close();
  });

  it('names the file, line, field and reason of each rejected row, newest import first, without the raw value', async () => {
    const first = await importCsv(store, `first-${n}`, [
      'o1,u1,2026-06-01 10:00:00,88.50,completed',
      'o2,u1,2026-06-01 10:05:00,abc,completed',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await importCsv(store, `second-${n}`, [
      'o3,u2,2026-06-02 10:00:00,12,completed',
      'o4,u2,2026-06-02 11:00:00,15,teleported',
      'o5,,2026-06-02 12:00:00,15,completed',
    ]);
    // An import without rejects has no rejects file and adds nothing.
    await importCsv(store, `clean-${n}`, ['o6,u3,2026-06-03 10:00:00,20,completed']);

    const response = await app.request('/api/v1/ingest/rejects');
    expect(response.status).toBe(200);
    const { rejects } = (await response.json()) as { rejects: ImportReject[] };
    expect(rejects.map((r) => ({ file: r.file, line: r.line, field: r.field, kind: r.kind, source: r.source }))).toEqual([
      { file: second, line: 3, field: 'status', kind: 'orders', source: 'file' },
      { file: second, line: 4, field: 'user_id', kind: 'orders', source: 'file' },
      { file: first, line: 3, field: 'amount', kind: 'orders', source: 'file' },
    ]);
    expect(rejects[0]!.reason).toMatch(/unknown value/);
    expect(rejects[1]!.reason).toBe('required field is empty');
    expect(JSON.stringify(rejects)).not.toContain('teleported');
    const imports = (await store.status({ lastImports: 10 })).lastImports;
    expect(rejects[0]!.importId).toBe(imports.find((record) => record.files[0] === second)!.id);
    expect(Date.parse(rejects[0]!.finishedAt)).toBeGreaterThan(Date.parse(rejects[2]!.finishedAt));
  });

  it('keeps to the limit, skips rejects files that are gone and refuses a bad limit', async () => {
    const rejectsPath = join(dir, `gone-${n}.ndjson`);
    await importCsv(store, `gone-${n}`, ['o1,u1,2026-06-01 10:00:00,x,completed'], rejectsPath);
    await importCsv(store, `kept-${n}`, ['o2,u1,2026-06-01 10:00:00,y,completed', 'o3,u1,2026-06-01 10:00:00,z,completed']);
    rmSync(rejectsPath);
    const all = (await (await app.request('/api/v1/ingest/rejects')).json()) as { rejects: ImportReject[] };
    expect(all.rejects.map((r) => r.line)).toEqual([2, 3]);
    const one = (await (await app.request('/api/v1/ingest/rejects?limit=1')).json()) as { rejects: ImportReject[] };
    expect(one.rejects).toHaveLength(1);
    const bad = await app.request('/api/v1/ingest/rejects?limit=0');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_parameter');
  });

  it('skips lines of a rejects file that are not reject records, such as one cut short', () => {
    const text = [
      JSON.stringify({ kind: 'orders', file: '/a.csv', line: 2, field: 'amount', value: '-1', reason: 'below minimum 0' }),
      'not json',
      JSON.stringify({ something: 'else' }),
      '{"kind":"orders","file":"/a.csv","li',
    ].join('\n');
    expect(parseRejectLines(text, 10)).toEqual([{ file: '/a.csv', line: 2, field: 'amount', reason: 'below minimum 0' }]);
  });
});
