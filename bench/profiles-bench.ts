/**
 * `npm run bench -- profiles`: a full profile computation for the ~1M users and ~10M orders (and their
 * ~55M events) of the query benchmark's store, then an incremental one after 1% of the users got a
 * new order, each as `flowsight profiles compute` in a child process (wall time and peak memory).
 * Reference in the same run: raw DuckDB computing only the RFM columns (recency, frequency, monetary
 * per user) on the same file, the least any profile computation must do.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { freshQueryStoreCopy } from './query-bench.ts';
import { fmt, runFlowsight } from './measure.ts';

export async function profilesBenchmark(flags: Record<string, string> = {}): Promise<void> {
  const users = Number(flags.users ?? 1_000_000);
  const days = Number(flags.days ?? 730);
  const memory = flags['memory-limit'] ?? '768MB';
  const db = await freshQueryStoreCopy('profiles', users, days);

  // Reference: RFM alone in raw SQL.
  const instance = await DuckDBInstance.create(db, { memory_limit: memory });
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`CREATE TEMP TABLE rfm AS SELECT user_id, max(created_at) AS last, count(*) AS frequency, sum(amount) AS monetary
    FROM orders WHERE paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded') GROUP BY user_id`);
  const reference = (performance.now() - started) / 1000;
  const sample =
    (
      await connection.runAndReadAll('SELECT user_id FROM users ORDER BY hash(user_id) LIMIT $1', [Math.round(users / 100)])
    ).getColumnsJS()[0] ?? [];
  connection.closeSync();
  instance.closeSync();

  const full = await runFlowsight(['profiles', 'compute', '--db', db, '--mode', 'full', '--json', '--memory-limit', memory]);
  if (full.code !== 0) throw new Error(`profiles compute failed: ${full.stderr}`);
  const fullRun = JSON.parse(full.stdout) as { run: { users: number; asOf: string }; personas: { k: number } | null };

  // 1% of users buy once more on the last day; the import is not timed.
  const csv = resolve('.bench', 'profiles-new-orders.csv');
  writeFileSync(
    csv,
    `order_id,user_id,created_at,paid_at,quantity,amount,order_type,channel,status\n${sample
      .map(
        (user, i) =>
          `BENCH-NEW-${i},${String(user)},${fullRun.run.asOf} 12:00:00,${fullRun.run.asOf} 12:01:00,1,99.00,online,app,completed`,
      )
      .join('\n')}\n`,
  );
  const imported = await runFlowsight(['import', 'orders', csv, '--db', db, '--json', '--memory-limit', memory]);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const incremental = await runFlowsight(['profiles', 'compute', '--db', db, '--mode', 'auto', '--json', '--memory-limit', memory]);
  if (incremental.code !== 0) throw new Error(`incremental compute failed: ${incremental.stderr}`);
  const incrementalRun = JSON.parse(incremental.stdout) as { run: { users: number; kind: string } };

  console.log(`## Profiles (\`npm run bench -- profiles\`, ${fmt.int(users)} users × ${days} days, DuckDB memory limit ${memory})\n`);
  console.log('| run | users profiled | wall time | peak RSS | goal |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| reference: raw DuckDB, RFM columns only | ${fmt.int(sample.length * 100)} | ${fmt.sec(reference)} | — | — |`);
  console.log(
    `| full recompute (features, RFM, lifecycle, BG/NBD, Gamma-Gamma, ${fullRun.personas?.k ?? 0} personas) | ${fmt.int(fullRun.run.users)} | ${fmt.sec(full.seconds)} | ${fmt.mib(full.maxRssBytes)} | < 30 s |`,
  );
  console.log(
    `| ${incrementalRun.run.kind} recompute after 1% of users got an order | ${fmt.int(incrementalRun.run.users)} | ${fmt.sec(incremental.seconds)} | ${fmt.mib(incremental.maxRssBytes)} | < 3 s |`,
  );
  console.log(`\nFull recompute ÷ reference: ${fmt.ratio(full.seconds / reference)}. Wall times include starting the CLI (about 1 s).`);
  if (flags.keep !== 'true') rmSync(db, { force: true });
}
