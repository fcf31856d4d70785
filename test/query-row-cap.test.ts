/**
 * The cap on the rows one metrics answer holds (100,000): a query that would give more is refused with
 * a 400 naming `by` and saying how to narrow it, locally and through a running server, before a row of
 * the answer is built — and the server stays responsive. On a store of 100,001 log records, one a minute,
 * imported with the real `flowsight import`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-row-cap-'));
const db = join(dir, 'cap.duckdb');
const MINUTES = 100_001;
const START = Date.UTC(2026, 0, 1);
const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

beforeAll(async () => {
  const lines = ['log_id,log_type,level,message,logged_at,source'];
  for (let i = 0; i < MINUTES; i++) lines.push(`L${i},api_request,INFO,ok,${naive(START + i * 60_000)},api`);
  const file = join(dir, 'logs.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const imported = await runCli(['import', 'logs', file, '--db', db, '--no-progress', '--rejects', join(dir, 'rejects.ndjson')], {
    timeoutMs: 120_000,
  });
  expect(imported.code, imported.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REFUSAL = 'the answer would hold more than 100,000 rows';

describe('the row cap of a metrics answer', () => {
  it('refuses a query the cap cannot hold on the command line, and answers it narrowed', async () => {
    const refused = await runCli(['query', '--db', db, '--metric', 'log_count', '--by', 'minute', '--format', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`--by: ${REFUSAL}`);
    expect(refused.stderr).toContain('a shorter period (from, to)');
    const narrowed = await runCli([
      'query',
      '--db',
      db,
      '--metric',
      'log_count',
      '--by',
      'minute',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-02',
      '--json',
    ]);
    expect(narrowed.code).toBe(0);
    expect((JSON.parse(narrowed.stdout) as { rows: unknown[] }).rows).toHaveLength(2 * 1440);
  });

  it('answers 400 naming by through a running server, and keeps answering health checks', async () => {
    const server = await startServe(['--db', db, '--no-demo']);
    try {
      const api = `${server.url}/api/v1`;
      const response = await fetch(`${api}/query?metric=log_count&by=minute`);
      const body = (await response.json()) as { error: { code: string; message: string; details: { field: string } } };
      expect({ status: response.status, code: body.error.code, field: body.error.details.field }).toEqual({
        status: 400,
        code: 'invalid_query',
        field: 'by',
      });
      expect(body.error.message).toContain(REFUSAL);
      // With a comparison too: neither period may hold more.
      const compared = await fetch(`${api}/query?metric=log_count&by=minute&from=2026-01-01&to=2026-03-31&compare=previous`);
      expect(compared.status).toBe(400);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      // The top rows of the same split are an answer.
      const top = await fetch(`${api}/query?metric=log_count&by=minute&order=minute:desc&limit=3`);
      expect(top.status).toBe(200);
      expect(((await top.json()) as { rows: { minute: string }[] }).rows.map((r) => r.minute)).toEqual([
        naive(START + (MINUTES - 1) * 60_000).slice(0, 16),
        naive(START + (MINUTES - 2) * 60_000).slice(0, 16),
        naive(START + (MINUTES - 3) * 60_000).slice(0, 16),
      ]);
      // The command line gets the same refusal through the server.
      const remote = await runCli(['query', '--db', db, '--metric', 'log_count', '--by', 'minute']);
      expect(remote.code).toBe(2);
      expect(remote.stderr).toContain(`--by: ${REFUSAL}`);
    } finally {
      await stop(server.child);
    }
  }, 120_000);
});
