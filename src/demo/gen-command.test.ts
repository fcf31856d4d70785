import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli/cli-error.ts';
import { genCommand, type GenIo } from '../cli/commands/gen.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'flowsight-gen-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function capture(isTTY: boolean): GenIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text), isTTY },
    now: () => new Date('2025-03-01T04:00:00Z'),
  };
}

async function run(io: GenIo, args: string[]): Promise<void> {
  const command = genCommand(io).exitOverride();
  await command.parseAsync(args, { from: 'user' });
}

describe('flowsight gen', () => {
  it('prints a JSON summary with --json and ends the data yesterday in Shanghai by default', async () => {
    const io = capture(false);
    await run(io, ['--out', join(root, 'json'), '--users', '150', '--days', '20', '--seed', '3', '--json']);
    const summary = JSON.parse(io.out.join(''));
    expect(summary).toMatchObject({ users: 150, days: 20, seed: 3, format: 'csv', endDate: '2025-02-28', startDate: '2025-02-09' });
    expect(summary.rows.orders).toBeGreaterThan(0);
    expect(summary.distinctOrders).toBeGreaterThan(0);
    expect(io.err.every((line) => line.startsWith('gen: ') && line.endsWith('\n'))).toBe(true);
    expect(io.err.join('')).toMatch(/rows\/s/);
    expect(JSON.parse(await readFile(join(root, 'json', 'truth.json'), 'utf8')).options.users).toBe(150);
  });

  it('draws a progress bar on a terminal and prints a plain summary', async () => {
    const io = capture(true);
    await run(io, ['--out', join(root, 'tty'), '--users', '100', '--days', '10', '--end-date', '2024-10-07', '--format', 'ndjson']);
    const progress = io.err.join('');
    const clearLine = '\r\u001b[2K';
    expect(progress.startsWith(clearLine)).toBe(true);
    expect(progress.replaceAll(clearLine, '\n')).toMatch(/\n\[[#-]+\] +\d+% /);
    expect(progress).toMatch(/rows · [\d,]+ rows\/s/);
    const text = io.out.join('');
    expect(text).toMatch(/Generated 2024-09-28 … 2024-10-07 \(10 days, 100 users, seed 42\)/);
    expect(text).toMatch(/orders\.ndjson/);
  });

  it('rejects bad flag values with a clear message and exit code 2', async () => {
    const io = capture(false);
    const cases: [string[], RegExp][] = [
      [['--users', 'many'], /--users must be a whole number/],
      [['--days', '0'], /--days must be at least 1/],
      [['--end-date', '2024-02-30'], /--end-date must be a real date/],
      [['--format', 'xml'], /--format must be one of csv, ndjson, parquet/],
      [['--seed', '-1'], /--seed must be a whole number/],
    ];
    for (const [flags, message] of cases) {
      const error = await run(io, ['--out', join(root, 'bad'), ...flags]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).message).toMatch(message);
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('documents the size relation between users, days and orders in --help', () => {
    const command = genCommand(capture(false));
    let text = '';
    command.configureOutput({ writeOut: (s) => (text += s) });
    command.outputHelp();
    expect(text).toMatch(/--users <n>/);
    expect(text).toMatch(/orders ≈ users × days \/ 73/);
    expect(text).toMatch(/1,000,000 × 730 ≈ 10\.0 million/);
  });
});
