/**
 * Slips an operator makes at the command line — a mistyped --db, a data file given as the store, a
 * directory for a file, a missing argument — each end in one clear line and the documented exit status
 * (1 refused, 2 bad usage), never a stack trace and never a store created or a file touched by mistake.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-cli-guards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORDERS = 'order_id,user_id,created_at,amount,status\nA1,U1,2025-06-01 10:00:00,100,completed\n';
/** No stack frame, no Node internals: what a user sees is the message. */
const NO_STACK = /\n\s+at |node:internal|triggerUncaughtException/;

describe('the store a command opens', () => {
  it('is never created by a read-only command on a mistyped --db', async () => {
    const missing = join(dir, 'typo', 'flowsight.duckdb');
    for (const args of [['status'], ['sql', 'SELECT 1'], ['profiles', 'show', 'U1']]) {
      const result = await runCli([...args, '--db', missing]);
      expect(result.code, args[0]).toBe(1);
      expect(result.stderr, args[0]).toContain(`no store at ${missing}`);
      expect(result.stderr, args[0]).not.toMatch(NO_STACK);
    }
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('refuses a data file given as --db, and leaves that file as it was', async () => {
    const input = join(dir, 'orders.csv');
    const swapped = join(dir, 'other.csv');
    writeFileSync(input, ORDERS);
    writeFileSync(swapped, ORDERS);
    const result = await runCli(['import', 'orders', input, '--db', swapped]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${swapped} is not a Flowsight store (not a DuckDB database file)`);
    expect(readFileSync(swapped, 'utf8')).toBe(ORDERS);
  });

  it('refuses a file of other bytes or a directory as --db with a message, not a stack', async () => {
    const junk = join(dir, 'junk.duckdb');
    writeFileSync(junk, Buffer.from('this is not a database, only some bytes that look nothing like one'));
    const onJunk = await runCli(['status', '--db', junk]);
    expect(onJunk.code).toBe(1);
    expect(onJunk.stderr).toContain(`${junk} is not a Flowsight store`);
    expect(onJunk.stderr).not.toMatch(NO_STACK);
    const onDirectory = await runCli(['status', '--db', dir]);
    expect(onDirectory.code).toBe(1);
    expect(onDirectory.stderr).toContain(`${dir} is not a Flowsight store (it is not a file)`);
  });

  it('is created by an import, which later read-only commands then open', async () => {
    const db = join(dir, 'new', 'store.duckdb');
    const input = join(dir, 'first.csv');
    writeFileSync(input, ORDERS);
    expect((await runCli(['import', 'orders', input, '--db', db])).code).toBe(0);
    const status = await runCli(['status', '--db', db, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      entities: expect.arrayContaining([expect.objectContaining({ kind: 'orders', rows: 1 })]),
    });
  });
});

describe('output', () => {
  it('ends quietly when a pipe reader stops early', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./support/run-cli.ts');
    const child = spawn(process.execPath, [CLI, 'query', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.destroy(); // the reader went away before the first byte
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(NO_STACK);
    expect(code).toBe(0);
  });
});

describe('bad usage', () => {
  it('exits 2 with the error and a one-line hint, not the whole help', async () => {
    for (const args of [['import', 'orders'], ['imprt'], ['status', '--bogus'], ['import', 'orders', 'x.csv', '--format', 'xlsx']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^error: /);
      expect(result.stderr, args.join(' ')).toContain('(add --help for usage)');
      expect(result.stderr, args.join(' ')).not.toContain('Options:');
    }
  });

  it('names a missing --mapping file and a --rejects directory, with status 2 and nothing written', async () => {
    const db = join(dir, 'usage.duckdb');
    const input = join(dir, 'usage.csv');
    writeFileSync(input, ORDERS);
    const mapping = await runCli(['import', 'orders', input, '--db', db, '--mapping', join(dir, 'nomap.json')]);
    expect(mapping.code).toBe(2);
    expect(mapping.stderr).toContain(`--mapping ${join(dir, 'nomap.json')}: no such file`);
    const rejectsDir = join(dir, 'rejects-here');
    mkdirSync(rejectsDir);
    const rejects = await runCli(['import', 'orders', input, '--db', db, '--rejects', rejectsDir]);
    expect(rejects.code).toBe(2);
    expect(rejects.stderr).toContain(`--rejects ${rejectsDir}: is a directory`);
    expect(existsSync(db)).toBe(false);
  });

  it('says gen cannot write into a path that is a file', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const result = await runCli(['gen', '--out', file, '--users', '10', '--days', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write to ${file}`);
    expect(result.stderr).not.toMatch(NO_STACK);
  });
});
