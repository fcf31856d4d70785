/**
 * Import benchmark: generated orders CSV into a fresh store with validation and exactly-once on, next
 * to a raw DuckDB COPY of the same file into a plain table in the same run; then a re-import of the
 * same file (every row unchanged). Reports rows/s, the ratio to raw COPY, and peak RSS.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { benchFlags, fmt, runFlowsight } from './measure.ts';

const BENCH_DIR = resolve('.bench');

/** Generates (once, cached in .bench/) the demo data set of `users` × `days`; returns its directory. */
export async function ensureGeneratedData(users: number, days: number): Promise<string> {
  const dir = join(BENCH_DIR, `gen-${users}x${days}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    console.error(`generating ${users} users × ${days} days into ${dir} (cached for later runs)…`);
    const run = await runFlowsight([
      'gen',
      '--out',
      dir,
      '--users',
      String(users),
      '--days',
      String(days),
      '--end-date',
      '2025-12-31',
      '--seed',
      '7',
    ]);
    if (run.code !== 0) throw new Error(`gen failed: ${run.stderr}`);
    console.error(`generated in ${fmt.sec(run.seconds)}`);
  }
  return dir;
}

async function rawCopy(file: string, dbPath: string): Promise<{ seconds: number; rows: number }> {
  rmSync(dbPath, { force: true });
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE raw AS SELECT * FROM read_csv('${file}') LIMIT 0`);
  const started = performance.now();
  await connection.run(`COPY raw FROM '${file}' (HEADER)`);
  const seconds = (performance.now() - started) / 1000;
  const rows = Number((await connection.runAndReadAll('SELECT count(*) AS n FROM raw')).getRowObjects()[0]?.n);
  connection.closeSync();
  instance.closeSync();
  rmSync(dbPath, { force: true });
  return { seconds, rows };
}

export async function importBenchmark(flags: Record<string, string> = benchFlags([])): Promise<void> {
  const users = Number(flags.users ?? 1_000_000);
  const days = Number(flags.days ?? 730);
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(await ensureGeneratedData(users, days), 'orders.csv');
  const size = statSync(file).size;

  const raw = await rawCopy(file, join(BENCH_DIR, 'raw-copy.duckdb'));
  const db = join(BENCH_DIR, 'import-bench.duckdb');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const first = await runFlowsight(['import', 'orders', file, '--db', db, '--json', '--no-progress']);
  if (first.code !== 0) throw new Error(`import failed: ${first.stderr}\n${first.stdout}`);
  const firstSummary = JSON.parse(first.stdout) as { read: number; inserted: number; updated: number; unchanged: number; rejected: number };
  const again = await runFlowsight(['import', 'orders', file, '--db', db, '--json', '--no-progress']);
  if (again.code !== 0) throw new Error(`re-import failed: ${again.stderr}`);
  const againSummary = JSON.parse(again.stdout) as typeof firstSummary;
  rmSync(db, { force: true });

  const rawRate = raw.rows / raw.seconds;
  const firstRate = firstSummary.read / first.seconds;
  const againRate = againSummary.read / again.seconds;
  console.log(
    `\n### import — ${fmt.int(raw.rows)} order rows, ${fmt.mib(size)} CSV (\`npm run bench -- import --users ${users} --days ${days}\`)\n`,
  );
  console.log('| run | rows | time | rows/s | ratio to raw COPY | peak RSS |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(
    `| raw DuckDB \`COPY\` into a plain table | ${fmt.int(raw.rows)} | ${fmt.sec(raw.seconds)} | ${fmt.int(rawRate)} | 1.00 | (in bench process) |`,
  );
  console.log(
    `| \`flowsight import orders\` into a fresh store | ${fmt.int(firstSummary.read)} | ${fmt.sec(first.seconds)} | ${fmt.int(firstRate)} | ${fmt.ratio(firstRate / rawRate)} | ${fmt.mib(first.maxRssBytes)} |`,
  );
  console.log(
    `| re-import of the same file | ${fmt.int(againSummary.read)} | ${fmt.sec(again.seconds)} | ${fmt.int(againRate)} | ${fmt.ratio(againRate / rawRate)} | ${fmt.mib(again.maxRssBytes)} |`,
  );
  console.log(
    `\nfirst import: ${fmt.int(firstSummary.inserted)} inserted, ${fmt.int(firstSummary.updated)} updated, ${fmt.int(firstSummary.unchanged)} unchanged, ${fmt.int(firstSummary.rejected)} rejected; re-import: ${fmt.int(againSummary.unchanged)} unchanged, ${fmt.int(againSummary.inserted + againSummary.updated)} written.`,
  );
}
