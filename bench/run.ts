/**
 * `npm run bench -- <part> [flags]`: runs one benchmark (or all) and prints a Markdown table to paste
 * into BENCHMARKS.md. Benchmarks are not tests: they measure, compare to a reference run in the same
 * run, and report the ratio.
 */
import { importBenchmark } from './import-bench.ts';
import { ingestBenchmark } from './ingest-bench.ts';
import { queryBenchmark } from './query-bench.ts';
import { forecastBenchmark } from './forecast-bench.ts';
import { profilesBenchmark } from './profiles-bench.ts';
import { webBenchmark } from './web-bench.ts';
import { liveBenchmark } from './live-bench.ts';
import { benchFlags } from './measure.ts';

const PARTS: Record<string, (flags: Record<string, string>) => Promise<void>> = {
  import: importBenchmark,
  query: queryBenchmark,
  ingest: ingestBenchmark,
  forecast: forecastBenchmark,
  profiles: profilesBenchmark,
  web: webBenchmark,
  live: liveBenchmark,
};

const [part = 'all', ...rest] = process.argv.slice(2);
const flags = benchFlags(rest);
if (part === '--help' || part === 'help') {
  console.log(
    `usage: npm run bench -- <${[...Object.keys(PARTS), 'all'].join('|')}> [flags]\n  import: --users N --days D (generated data size; default 1000000 × 730 ≈ 10M orders)\n  query: --users N --days D --runs R (p50/p95 of the overview set, a 30-day trend by province and a raw group-by)\n  ingest: --records N (batched HTTP run and batch import, default 500000) --seconds S (each single-record run, default 30) --rate R (records/s of the latency run and the soak, default 5000) --soak-seconds T (SIGKILL at T/2; 0 skips; default 300) [--soak-batch B (records a soak request, default 50) --batch-connections C (default 32) --connections C (single-record, default 256) --open-connections C (open loop, default 1024) --cpu-prof (profiles of the server in .bench/ingest-prof) --keep (keep the stores)]\n  forecast: --windows W (rolling-origin windows on the real series, default 4) --venues N (series in the refresh timing, default 1000) --only generated|real|speed; R with forecast and prophet is used when installed\n  profiles: --users N --days D (the query benchmark's store, default 1000000 × 730) --memory-limit SIZE (DuckDB, default 768MB) --keep\n  web: --users N --days D (the query benchmark's store) --loads L (cold loads of the first view, default 10) --replays R (warm replays of each overview API call, default 30) --settle-ms M (idle time between making a browser context and loading, default 2000; loads are also run back to back) --settle-seconds S (wait for the server's first refresh, default 1800)\n  live: --users N --days D (the query benchmark's store) --rounds R (commits per view, default 5) --keep`,
  );
} else if (part === 'all') {
  for (const run of Object.values(PARTS)) await run(flags);
} else if (PARTS[part]) {
  await PARTS[part](flags);
} else {
  console.error(`unknown benchmark "${part}"; choose one of ${Object.keys(PARTS).join(', ')}, all`);
  process.exitCode = 2;
}
