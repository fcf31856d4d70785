/**
 * The running server (`flowsight serve`, a real child process with the ingest endpoint in front of the
 * app and the dashboard behind it): a known path asked with another method answers 405 with `Allow`,
 * and the times the status endpoints show are ISO instants with `Z`, in the API and in `status --json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-api-routing-'));
let db: string;
let server: Awaited<ReturnType<typeof startServe>>;
/** Each entity's first and last business time, read from the store before the server holds it. */
const ranges = new Map<string, { from: string | null; to: string | null }>();

const COLUMNS = { users: 'registered_at', orders: 'created_at', events: 'occurred_at', logs: 'logged_at', weather: 'date' } as const;

beforeAll(async () => {
  db = await createDemoStore(dir, 'routing', { users: 80, days: 20, seed: 3 });
  const store = await openDuckDbStore({ path: db, timeZone: 'Asia/Shanghai' });
  try {
    for (const [kind, column] of Object.entries(COLUMNS)) {
      const [row] = await store.runQuery({ sql: `SELECT min(${column}) AS f, max(${column}) AS t FROM ${kind}`, params: [] });
      ranges.set(kind, { from: row?.f == null ? null : String(row.f), to: row?.t == null ? null : String(row.t) });
    }
  } finally {
    await store.close();
  }
  server = await startServe(['--db', db, '--no-demo']);
});
afterAll(async () => {
  if (server) await stop(server.child);
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string): Promise<{ status: number; allow: string | null; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, { method });
  const text = await response.text();
  return { status: response.status, allow: response.headers.get('allow'), body: text ? (JSON.parse(text) as unknown) : null };
}

describe('methods', () => {
  it('answers 405 with the allowed methods when the path exists with others', async () => {
    const cases: [method: string, path: string, allow: string][] = [
      ['GET', '/api/v1/ingest/orders', 'POST'],
      ['PUT', '/api/v1/ingest/events', 'POST'],
      ['POST', '/api/v1/flow/forecast', 'GET, HEAD'],
      ['OPTIONS', '/api/v1/query', 'GET, HEAD, POST'],
      ['DELETE', '/healthz', 'GET, HEAD'],
      ['PATCH', '/api/v1/segments/regulars', 'DELETE, GET, HEAD, PUT'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await call(method, path);
      expect({ method, path, status: answer.status, allow: answer.allow }).toEqual({ method, path, status: 405, allow });
      expect(answer.body).toEqual({
        error: { code: 'method_not_allowed', message: `${method} is not allowed on ${path}; it takes ${allow}` },
      });
    }
  });

  it('still answers 404 for paths that do not exist, and routes the methods that do', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/ingest/visitors'],
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/nothing-here'],
    ] as const) {
      const answer = await call(method, path);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
      expect(answer.body).toMatchObject({ error: { code: 'not_found' } });
    }
    expect((await call('GET', '/api/v1/ingest/stats')).status).toBe(200);
    expect((await call('HEAD', '/api/v1/status')).status).toBe(200);
    // The ingest endpoint itself still takes POSTs (and wants a key).
    expect((await call('POST', '/api/v1/ingest/orders')).status).toBe(401);
  });
});

describe('times in the status answers', () => {
  const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  type Entity = { kind: string; from: string | null; to?: string | null; newest?: string | null };

  /** The stored ranges as the API states them: instants as ISO UTC with Z, weather's days as days. */
  function expectRanges(entities: readonly Entity[], last: 'to' | 'newest') {
    for (const [kind, range] of ranges) {
      const entity = entities.find((e) => e.kind === kind)!;
      expect({ kind, from: entity.from, to: entity[last] }).toEqual({ kind, ...range });
      if (kind !== 'weather') expect(entity.from).toMatch(INSTANT);
    }
    expect(ranges.get('weather')!.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ranges.get('orders')!.to).toMatch(INSTANT);
  }

  it('gives each entity its first and newest business time as an ISO instant with Z in /status and /ingest/stats', async () => {
    const status = (await call('GET', '/api/v1/status')).body as { entities: Entity[] };
    expectRanges(status.entities, 'to');
    const stats = (await call('GET', '/api/v1/ingest/stats')).body as { entities: Entity[] };
    expectRanges(stats.entities, 'newest');
  });

  it('prints the same in `flowsight status --json` through the running server', async () => {
    const result = await runCli(['status', '--json', '--db', db]);
    expect(result.code).toBe(0);
    expectRanges((JSON.parse(result.stdout) as { entities: Entity[] }).entities, 'to');
  });
});
