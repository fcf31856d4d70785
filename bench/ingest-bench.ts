/**
 * Ingest benchmark: the real `flowsight serve` in a child process on a fresh store, loaded over
 * loopback by bench/ingest-load.ts in another child process, with an ingest key made by
 * `flowsight keys create`. Measures batched NDJSON (1,000 records a request) at max throughput next
 * to `flowsight import` of the same records as a file; single-record requests at max throughput;
 * acknowledgement latency of single-record requests at a constant arrival rate (open loop); and a soak
 * at that rate with the server SIGKILLed and restarted half-way while clients retry with the same ids,
 * checked against the store: no acknowledged record lost, none stored twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './ingest-load.ts';
import { orderLine } from './ingest-orders.ts';
import { benchFlags, fmt, runFlowsight } from './measure.ts';

const BENCH_DIR = resolve('.bench');
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const FLOWSIGHT = fileURLToPath(new URL('../bin/flowsight.js', import.meta.url));
const LOAD = fileURLToPath(new URL('./ingest-load.ts', import.meta.url));

/** Children still running; killed when the benchmark ends or is interrupted. */
const children = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
const killAll = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

interface Serve {
  readonly child: ChildProcess;
  readonly url: string;
  readonly pid: number;
  readonly output: () => string;
}

/** Starts `flowsight serve --no-demo --port 0` on `db` and resolves with the URL it prints. */
function startServe(db: string, nodeArgs: readonly string[]): Promise<Serve> {
  return new Promise((resolveServe, reject) => {
    const child = track(
      spawn(process.execPath, [...nodeArgs, FLOWSIGHT, 'serve', '--no-demo', '--port', '0', '--db', db], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within 120 s:\n${out}`));
    }, 120_000);
    const onData = (data: Buffer) => {
      out = (out + data.toString()).slice(-20_000);
      const match = /serving .* at (http:\/\/\S+)/.exec(out);
      if (match && !started) {
        started = true;
        clearTimeout(timer);
        resolveServe({ child, url: match[1]!, pid: child.pid!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`serve exited (${code ?? signal}) before serving:\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

/** SIGTERM (the server drains and closes the store), SIGKILL after a minute. */
async function stopServe(serve: Serve): Promise<void> {
  const timer = setTimeout(() => serve.child.kill('SIGKILL'), 60_000);
  serve.child.kill('SIGTERM');
  await exited(serve.child);
  clearTimeout(timer);
}

/** A process's peak resident memory so far (Linux VmHWM), in bytes; NaN elsewhere. */
function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU a process has used so far (user + system), in seconds, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** Runs the load generator in its own process; `onStarted` gets the epoch ms it started sending. */
function runLoad(args: readonly string[], timeoutMs: number, onStarted?: (epochMs: number) => void): Promise<LoadResult> {
  return new Promise((resolveLoad, reject) => {
    const child = track(spawn(process.execPath, [RUN_TS, LOAD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-20_000);
      const match = /started (\d+)/.exec(stderr);
      if (match && onStarted) {
        onStarted(Number(match[1]));
        onStarted = undefined;
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`load generator failed (${code ?? signal}):\n${stderr}\n${stdout}`));
      else resolveLoad(JSON.parse(line) as LoadResult);
    });
  });
}

/** Removes a store file and what lies beside it. */
function freshDb(name: string): string {
  const db = join(BENCH_DIR, `${name}.duckdb`);
  for (const path of [db, `${db}.wal`, `${db}.server.json`]) rmSync(path, { force: true });
  return db;
}

async function createKey(db: string): Promise<string> {
  const run = await runFlowsight(['keys', 'create', '--scope', 'ingest', '--name', 'bench', '--db', db, '--json'], 120_000);
  if (run.code !== 0) throw new Error(`keys create failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { key: string }).key;
}

async function sqlRow(db: string, query: string): Promise<Record<string, number>> {
  const run = await runFlowsight(['sql', query, '--db', db, '--json', '--timeout', '120'], 300_000);
  if (run.code !== 0) throw new Error(`sql failed: ${run.stderr}`);
  const row = (JSON.parse(run.stdout) as { table: { rows: Record<string, unknown>[] } }).table.rows[0] ?? {};
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/** Writes records `0 … count - 1` of `run` as the NDJSON file the batch importer reads. */
function writeOrdersFile(file: string, run: string, count: number, baseMs: number): void {
  const fd = openSync(file, 'w');
  try {
    for (let first = 0; first < count; first += 10_000) {
      let text = '';
      for (let n = first; n < Math.min(count, first + 10_000); n++) text += `${orderLine(run, n, baseMs)}\n`;
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : fmt.int(value)} ms` : '–');
const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
const errorText = (errors: Record<string, number>) =>
  Object.keys(errors).length === 0
    ? '0'
    : Object.entries(errors)
        .map(([why, n]) => `${fmt.int(n)} × ${why}`)
        .join(', ');

interface SoakOutcome {
  readonly load: LoadResult;
  readonly killAtSeconds: number;
  readonly restartSeconds: number;
  readonly ackedBeforeKill: number;
  readonly stored: number;
  readonly distinct: number;
  readonly ours: number;
  readonly sampled: number;
  readonly sampleFound: number;
  readonly peakRssBytes: number;
}

async function soak(options: {
  seconds: number;
  rate: number;
  batch: number;
  stamp: string;
  baseMs: number;
  nodeArgs: readonly string[];
}): Promise<SoakOutcome> {
  const { seconds, rate, batch } = options;
  const db = freshDb('ingest-soak');
  const key = await createKey(db);
  const urlFile = join(BENCH_DIR, 'ingest-soak.url');
  const ackedFile = join(BENCH_DIR, 'ingest-soak.acked');
  const writeUrl = (url: string) => {
    writeFileSync(`${urlFile}.tmp`, `${url}\n`);
    renameSync(`${urlFile}.tmp`, urlFile);
  };
  const run = `k${options.stamp}`;
  let serve = await startServe(db, options.nodeArgs);
  writeUrl(serve.url);
  let peak = 0;
  let killEpoch = 0;
  let killAtSeconds = Number.NaN;
  let restartSeconds = Number.NaN;
  let killing: Promise<void> = Promise.resolve();
  let killTimer: NodeJS.Timeout | undefined;
  console.error(`soak: ${fmt.int(rate)} records/s as ${batch}-record requests for ${seconds} s; SIGKILL and restart at ${seconds / 2} s…`);
  try {
    const load = await runLoad(
      [
        '--mode',
        'retry',
        '--url-file',
        urlFile,
        '--key',
        key,
        '--run',
        run,
        '--base',
        String(options.baseMs),
        '--batch',
        String(batch),
        '--rate',
        String(rate / batch),
        '--seconds',
        String(seconds),
        '--connections',
        '512',
        '--drain-seconds',
        '120',
        '--acked-file',
        ackedFile,
      ],
      (seconds + 400) * 1000,
      (startedEpoch) => {
        killTimer = setTimeout(
          () => {
            killing = (async () => {
              peak = Math.max(peak, peakRss(serve.pid));
              killEpoch = Date.now();
              killAtSeconds = (killEpoch - startedEpoch) / 1000;
              serve.child.kill('SIGKILL');
              await exited(serve.child);
              const restarting = performance.now();
              serve = await startServe(db, options.nodeArgs);
              restartSeconds = (performance.now() - restarting) / 1000;
              writeUrl(serve.url);
              console.error(`soak: killed at ${killAtSeconds.toFixed(1)} s, serving again after ${restartSeconds.toFixed(2)} s`);
            })();
          },
          Math.max(0, startedEpoch + (seconds * 1000) / 2 - Date.now()),
        );
      },
    );
    clearTimeout(killTimer);
    await killing;
    if (killEpoch === 0) throw new Error('the soak ended before the server was killed');
    peak = Math.max(peak, peakRss(serve.pid));
    await stopServe(serve);

    const acks = readFileSync(ackedFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t').map(Number) as [number, number]);
    const beforeKill = acks.filter(([, at]) => at < killEpoch).sort((a, b) => a[1] - b[1]);
    // The requests acknowledged last before the kill are the likeliest to be lost: check the first
    // and last id of each of the last 100 of them by name.
    const sample = beforeKill
      .slice(-100)
      .flatMap(([index]) => [index * batch, index * batch + batch - 1])
      .map((n) => `'o-${run}-${n}'`);
    const counts = await sqlRow(
      db,
      `SELECT count(*) AS n, count(DISTINCT order_id) AS d, count(*) FILTER (WHERE order_id LIKE 'o-${run}-%') AS ours FROM orders`,
    );
    const found =
      sample.length > 0 ? await sqlRow(db, `SELECT count(*) AS n FROM orders WHERE order_id IN (${sample.join(', ')})`) : { n: 0 };
    return {
      load,
      killAtSeconds,
      restartSeconds,
      ackedBeforeKill: beforeKill.length * batch,
      stored: counts.n!,
      distinct: counts.d!,
      ours: counts.ours!,
      sampled: sample.length,
      sampleFound: found.n!,
      peakRssBytes: peak,
    };
  } finally {
    clearTimeout(killTimer);
    await killing.catch(() => undefined);
    if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
    for (const path of [urlFile, ackedFile]) rmSync(path, { force: true });
  }
}

/** `npm run bench -- ingest [--records N] [--seconds S] [--rate R] [--soak-seconds T]`. */
export async function ingestBenchmark(flags: Record<string, string> = benchFlags([])): Promise<void> {
  const records = Number(flags.records ?? 500_000);
  const seconds = Number(flags.seconds ?? 30);
  const rate = Number(flags.rate ?? 5_000);
  const soakSeconds = Number(flags['soak-seconds'] ?? 300);
  const soakBatch = Number(flags['soak-batch'] ?? 50);
  const batchConnections = Number(flags['batch-connections'] ?? 32);
  const singleConnections = Number(flags.connections ?? 256);
  const openConnections = Number(flags['open-connections'] ?? 1024);
  const lowRate = Math.max(1, Math.round(rate / 10));
  const lowSeconds = Math.min(10, seconds);
  const keep = flags.keep === 'true';
  const nodeArgs = flags['cpu-prof'] === 'true' ? ['--cpu-prof', '--cpu-prof-dir', join(BENCH_DIR, 'ingest-prof')] : [];
  mkdirSync(BENCH_DIR, { recursive: true });
  const stamp = Date.now().toString(36);
  const baseMs = Date.now();

  const db = freshDb('ingest-http');
  const key = await createKey(db);
  const serve = await startServe(db, nodeArgs);
  let serverPeak: number;
  let batched: LoadResult;
  let single: LoadResult;
  let open: LoadResult;
  let low: LoadResult;
  let inserted: number;
  /** Rows answered as inserted before each run: commit work grows with the table (see the notes). */
  const rowsBefore: Record<string, number> = {};
  /** Cores the server kept busy during each run (its CPU seconds over the run's wall time). */
  const serverCores: Record<string, number> = {};
  try {
    const load = async (label: string, args: string[], limitSeconds: number) => {
      const cpuBefore = cpuSeconds(serve.pid);
      const wallBefore = performance.now();
      const result = await runLoad(['--url', serve.url, '--key', key, '--base', String(baseMs), ...args], (limitSeconds + 180) * 1000);
      serverCores[label] = (cpuSeconds(serve.pid) - cpuBefore) / ((performance.now() - wallBefore) / 1000);
      return result;
    };
    console.error(`ingest: server at ${serve.url} (PID ${serve.pid}); warming up…`);
    const warm = await load(
      'warm-up',
      ['--mode', 'closed', '--run', `w${stamp}`, '--batch', '1000', '--records', '20000', '--connections', '4', '--seconds', '20'],
      20,
    );
    const warmSingle = await load(
      'warm-up single',
      [
        '--mode',
        'closed',
        '--run',
        `v${stamp}`,
        '--batch',
        '1',
        '--records',
        '5000',
        '--connections',
        String(singleConnections),
        '--seconds',
        '10',
      ],
      10,
    );
    console.error(`batched: ${fmt.int(records)} records as 1,000-record requests over ${batchConnections} connections (limit 60 s)…`);
    rowsBefore.batched = warm.inserted + warmSingle.inserted;
    batched = await load(
      'batched',
      [
        '--mode',
        'closed',
        '--run',
        `b${stamp}`,
        '--batch',
        '1000',
        '--records',
        String(records),
        '--connections',
        String(batchConnections),
        '--seconds',
        '60',
      ],
      60,
    );
    console.error(`single: single-record requests over ${singleConnections} connections for ${seconds} s…`);
    rowsBefore.single = rowsBefore.batched + batched.inserted;
    single = await load(
      'single',
      [
        '--mode',
        'closed',
        '--run',
        `s${stamp}`,
        '--batch',
        '1',
        '--records',
        String(rate * seconds * 20),
        '--connections',
        String(singleConnections),
        '--seconds',
        String(seconds),
      ],
      seconds,
    );
    console.error(`open loop: ${fmt.int(rate)} single-record requests/s for ${seconds} s…`);
    rowsBefore.open = rowsBefore.single + single.inserted;
    open = await load(
      'open',
      [
        '--mode',
        'open',
        '--run',
        `p${stamp}`,
        '--batch',
        '1',
        '--rate',
        String(rate),
        '--seconds',
        String(seconds),
        '--connections',
        String(openConnections),
        '--drain-seconds',
        '60',
      ],
      seconds + 60,
    );
    // The server may still be committing what the open loop left; let it finish before the next run.
    await new Promise((done) => setTimeout(done, 5_000));
    rowsBefore.low = rowsBefore.open + open.inserted;
    console.error(`open loop: ${fmt.int(lowRate)} single-record requests/s for ${lowSeconds} s…`);
    low = await load(
      'low',
      [
        '--mode',
        'open',
        '--run',
        `q${stamp}`,
        '--batch',
        '1',
        '--rate',
        String(lowRate),
        '--seconds',
        String(lowSeconds),
        '--connections',
        String(openConnections),
        '--drain-seconds',
        '60',
      ],
      lowSeconds + 60,
    );
    inserted = [warm, warmSingle, batched, single, open, low].reduce((sum, r) => sum + r.inserted, 0);
    serverPeak = peakRss(serve.pid);
  } finally {
    await stopServe(serve);
  }
  const stored = (await sqlRow(db, 'SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders')) as { n: number; d: number };

  console.error(`batch import of the same ${fmt.int(batched.issuedRecords)} records as an NDJSON file…`);
  const file = join(BENCH_DIR, 'ingest-orders.ndjson');
  writeOrdersFile(file, `b${stamp}`, batched.issuedRecords, baseMs);
  const importDb = freshDb('ingest-import');
  const imported = await runFlowsight(['import', 'orders', file, '--db', importDb, '--json', '--no-progress']);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}\n${imported.stdout}`);
  const importSummary = JSON.parse(imported.stdout) as { read: number; inserted: number; rejected: number };
  const importRate = importSummary.read / imported.seconds;

  const soakOutcome = soakSeconds > 0 ? await soak({ seconds: soakSeconds, rate, batch: soakBatch, stamp, baseMs, nodeArgs }) : undefined;
  if (!keep)
    for (const path of [
      file,
      db,
      `${db}.wal`,
      importDb,
      `${importDb}.wal`,
      join(BENCH_DIR, 'ingest-soak.duckdb'),
      join(BENCH_DIR, 'ingest-soak.duckdb.wal'),
    ])
      rmSync(path, { force: true });

  const command = `npm run bench -- ingest --records ${records} --seconds ${seconds} --rate ${rate} --soak-seconds ${soakSeconds}`;
  const cores = (label: string) => (serverCores[label] ?? Number.NaN).toFixed(2);
  const rows = (n: number | undefined) => (n === undefined ? '–' : fmt.int(n));
  console.log(`\n### ingest — HTTP on loopback, load from a separate process (\`${command}\`)\n`);
  console.log(
    '| run | rows already stored | records | requests | time | records/s | requests/s | ratio to batch import (records/s) | goal |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  console.log(
    `| \`flowsight import orders\` of the same records as one NDJSON file, fresh store (process start included) | 0 | ${fmt.int(importSummary.read)} | – | ${fmt.sec(imported.seconds)} | ${fmt.int(importRate)} | – | 1.00 | |`,
  );
  console.log(
    `| HTTP NDJSON, 1,000 records a request, ${batchConnections} connections, closed loop | ${rows(rowsBefore.batched)} | ${fmt.int(batched.acknowledgedRecords)} | ${fmt.int(batched.acknowledgedRequests)} | ${fmt.sec(batched.seconds)} | ${fmt.int(batched.recordsPerSecond)} | ${fmt.int(batched.requestsPerSecond)} | ${fmt.ratio(batched.recordsPerSecond / importRate)} | ≥ 100,000 records/s: ${verdict(batched.recordsPerSecond >= 100_000 && batched.acknowledgedRecords === batched.issuedRecords)} |`,
  );
  console.log(
    `| HTTP single-record requests, ${singleConnections} connections, closed loop | ${rows(rowsBefore.single)} | ${fmt.int(single.acknowledgedRecords)} | ${fmt.int(single.acknowledgedRequests)} | ${fmt.sec(single.seconds)} | ${fmt.int(single.recordsPerSecond)} | ${fmt.int(single.requestsPerSecond)} | ${fmt.ratio(single.recordsPerSecond / importRate)} | ≥ 5,000 requests/s: ${verdict(single.requestsPerSecond >= 5_000)} |`,
  );

  console.log(
    '\n| acknowledgement latency (from the scheduled send, open loop) | rows already stored | requests | acknowledged/s | p50 | p95 | p99 | max | failed attempts | goal |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
  const p99Met = open.latencyMs.p99 < 200 && open.acknowledgedRequests === open.requests;
  const latencyRow = (label: string, before: string, r: LoadResult, goal: string) =>
    `| ${label} | ${before} | ${fmt.int(r.requests)} | ${fmt.int(r.requestsPerSecond)} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p95)} | ${ms(r.latencyMs.p99)} | ${ms(r.latencyMs.max)} | ${errorText(r.errors)} | ${goal} |`;
  console.log(
    latencyRow(
      `single-record requests at ${fmt.int(rate)}/s for ${seconds} s, ${openConnections} connections`,
      rows(rowsBefore.open),
      open,
      `p99 < 200 ms: ${verdict(p99Met)}`,
    ),
  );
  console.log(
    latencyRow(
      `single-record requests at ${fmt.int(lowRate)}/s for ${lowSeconds} s (a tenth of the goal's rate)`,
      rows(rowsBefore.low),
      low,
      '',
    ),
  );
  if (soakOutcome) {
    const s = soakOutcome.load;
    console.log(
      latencyRow(
        `soak: ${soakBatch}-record requests at ${fmt.int(rate / soakBatch)}/s (${fmt.int(rate)} records/s) for ${soakSeconds} s, 512 connections, SIGKILL + restart at ${soakOutcome.killAtSeconds.toFixed(0)} s (until acknowledged, retries included)`,
        `0 → ${fmt.int(soakOutcome.stored)}`,
        s,
        '',
      ),
    );
    const twice = soakOutcome.stored - soakOutcome.distinct;
    // With every request acknowledged in the end, stored = distinct = sent (and only our ids) means
    // every acknowledged id is stored exactly once; the sample checks the riskiest ones by name.
    const missing = s.issuedRecords - soakOutcome.ours;
    const durable =
      missing === 0 &&
      twice === 0 &&
      s.unacknowledged === 0 &&
      soakOutcome.stored === soakOutcome.ours &&
      soakOutcome.sampleFound === soakOutcome.sampled;
    console.log(
      '\n| soak with SIGKILL | records sent | acknowledged | acknowledged before the kill | stored rows | distinct ids | sent but not stored | stored twice | goal |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    console.log(
      `| ${fmt.int(rate)} records/s for ${soakSeconds} s, killed at ${soakOutcome.killAtSeconds.toFixed(0)} s | ${fmt.int(s.issuedRecords)} | ${fmt.int(s.acknowledgedRecords)} | ${fmt.int(soakOutcome.ackedBeforeKill)} | ${fmt.int(soakOutcome.stored)} | ${fmt.int(soakOutcome.distinct)} | ${fmt.int(missing)} | ${fmt.int(twice)} | zero acknowledged lost, zero stored twice: ${verdict(durable)} |`,
    );
    console.log(
      `\nsoak: ${fmt.int(s.retriedRequests ?? 0)} requests retried (${fmt.int(s.attempts ?? 0)} attempts for ${fmt.int(s.requests)} requests), ${fmt.int(s.unacknowledged ?? 0)} never acknowledged; the server acknowledged ${fmt.int(s.inserted)} records; restart ${fmt.sec(soakOutcome.restartSeconds)}, longest time without an acknowledgement ${ms(s.longestAckGapMs ?? Number.NaN)}; ${soakOutcome.sampleFound}/${soakOutcome.sampled} ids of the last 100 requests acknowledged before the kill found by name; server peak RSS ${fmt.mib(soakOutcome.peakRssBytes)}; load generator CPU ${s.loaderCpuSeconds.toFixed(1)} s (send lag p99 ${ms(s.sendLagMs?.p99 ?? Number.NaN)}).`,
    );
  }
  console.log(
    `\nserver peak RSS ${fmt.mib(serverPeak)} (batched, single-record and open-loop runs); batch import peak RSS ${fmt.mib(imported.maxRssBytes)}; that store holds ${fmt.int(stored.n)} rows (${fmt.int(stored.d)} distinct ids) for ${fmt.int(inserted)} records acknowledged. Load generator CPU: batched ${batched.loaderCpuSeconds.toFixed(1)} s, single ${single.loaderCpuSeconds.toFixed(1)} s, open loop ${open.loaderCpuSeconds.toFixed(1)} s (send lag p99 ${ms(open.sendLagMs?.p99 ?? Number.NaN)}); server CPU (cores busy over each run, generator start included): batched ${cores('batched')}, single ${cores('single')}, open loop ${cores('open')}, low rate ${cores('low')}; closed-loop latency p50/p99: batched ${ms(batched.latencyMs.p50)}/${ms(batched.latencyMs.p99)}, single ${ms(single.latencyMs.p50)}/${ms(single.latencyMs.p99)}; failed attempts: batched ${errorText(batched.errors)}, single ${errorText(single.errors)}.`,
  );
}
