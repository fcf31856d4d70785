/**
 * `flowsight profiles bgnbd` in-process: a transaction CSV simulated from the CDNOW estimates (with
 * timestamps, amounts and a few bad rows) through parsing, summarising, both fits and the holdout
 * comparison, in text and JSON; and the errors a user can make.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { simulateBgNbd, toSimulatedTransactions } from '../src/analysis/profiles/holdout-comparison.ts';
import { summariseTransactions } from '../src/analysis/profiles/transaction-summary.ts';
import { CliError } from '../src/cli/cli-error.ts';
import { profilesBgnbdCommand } from '../src/cli/commands/profiles-bgnbd.ts';
import { runCli } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-bgnbd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };
const simulated = toSimulatedTransactions(
  simulateBgNbd(CDNOW, { customers: 3_000, calibrationWeeks: 39, holdoutWeeks: 39, seed: 7, spend: SPEND }),
  '1997-01-01',
);

function write(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The simulated purchases as `customer_id,date,amount` with timestamps, plus three bad rows at lines 2–4. */
const withAmounts = write('transactions.csv', [
  'customer_id,date,amount',
  'x1,not a date,3.00',
  ',1997-02-01,2.00',
  'x2,1997-02-01,-5',
  ...simulated.map((t) => `${t.customerId},${t.date} 10:15:00,${(t.amount as number).toFixed(2)}`),
]);

/** Runs `bgnbd ARGS…` and returns what it printed. */
async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const program = new Command().exitOverride();
    program.addCommand(profilesBgnbdCommand());
    await program.parseAsync(['bgnbd', ...args], { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}

interface JsonReport {
  timeUnit: string;
  holdoutEnd: string | null;
  customers: number;
  skippedRows: number;
  bgnbd: {
    r: number;
    alpha: number;
    a: number;
    b: number;
    logLikelihood: number;
    converged: boolean;
    standardErrors: Record<string, number>;
  };
  gammaGamma: { p: number; q: number; gamma: number; customers: number; meanSpend: number } | null;
  holdout: {
    holdoutWeeks: number;
    actual: number;
    predicted: number;
    buckets: { label: string; customers: number; actual: number }[];
  } | null;
}

describe('flowsight profiles bgnbd', () => {
  it('fits both models and prints the holdout comparison by calibration frequency', async () => {
    const { stdout, stderr } = await run('--input', withAmounts, '--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30');
    expect(stderr).toContain(`${withAmounts}:2: date "not a date" is not YYYY-MM-DD; row skipped`);
    expect(stderr).toContain(`${withAmounts}:3: no customer_id; row skipped`);
    expect(stderr).toContain(`${withAmounts}:4: amount "-5" is not a number ≥ 0; row skipped`);
    expect(stdout).toMatch(/^3000 customers with a first purchase on or before 1997-09-30/);
    expect(stdout).toMatch(
      /BG\/NBD \(time in weeks\): r [\d.]+ \(se [\d.]+\)\s+alpha [\d.]+ \(se [\d.]+\)\s+a [\d.]+ \(se [\d.]+\)\s+b [\d.]+/,
    );
    expect(stdout).toMatch(/Gamma-gamma spend: p [\d.]+ \(se [\d.]+\)\s+q [\d.]+/);
    expect(stdout).toContain('Holdout 1997-10-01 to 1998-06-30 (39.0 weeks)');
    const table = stdout.slice(stdout.indexOf('repeat purchases  customers'));
    const labels = table
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[0]);
    expect(labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+', 'total']);
  });

  it('prints one JSON document whose actual holdout purchases match the file', async () => {
    const { stdout } = await run('--input', withAmounts, '--calibration-end', '1997-09-30', '--json');
    const report = JSON.parse(stdout) as JsonReport;
    // Without --holdout-end the holdout runs to the last date in the file.
    const expected = summariseTransactions(simulated, { calibrationEnd: '1997-09-30', holdoutEnd: report.holdoutEnd ?? undefined });
    expect(report).toMatchObject({ timeUnit: 'weeks', customers: 3000, skippedRows: 3 });
    expect(report.holdoutEnd! > '1998-06-01' && report.holdoutEnd! <= '1998-06-30').toBe(true);
    expect(report.bgnbd.converged).toBe(true);
    expect(report.holdout?.actual).toBe(expected.customers.reduce((s, c) => s + c.holdout, 0));
    expect(report.holdout?.buckets.map((b) => b.customers)).toEqual(
      ['0', '1', '2', '3', '4', '5', '6', '7+'].map((_, i) => expected.customers.filter((c) => Math.min(c.x, 7) === i).length),
    );
    // 3,000 customers pin r and the mean spend down well; a, b and the spend shapes only loosely.
    expect(Math.abs(report.bgnbd.r / CDNOW.r - 1)).toBeLessThan(0.25);
    expect(Math.abs(report.gammaGamma!.meanSpend / ((SPEND.p * SPEND.gamma) / (SPEND.q - 1)) - 1)).toBeLessThan(0.15);
    expect(Math.abs(report.holdout!.predicted / report.holdout!.actual - 1)).toBeLessThan(0.15);
  });

  it('fits only the purchase model when the file has no amounts, and says when there is no holdout', async () => {
    const path = write('no-amounts.csv', [
      'date,customer_id',
      ...simulated.filter((t) => t.date <= '1997-09-30').map((t) => `${t.date},${t.customerId}`),
    ]);
    const json = JSON.parse((await run('--input', path, '--calibration-end', '1997-09-30', '--json')).stdout) as JsonReport;
    expect(json.gammaGamma).toBeNull();
    expect(json.holdout).toBeNull();
    const { stdout } = await run('--input', path, '--calibration-end', '1997-09-30');
    expect(stdout).toContain('no holdout: the file has no purchases after 1997-09-30');
    expect(stdout).not.toContain('Gamma-gamma');
  });

  it('names the missing column', async () => {
    const path = write('no-date.csv', ['customer_id,when', 'a,2024-01-01']);
    await expect(run('--input', path, '--calibration-end', '2024-03-31')).rejects.toThrow(
      new CliError(`${path}:1: the header needs columns customer_id (or 用户ID) and date (or 日期, 支付日期) (found: customer_id, when)`),
    );
  });

  it('rejects missing or malformed dates and an unreadable file with a usage error', async () => {
    const usage = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ name: 'CliError', exitCode: 2 });
    await usage(run('--input', withAmounts));
    await usage(run('--input', withAmounts, '--calibration-end', '30/09/1997'));
    await usage(run('--input', withAmounts, '--calibration-end', '1997-09-30', '--holdout-end', '1997-09-01'));
    await expect(run('--input', join(dir, 'missing.csv'), '--calibration-end', '1997-09-30')).rejects.toMatchObject({
      name: 'CliError',
      exitCode: 1,
      message: expect.stringMatching(/^cannot read /),
    });
  });

  it('refuses a file where nobody bought before the calibration end', async () => {
    const path = write('late.csv', ['customer_id,date', 'a,2025-01-01']);
    await expect(run('--input', path, '--calibration-end', '2024-12-31')).rejects.toThrow(
      /no customer made a first purchase on or before 2024-12-31/,
    );
  });

  it('refuses a calibration period too short to fit, saying how many customers and repeat buyers it has', async () => {
    const first = simulated.reduce((min, t) => (t.date < min ? t.date : min), simulated[0]!.date);
    const onFirstDay = new Set(simulated.filter((t) => t.date === first).map((t) => t.customerId)).size;
    expect(onFirstDay).toBeGreaterThan(0);
    const result = await runCli(['profiles', 'bgnbd', '--input', withAmounts, '--calibration-end', first, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const message = result.stderr.split('\n').find((line) => line.includes('BG/NBD'));
    expect(message).toBe(
      `flowsight: ${withAmounts}: too little to fit BG/NBD with the calibration period ${first} to ${first}: ${onFirstDay} customers, 0 of them with a repeat purchase in the calibration period; BG/NBD needs at least 30 customers and 10 repeat buyers (to tell slow buyers from those who left). Choose a later --calibration-end or a longer file.`,
    );
    const two = write('two.csv', ['customer_id,date', 'a,2024-01-01', 'a,2024-02-01', 'a,2024-03-01', 'b,2024-01-15', 'b,2024-06-01']);
    const tiny = await runCli(['profiles', 'bgnbd', '--input', two, '--calibration-end', '2024-04-30']);
    expect(tiny.code).toBe(1);
    expect(tiny.stderr).toContain('2 customers, 1 of them with a repeat purchase in the calibration period; BG/NBD needs at least 30');
    expect(tiny.stdout).not.toContain('log-likelihood');
  });

  it('reports a fit that runs off to the edge of the parameters as not converged, and says why', async () => {
    // 40 customers buying every week without fail: no spread of rates, no dropout, no interior maximum.
    const steady = write('steady.csv', [
      'customer_id,date',
      ...Array.from({ length: 40 }, (_, c) =>
        Array.from({ length: 30 }, (_, w) => `c${c},${new Date(Date.UTC(2024, 0, 1 + (c % 7) + 7 * w)).toISOString().slice(0, 10)}`),
      ).flat(),
    ]);
    const json = await runCli(['profiles', 'bgnbd', '--input', steady, '--calibration-end', '2024-06-30', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport & { bgnbd: { problems: string[] } };
    expect(report.customers).toBe(40);
    expect(report.bgnbd.converged).toBe(false);
    expect(report.bgnbd.problems.join('; ')).toMatch(/ran off toward (an edge|the edges) of the parameter space/);
    expect(json.stderr).toContain('warning: the BG/NBD fit is not trustworthy: ');
    const text = await runCli(['profiles', 'bgnbd', '--input', steady, '--calibration-end', '2024-06-30']);
    expect(text.stdout).toContain('NOT CONVERGED — do not trust these estimates or the predictions below: ');
  });

  it('reads the design document’s Chinese column names, after a byte-order mark, as it reads the English ones', async () => {
    const some = simulated.filter((t) => Number(/\d+/.exec(t.customerId)?.[0]) % 5 === 0);
    const rows = some.map((t) => `${t.customerId},${t.date},${(t.amount as number).toFixed(2)}`);
    const english = write('english.csv', ['customer_id,date,amount', ...rows]);
    const chinese = join(dir, 'chinese.csv');
    writeFileSync(chinese, `\ufeff用户ID,日期,金额\n${rows.join('\n')}\n`);
    const read = async (path: string) =>
      JSON.parse((await run('--input', path, '--calibration-end', '1997-09-30', '--json')).stdout) as JsonReport;
    const [fromEnglish, fromChinese] = [await read(english), await read(chinese)];
    expect(fromChinese.customers).toBeGreaterThan(300);
    expect({ ...fromChinese, input: undefined }).toEqual({ ...fromEnglish, input: undefined });
    const orderTable = join(dir, 'orders-table.csv');
    writeFileSync(
      orderTable,
      `\ufeff订单ID,用户ID,支付日期,订单金额\n${some.map((t, i) => `o${i},${t.customerId},${t.date},1`).join('\n')}\n`,
    );
    expect((await read(orderTable)).customers).toBe(fromEnglish.customers);
    const missing = join(dir, 'bom-missing.csv');
    writeFileSync(missing, '\ufeff用户ID,时间\na,2024-01-01\n');
    await expect(run('--input', missing, '--calibration-end', '2024-03-31')).rejects.toThrow(
      new CliError(`${missing}:1: the header needs columns customer_id (or 用户ID) and date (or 日期, 支付日期) (found: 用户ID, 时间)`),
    );
  });
});
