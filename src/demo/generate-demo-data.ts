/**
 * Writes a realistic, deterministic demo data set — users, orders, events, logs, catalog, weather —
 * plus truth.json describing how it was generated. The shell around the pure simulation: it opens
 * files, streams each simulated day into them with backpressure, reports progress and converts to
 * Parquet when asked. Used by `flowsight gen` and by the server to seed a first start.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { civilOf, fromDayNumber, isCivilDate, toDayNumber } from '../domain/calendar/civil-date.ts';
import { HOLIDAY_CALENDAR_COVERAGE } from '../domain/calendar/cn-holidays.ts';
import { ENTITY_KINDS, type EntityKind } from '../domain/entities.ts';
import { buildDemoTruth } from './build-demo-truth.ts';
import { convertCsvToParquet } from './convert-csv-to-parquet.ts';
import { createDeferredQueue } from './create-deferred-queue.ts';
import { createWorkerRunner } from './create-worker-runner.ts';
import type { DemoSimulationOptions } from './create-demo-simulation.ts';
import { createInProcessRunner, type DemoRunSummary, type DemoRunner } from './demo-runner.ts';
import { createTextSink, type TextSink } from './create-text-sink.ts';
import { DEMO_COLUMNS } from './demo-columns.ts';

export const DEMO_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type DemoFormat = (typeof DEMO_FORMATS)[number];

/** Defaults of `flowsight gen` (the end date defaults to yesterday in Asia/Shanghai). */
export const DEMO_DEFAULTS = { users: 2000, days: 365, seed: 42, format: 'csv' as DemoFormat } as const;
/** Bounds that keep a run meaningful and its memory bounded (a simulator holds ~120 bytes per user). */
export const DEMO_LIMITS = { maxUsers: 5_000_000, maxDays: 3660 } as const;

export interface GenerateProgress {
  readonly phase: 'days' | 'users' | 'parquet' | 'done';
  /** Days simulated so far, of `days`. */
  readonly day: number;
  readonly days: number;
  /** The date just simulated. */
  readonly date: string;
  /** Rows written so far, all entities. */
  readonly rows: number;
  readonly orderRows: number;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
  /** Rough completion, 0-1. */
  readonly fraction: number;
}

export interface GenerateDemoDataOptions {
  readonly outDir: string;
  readonly users?: number;
  readonly days?: number;
  /** Last day generated, 'YYYY-MM-DD'; defaults to yesterday in Asia/Shanghai relative to `now`. */
  readonly endDate?: string;
  readonly seed?: number;
  readonly format?: DemoFormat;
  /** The clock for the default end date. */
  readonly now?: Date;
  /** Worker threads to simulate on; 0 runs in the calling thread. See defaultWorkerCount. */
  readonly workers?: number;
  readonly onProgress?: (progress: GenerateProgress) => void;
}

export interface GenerateSummary {
  readonly outDir: string;
  readonly format: DemoFormat;
  readonly seed: number;
  readonly users: number;
  readonly days: number;
  readonly startDate: string;
  readonly endDate: string;
  /** File path per entity. */
  readonly files: Readonly<Record<EntityKind, string>>;
  readonly truthFile: string;
  /** Rows written per entity (orders counts update rows too). */
  readonly rows: Readonly<Record<EntityKind, number>>;
  readonly totalRows: number;
  readonly distinctOrders: number;
  readonly orderUpdateRows: number;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
  readonly orderRowsPerSecond: number;
}

/**
 * Worker threads worth starting for a run of this size: none for small runs (starting them costs
 * more than it saves) and none for very large user bases, because every worker holds its own copy
 * of the users and memory should stay under a gigabyte.
 */
export function defaultWorkerCount(users: number, days: number): number {
  if (users * days < 5_000_000 || users > 2_000_000) return 0;
  return Math.min(users > 1_200_000 ? 2 : 4, availableParallelism());
}

/**
 * Worker threads when they can start (they load TypeScript through tsx), otherwise the calling
 * thread: the output is the same either way, only slower.
 */
async function startWorkers(options: DemoSimulationOptions, workers: number): Promise<DemoRunner> {
  try {
    return await createWorkerRunner(options, workers);
  } catch {
    return createInProcessRunner(options);
  }
}

/** Yesterday's date in China (UTC+8, no daylight saving) for a given instant. */
export function yesterdayInShanghai(now: Date): string {
  const shanghaiDay = Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000);
  return fromDayNumber(shanghaiDay - 1);
}

/** What is wrong with the options, one message per problem; empty when they are usable. */
export function demoOptionProblems(options: { users: number; days: number; endDate: string; seed: number; format: string }): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(options.users) || options.users < 1 || options.users > DEMO_LIMITS.maxUsers) {
    problems.push(`users must be a whole number from 1 to ${DEMO_LIMITS.maxUsers}, got ${options.users}`);
  }
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > DEMO_LIMITS.maxDays) {
    problems.push(`days must be a whole number from 1 to ${DEMO_LIMITS.maxDays}, got ${options.days}`);
  }
  if (!isCivilDate(options.endDate)) problems.push(`end date must be a real date written YYYY-MM-DD, got ${options.endDate}`);
  if (!Number.isSafeInteger(options.seed) || options.seed < 0)
    problems.push(`seed must be a non-negative whole number, got ${options.seed}`);
  if (!(DEMO_FORMATS as readonly string[]).includes(options.format)) {
    problems.push(`format must be one of ${DEMO_FORMATS.join(', ')}, got ${options.format}`);
  }
  return problems;
}

/** Generates the demo data set into `outDir` (created if missing; existing files are replaced). */
export async function generateDemoData(options: GenerateDemoDataOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const users = options.users ?? DEMO_DEFAULTS.users;
  const days = options.days ?? DEMO_DEFAULTS.days;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const format = options.format ?? DEMO_DEFAULTS.format;
  const endDate = options.endDate ?? yesterdayInShanghai(options.now ?? new Date());
  const problems = demoOptionProblems({ users, days, endDate, seed, format });
  if (problems.length > 0) throw new RangeError(problems.join('; '));

  await mkdir(options.outDir, { recursive: true });
  const textFormat = format === 'ndjson' ? 'ndjson' : 'csv';
  const files = Object.fromEntries(ENTITY_KINDS.map((k) => [k, join(options.outDir, `${k}.${format}`)])) as Record<EntityKind, string>;
  const textPaths = Object.fromEntries(
    ENTITY_KINDS.map((k) => [k, format === 'parquet' ? join(options.outDir, `.${k}.csv.tmp`) : files[k]]),
  ) as Record<EntityKind, string>;

  const simOptions = { users, days, endDate, seed, format: textFormat } as const;
  const workers = options.workers ?? defaultWorkerCount(users, days);
  const runner = workers > 0 ? await startWorkers(simOptions, workers) : createInProcessRunner(simOptions);
  const rows: Record<EntityKind, number> = { users: 0, orders: 0, events: 0, logs: 0, catalog: 0, weather: 0 };
  const sinks = Object.fromEntries(ENTITY_KINDS.map((k) => [k, createTextSink(textPaths[k])])) as Record<EntityKind, TextSink>;
  let total = 0;
  const elapsed = () => performance.now() - started;
  const report = (phase: GenerateProgress['phase'], day: number, date: string, fraction: number) => {
    if (!options.onProgress) return;
    const ms = elapsed();
    options.onProgress({
      phase,
      day,
      days,
      date,
      rows: total,
      orderRows: rows.orders,
      elapsedMs: ms,
      rowsPerSecond: ms > 0 ? (total * 1000) / ms : 0,
      fraction,
    });
  };

  let summary: DemoRunSummary;
  try {
    for (const kind of ENTITY_KINDS) await sinks[kind].write(runner.info.headers[kind]);
    await sinks.catalog.writeBytes(runner.info.catalog);
    rows.catalog = runner.info.catalogRows;
    total += rows.catalog;
    // Users are written after the days (their last login depends on them); they get a slice of progress.
    const userShare = Math.min(0.3, 1 / (1 + days * 0.3));
    const queue = createDeferredQueue(days);
    for (let d = 0; d < days; d++) {
      const out = await runner.day(d);
      queue.add(out.deferred);
      const due = queue.take(d);
      await sinks.weather.writeBytes(out.weather);
      await sinks.orders.writeBytes(out.orders);
      await sinks.orders.writeAll(due);
      await sinks.events.writeBytes(out.events);
      await sinks.logs.writeBytes(out.logs);
      rows.weather += out.rows.weather;
      rows.orders += out.rows.orders + due.length;
      rows.events += out.rows.events;
      rows.logs += out.rows.logs;
      total += out.rows.weather + out.rows.orders + due.length + out.rows.events + out.rows.logs;
      report('days', d + 1, out.date, ((d + 1) / days) * (1 - userShare));
    }
    const chunk = 50_000;
    const inFlight: Promise<Uint8Array>[] = [];
    for (let from = 0; from < users || inFlight.length > 0; from += chunk) {
      if (from < users) inFlight.push(runner.users(from, Math.min(users, from + chunk)));
      if (inFlight.length > Math.max(1, workers) || from + chunk >= users) {
        const bytes = await (inFlight.shift() as Promise<Uint8Array>);
        await sinks.users.writeBytes(bytes);
        const done = Math.min(users, rows.users + chunk);
        total += done - rows.users;
        rows.users = done;
        report('users', days, endDate, 1 - userShare + userShare * (done / users));
      }
    }
    summary = await runner.summary();
  } finally {
    await runner.close();
    for (const kind of ENTITY_KINDS) await sinks[kind].close();
  }

  if (format === 'parquet') {
    report('parquet', days, endDate, 1);
    try {
      await convertCsvToParquet(ENTITY_KINDS.map((k) => ({ csvPath: textPaths[k], parquetPath: files[k], columns: DEMO_COLUMNS[k] })));
    } finally {
      for (const kind of ENTITY_KINDS) await rm(textPaths[kind], { force: true });
    }
  }

  let daysOutsideCalendar = 0;
  for (let n = toDayNumber(endDate) - days + 1; n <= toDayNumber(endDate); n++) {
    const year = civilOf(n).year;
    if (year < HOLIDAY_CALENDAR_COVERAGE.firstYear || year > HOLIDAY_CALENDAR_COVERAGE.lastYear) daysOutsideCalendar++;
  }
  const truthFile = join(options.outDir, 'truth.json');
  const truth = buildDemoTruth({
    options: { users, days, endDate, seed, format },
    startDate: runner.info.firstDate,
    files: Object.fromEntries(ENTITY_KINDS.map((k) => [k, `${k}.${format}`])) as Record<EntityKind, string>,
    rows,
    stats: summary.stats,
    venuesByType: runner.info.venuesByType,
    products: runner.info.products,
    lifecycleAtEnd: summary.lifecycleAtEnd,
    errorBursts: summary.errorBursts,
    daysOutsideCalendar,
  });
  await writeFile(truthFile, `${JSON.stringify(truth, null, 2)}\n`, 'utf8');

  const ms = elapsed();
  report('done', days, endDate, 1);
  return {
    outDir: options.outDir,
    format,
    seed,
    users,
    days,
    startDate: runner.info.firstDate,
    endDate,
    files,
    truthFile,
    rows,
    totalRows: total,
    distinctOrders: summary.stats.orders,
    orderUpdateRows: summary.stats.updateRows,
    elapsedMs: Math.round(ms),
    rowsPerSecond: Math.round((total * 1000) / Math.max(1, ms)),
    orderRowsPerSecond: Math.round((rows.orders * 1000) / Math.max(1, ms)),
  };
}
