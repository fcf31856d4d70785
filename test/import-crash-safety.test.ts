/**
 * Crash safety: a real `flowsight import` child process is killed with SIGKILL at several moments of an
 * import. Each time the store must hold exactly the state before the import or exactly the state after
 * it, and running the same import again must converge to the state of one uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../src/domain/entities.ts';
import { CLI, runCli } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORDERS = 150_000;
const STATUSES = ['pending_payment', 'pending_shipment', 'shipped', 'completed', 'cancelled', 'refunded'];

/** Orders with later rows carrying later states for one in ten of them, deterministic. */
function ordersFile(path: string, from: number, to: number, stateShift: number): void {
  const lines = ['order_id,user_id,created_at,paid_at,product_id,quantity,amount,shipping_address,channel,status,note'];
  for (let i = from; i < to; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const status = STATUSES[(i + stateShift) % 4]!;
    lines.push(`O${i},U${i % 9973},2024-03-${day} 10:${String(i % 60).padStart(2, '0')}:00,,P${i % 311},${1 + (i % 3)},${(i % 997) + 0.5},"浙江省杭州市西湖区, 第${i % 100}号",wechat,${status},"note ""${i}"""`);
  }
  for (let i = from; i < to; i += 10) lines.push(`O${i},U${i % 9973},2024-03-01 10:00:00,2024-03-01 10:05:00,P1,1,9.5,,app,${STATUSES[4 + (i % 2)]},late update`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function digest(db: string): Promise<string> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  const columns = ENTITIES.orders.fields.map((f) => `"${f.name}"`).join(', ');
  const result = await connection.runAndReadAll(`SELECT count(*) AS n, count(DISTINCT order_id) AS keys, coalesce(sum(hash(${columns})), 0)::VARCHAR AS h, (SELECT count(*) FROM imports WHERE status = 'completed') AS runs FROM orders`);
  const row = result.getRowObjects()[0]!;
  connection.closeSync();
  instance.closeSync();
  expect(row.n).toBe(row.keys);
  return `${row.n}/${row.h}`;
}

function copyStore(from: string, to: string): void {
  for (const suffix of ['', '.wal']) {
    rmSync(to + suffix, { force: true });
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

function importUntilKilled(db: string, file: string, afterMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'import', 'orders', file, '--db', db, '--no-progress'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('an import killed with SIGKILL', () => {
  const before = join(dir, 'before.duckdb');
  const reference = join(dir, 'reference.duckdb');
  const first = join(dir, 'first.csv');
  const second = join(dir, 'second.csv');
  let beforeDigest: string;
  let afterDigest: string;
  let uninterruptedMs: number;

  beforeAll(async () => {
    ordersFile(first, 0, ORDERS / 2, 0);
    ordersFile(second, ORDERS / 4, ORDERS, 1);
    expect((await runCli(['import', 'orders', first, '--db', before])).code).toBe(0);
    beforeDigest = await digest(before);
    copyStore(before, reference);
    const started = performance.now();
    const result = await runCli(['import', 'orders', second, '--db', reference, '--json']);
    uninterruptedMs = performance.now() - started;
    expect(result.code).toBe(0);
    afterDigest = await digest(reference);
    expect(afterDigest).not.toBe(beforeDigest);
  }, 120_000);

  it('leaves the store before or after the import at every moment, and a rerun converges', async () => {
    const seen = new Set<string>();
    for (const fraction of [0.2, 0.4, 0.55, 0.7, 0.8, 0.9, 0.97]) {
      const db = join(dir, `killed-${fraction}.duckdb`);
      copyStore(before, db);
      const code = await importUntilKilled(db, second, Math.round(uninterruptedMs * fraction));
      const state = await digest(db);
      expect([beforeDigest, afterDigest], `state after a kill at ${fraction} of the run (exit ${code})`).toContain(state);
      seen.add(state === beforeDigest ? 'before' : 'after');

      const rerun = await runCli(['import', 'orders', second, '--db', db, '--json']);
      expect(rerun.code).toBe(0);
      expect(await digest(db)).toBe(afterDigest);
      const summary = JSON.parse(rerun.stdout) as { read: number; inserted: number; updated: number; unchanged: number; rejected: number };
      expect(summary.inserted + summary.updated + summary.unchanged + summary.rejected).toBe(summary.read);
      const scratch = join(dir, `.killed-${fraction}.duckdb.tmp`);
      expect(existsSync(scratch) ? readdirSync(scratch).filter((f) => f.startsWith('stage-')) : [], 'staging files left behind').toEqual([]);
    }
    // The kills must have landed on both sides of the commit at least once to mean anything.
    expect(seen.has('before')).toBe(true);
  }, 240_000);
});
