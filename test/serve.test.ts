/**
 * `flowsight serve` as `npm start` runs it: a real child process on a free loopback port, a real
 * DuckDB file; and the CLI working through the running server while it holds the database.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flowsight serve', () => {
  const db = join(dir, 'serve.duckdb');
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    server = await startServe(['--db', db, '--no-demo']);
  });
  afterAll(async () => {
    if (server) await stop(server.child);
  });

  it('answers /healthz and serves its OpenAPI document', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', backend: 'duckdb' });
    const openapi = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/healthz', '/api/v1/status', '/api/v1/imports']));
  });

  it('answers errors in the one JSON shape', async () => {
    const missing = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/v1/nothing-here' } });
    const bad = await fetch(`${server.url}/api/v1/status?imports=-1`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_parameter');
    const unauthorized = await fetch(`${server.url}/api/v1/imports`, { method: 'POST', body: '{}' });
    expect(unauthorized.status).toBe(401);
  });

  it('lets flowsight import and status work through the running server with the same output', async () => {
    mkdirSync(join(dir, 'in'), { recursive: true });
    const file = join(dir, 'in', 'orders.csv');
    writeFileSync(
      file,
      'order_id,user_id,created_at,amount,status\nS1,U1,2024-01-05 13:04:05,10,completed\nS2,U1,2024-01-05 13:04:05,oops,completed\n',
    );
    const result = await runCli(['import', 'orders', file, '--db', db, '--json', '--max-reject-rate', '60%']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, read: 2, inserted: 1, rejected: 1 });
    const again = await runCli(['import', 'orders', file, '--db', db, '--json', '--max-reject-rate', '60%']);
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 2, inserted: 0, unchanged: 1, rejected: 1 });
    const refused = await runCli(['import', 'orders', file, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 of 2 rows rejected');
    const status = await runCli(['status', '--db', db, '--json']);
    expect(status.code).toBe(0);
    expect(
      (JSON.parse(status.stdout) as { entities: { kind: string; rows: number }[] }).entities.find((e) => e.kind === 'orders')?.rows,
    ).toBe(1);
  });

  it('refuses a port in use in one line and exits, holding nothing', async () => {
    const port = new URL(server.url).port;
    const other = join(dir, 'busy-port.duckdb');
    const busy = await runCli(['serve', '--db', other, '--no-demo', '--no-dashboard', '--port', port], { timeoutMs: 30_000 });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`flowsight: port ${port} on 127.0.0.1 is in use; choose another with --port`);
    // The store it opened is free again.
    expect((await runCli(['status', '--db', other])).code).toBe(0);
  });

  it('stops on SIGTERM and withdraws its advertisement', async () => {
    const other = join(dir, 'other.duckdb');
    const second = await startServe(['--db', other, '--no-demo']);
    expect(existsSync(`${other}.server.json`)).toBe(true);
    expect(await stop(second.child)).toBe(0);
    expect(existsSync(`${other}.server.json`)).toBe(false);
  });
});

describe('first start', () => {
  it('seeds demo data into an empty store once, and not again', async () => {
    const db = join(dir, 'demo.duckdb');
    const first = await startServe(['--db', db]);
    const status = (await (await fetch(`${first.url}/api/v1/status`)).json()) as {
      entities: { kind: string; rows: number }[];
      lastImports: { source: string }[];
    };
    for (const entity of status.entities) expect(entity.rows, entity.kind).toBeGreaterThan(0);
    expect(status.lastImports.every((i) => i.source === 'demo')).toBe(true);
    await stop(first.child);
    const second = await startServe(['--db', db]);
    expect(second.output()).not.toContain('seeding demo data');
    await stop(second.child);
  }, 120_000);
});
