/**
 * `flowsight gen`: writes a realistic, deterministic demo data set (users, orders, events, logs,
 * catalog, weather and truth.json) for trying Flowsight out and for checking its analyses against
 * known truth. Progress goes to stderr: a redrawn bar on a terminal, plain lines otherwise.
 */
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { CLEAR_LINE, renderBar } from '../progress.ts';
import { ORDERS_PER_USER_DAY, expectedOrderCount } from '../../demo/build-demo-truth.ts';
import {
  DEMO_DEFAULTS,
  DEMO_FORMATS,
  demoOptionProblems,
  generateDemoData,
  yesterdayInShanghai,
  type DemoFormat,
  type GenerateProgress,
} from '../../demo/generate-demo-data.ts';

/** Where the command writes and what time it is; tests pass their own. */
export interface GenIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly now: () => Date;
}

const defaultIo: GenIo = { stdout: process.stdout, stderr: process.stderr, now: () => new Date() };

const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');

function parseCount(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value.trim())) throw new CliError(`${flag} must be a whole number, got "${value}"`, 2);
  const n = Number(value);
  if (n < min) throw new CliError(`${flag} must be at least ${min}, got ${value}`, 2);
  return n;
}

const approx = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} million` : grouped(Math.round(n / 100) * 100));

const SIZE_HELP = `
Size: orders ≈ users × days / ${Math.round(1 / ORDERS_PER_USER_DAY)} over two years (shorter windows a little more, ≈ / 66 for one year):
  2,000 users × 365 days (the default) ≈ ${approx(expectedOrderCount(2000, 365))} orders
  500 × 120 ≈ ${approx(expectedOrderCount(500, 120))}    100,000 × 365 ≈ ${approx(expectedOrderCount(100_000, 365))}    1,000,000 × 730 ≈ ${approx(expectedOrderCount(1e6, 730))}
Each order comes with about 5.5 behaviour events; ~8% of orders get extra rows for later status
updates further down orders.<format> (keep the latest state per order_id). Timestamps are naive
local time in Asia/Shanghai. The same seed and options give byte-identical files.`;

/** Renders progress as a redrawn bar (TTY) or as a plain line every tenth of the run. */
function createProgressPrinter(stderr: GenIo['stderr']): { update(p: GenerateProgress): void; done(): void } {
  let lastDraw = 0;
  let lastStep = -1;
  const describe = (p: GenerateProgress) =>
    `${p.phase === 'days' ? `day ${p.day}/${p.days} ${p.date}` : p.phase} · ${grouped(p.rows)} rows · ${grouped(p.rowsPerSecond)} rows/s`;
  if (stderr.isTTY) {
    return {
      update(p) {
        const now = performance.now();
        if (now - lastDraw < 100 && p.phase !== 'done') return;
        lastDraw = now;
        stderr.write(`${CLEAR_LINE}${renderBar(p.fraction)} ${describe(p)}`);
      },
      done() {
        if (lastDraw > 0) stderr.write(CLEAR_LINE);
      },
    };
  }
  return {
    update(p) {
      const step = Math.floor(p.fraction * 10);
      if (step === lastStep || p.phase === 'done') return;
      lastStep = step;
      stderr.write(`gen: ${String(step * 10).padStart(3)}% ${describe(p)}\n`);
    },
    done() {},
  };
}

/** Builds the `gen` command. */
export function genCommand(io: GenIo = defaultIo): Command {
  return new Command('gen')
    .description('Generate realistic, deterministic demo data (users, orders, events, logs, catalog, weather) plus truth.json')
    .requiredOption('--out <dir>', 'directory to write <entity>.<format> files and truth.json into')
    .option('--users <n>', 'number of users', String(DEMO_DEFAULTS.users))
    .option('--days <n>', 'number of days, ending at --end-date', String(DEMO_DEFAULTS.days))
    .option('--end-date <YYYY-MM-DD>', 'last generated day (default: yesterday in Asia/Shanghai)')
    .option('--seed <n>', 'random seed; the same seed and options give identical files', String(DEMO_DEFAULTS.seed))
    .option('--format <format>', `file format: ${DEMO_FORMATS.join(' | ')}`, DEMO_DEFAULTS.format)
    .option('--workers <n>', 'worker threads (0 = single thread; default: CPU count for large runs)')
    .option('--json', 'print a JSON summary instead of text')
    .addHelpText('after', SIZE_HELP)
    .action(
      async (flags: {
        out: string;
        users: string;
        days: string;
        endDate?: string;
        seed: string;
        format: string;
        workers?: string;
        json?: boolean;
      }) => {
        const users = parseCount('--users', flags.users, 1);
        const days = parseCount('--days', flags.days, 1);
        const seed = parseCount('--seed', flags.seed, 0);
        const workers = flags.workers === undefined ? undefined : parseCount('--workers', flags.workers, 0);
        const endDate = flags.endDate ?? yesterdayInShanghai(io.now());
        const format = flags.format.trim().toLowerCase();
        const problems = demoOptionProblems({ users, days, endDate, seed, format });
        if (problems.length > 0) throw new CliError(problems.map((p) => `--${p.replace(/^end date/, 'end-date')}`).join('\n'), 2);

        const progress = createProgressPrinter(io.stderr);
        let summary;
        try {
          summary = await generateDemoData({
            outDir: flags.out,
            users,
            days,
            endDate,
            seed,
            format: format as DemoFormat,
            ...(workers === undefined ? {} : { workers }),
            onProgress: (p) => progress.update(p),
          });
        } catch (error) {
          progress.done();
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EACCES' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'EROFS' || code === 'ENOSPC') {
            throw new CliError(`cannot write to ${flags.out}: ${(error as Error).message}`);
          }
          throw error;
        }
        progress.done();
        if (flags.json) {
          io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const seconds = summary.elapsedMs / 1000;
        const lines = [
          `Generated ${summary.startDate} … ${summary.endDate} (${summary.days} days, ${grouped(summary.users)} users, seed ${summary.seed}) in ${seconds.toFixed(1)} s`,
          ...Object.entries(summary.rows).map(
            ([entity, n]) =>
              `  ${entity.padEnd(8)} ${grouped(n).padStart(13)} rows  ${summary.files[entity as keyof typeof summary.files]}`,
          ),
          `  orders: ${grouped(summary.distinctOrders)} distinct, ${grouped(summary.orderUpdateRows)} later status rows (keep the latest per order_id)`,
          `  ${grouped(summary.rowsPerSecond)} rows/s, ${grouped(summary.orderRowsPerSecond)} order rows/s`,
          `  truth: ${summary.truthFile}`,
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
      },
    );
}
