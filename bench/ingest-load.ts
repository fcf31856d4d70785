/**
 * Load generator for the ingest benchmark, run as its own process (`node bin/run-ts.js
 * bench/ingest-load.ts --mode … `) so it never shares an event loop with the server. Sends generated
 * orders (bench/ingest-orders.ts) as NDJSON to `POST /api/v1/ingest/orders` over keep-alive
 * connections (node:http), and prints one JSON line of results on stdout.
 *
 * Modes:
 * - `closed`: `--connections C` clients each send a request of `--batch B` records, wait for the
 *   answer, send the next; until `--records` are sent or `--seconds` have passed (max throughput).
 * - `open`: `--rate R` requests a second of B records for `--seconds`, whatever the answers; latency
 *   runs from each request's scheduled send time, so a stalled server is charged for the requests
 *   it delayed (no coordinated omission).
 * - `retry`: the open-loop schedule, and every request is retried with the same ids until it is
 *   answered 200 (connection errors, 5xx and 429 included), re-reading the server's URL from
 *   `--url-file` after a failure, so the server may be killed and restarted on another port. Writes
 *   `batch-index<TAB>ack-epoch-ms` per acknowledged request to `--acked-file`.
 *
 * Everything is bounded: request count, duration, a drain limit for requests still open at the end
 * (`--drain-seconds`), and a per-request timeout.
 */
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { benchFlags } from './measure.ts';
import { ordersBody } from './ingest-orders.ts';

export type LoadMode = 'closed' | 'open' | 'retry';

/** What the load generator prints (one JSON line). */
export interface LoadResult {
  readonly mode: LoadMode;
  readonly batch: number;
  readonly connections: number;
  /** Records in the requests scheduled or taken (ids `0 … issuedRecords - 1`). */
  readonly issuedRecords: number;
  readonly requests: number;
  readonly acknowledgedRequests: number;
  readonly acknowledgedRecords: number;
  /** First send to last answer. */
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly requestsPerSecond: number;
  /**
   * Milliseconds: from the send (closed) or the scheduled send (open, retry) to the answer; requests
   * still unanswered at the drain limit count with their age then.
   */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  /** Open and retry: how late requests left the generator (its own lag, ms). */
  readonly sendLagMs?: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Failed attempts by HTTP status or error code. */
  readonly errors: Record<string, number>;
  /** Totals of the server's answers. */
  readonly inserted: number;
  readonly updated: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Retry mode: requests that needed more than one attempt, attempts in all, requests never acknowledged. */
  readonly retriedRequests?: number;
  readonly attempts?: number;
  readonly unacknowledged?: number;
  /** Retry mode: longest time without any acknowledgement while requests were waiting (ms). */
  readonly longestAckGapMs?: number;
  /** CPU the generator itself used, seconds (user + system). */
  readonly loaderCpuSeconds: number;
  readonly startedAtEpochMs: number;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** The server's answer: acknowledged from the write-ahead log, so merge counts are not known yet. */
interface IngestCounts {
  accepted: number;
  rejected: number;
}

/** Percentiles of `values` (ms), nearest rank. */
export function percentiles(values: Float64Array | number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]! };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const roundAll = <T extends Record<string, number>>(values: T): T =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v)])) as T;

function createPoster(options: { key: string; connections: number; timeoutMs: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const authorization = `Bearer ${options.key}`;
  return {
    post(url: URL, body: Buffer): Promise<Answer> {
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path: '/api/v1/ingest/orders',
            method: 'POST',
            headers: { authorization, 'content-type': 'application/x-ndjson', 'content-length': body.length },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            response.on('error', reject);
          },
        );
        request.setTimeout(options.timeoutMs, () => request.destroy(Object.assign(new Error('request timed out'), { code: 'TIMEOUT' })));
        request.on('error', reject);
        request.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** The answer's counts when it acknowledged all `count` records, else why not (an error key). */
function judge(answer: Answer, count: number): IngestCounts | string {
  if (answer.status !== 200) return String(answer.status);
  const counts = JSON.parse(answer.body) as IngestCounts;
  return counts.accepted === count ? counts : 'partial';
}

const errorKey = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export async function runLoad(flags: Record<string, string>): Promise<LoadResult> {
  const mode = (flags.mode ?? 'closed') as LoadMode;
  if (!['closed', 'open', 'retry'].includes(mode)) throw new Error(`--mode must be closed, open or retry, got "${mode}"`);
  const key = flags.key ?? '';
  const run = flags.run ?? 'x';
  const baseMs = Number(flags.base ?? Date.now());
  const batch = Number(flags.batch ?? 1000);
  const seconds = Number(flags.seconds ?? 10);
  const rate = Number(flags.rate ?? 100);
  const connections = Number(flags.connections ?? (mode === 'closed' ? 8 : 256));
  const drainMs = Number(flags['drain-seconds'] ?? 60) * 1000;
  const timeoutMs = Number(flags['timeout-seconds'] ?? 30) * 1000;
  const urlFile = flags['url-file'];
  let url = new URL(urlFile ? readFileSync(urlFile, 'utf8').trim() : (flags.url ?? 'http://127.0.0.1:8080'));
  const rereadUrl = () => {
    if (!urlFile) return;
    try {
      url = new URL(readFileSync(urlFile, 'utf8').trim());
    } catch {
      // The parent rewrites the file by rename; a failed read keeps the last URL for now.
    }
  };

  const poster = createPoster({ key, connections, timeoutMs });
  const errors: Record<string, number> = {};
  const fail = (why: string) => (errors[why] = (errors[why] ?? 0) + 1);
  const totals = { inserted: 0, updated: 0, duplicates: 0, rejected: 0 };
  const add = (counts: IngestCounts) => {
    // Every generated id is new, so each accepted record becomes one inserted row once merged.
    totals.inserted += counts.accepted;
    totals.rejected += counts.rejected;
  };
  const cpuBefore = process.cpuUsage();
  const startedAtEpochMs = Date.now();
  process.stderr.write(`started ${startedAtEpochMs}\n`);

  let result: Omit<LoadResult, 'loaderCpuSeconds' | 'startedAtEpochMs' | keyof typeof totals | 'errors' | 'mode' | 'batch' | 'connections'>;
  if (mode === 'closed') {
    const maxRecords = Number(flags.records ?? 100_000);
    const totalRequests = Math.ceil(maxRecords / batch);
    const latencies: number[] = [];
    let next = 0;
    let ackedRequests = 0;
    let ackedRecords = 0;
    let issuedRecords = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let last = started;
    const client = async () => {
      while (next < totalRequests && performance.now() < deadline) {
        const index = next++;
        const count = Math.min(batch, maxRecords - index * batch);
        issuedRecords = Math.max(issuedRecords, index * batch + count);
        const body = ordersBody(run, index * batch, count, baseMs);
        const sent = performance.now();
        try {
          const outcome = judge(await poster.post(url, body), count);
          last = performance.now();
          latencies.push(last - sent);
          if (typeof outcome === 'string') fail(outcome);
          else {
            add(outcome);
            ackedRequests++;
            ackedRecords += count;
          }
        } catch (error) {
          last = performance.now();
          fail(errorKey(error));
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, client));
    const elapsed = (last - started) / 1000;
    result = {
      issuedRecords,
      requests: next,
      acknowledgedRequests: ackedRequests,
      acknowledgedRecords: ackedRecords,
      seconds: round(elapsed),
      recordsPerSecond: Math.round(ackedRecords / elapsed),
      requestsPerSecond: Math.round(ackedRequests / elapsed),
      latencyMs: roundAll(percentiles(latencies)),
    };
  } else {
    // Open loop (and retry): request i is due at t0 + i / rate, sent then whatever is in flight.
    const totalRequests = Math.max(1, Math.floor(rate * seconds));
    const intervalMs = 1000 / rate;
    const latencies = new Float64Array(totalRequests).fill(Number.NaN);
    const lags = new Float64Array(totalRequests);
    const failed = new Uint8Array(totalRequests);
    const acks: string[] = [];
    let ackedRequests = 0;
    let retried = 0;
    let attempts = 0;
    let lastAck = 0;
    let longestGap = 0;
    const t0 = performance.now() + 20;
    let stopRetrying = Number.POSITIVE_INFINITY;
    const sendOne = async (index: number, due: number): Promise<void> => {
      const body = ordersBody(run, index * batch, batch, baseMs);
      lags[index] = performance.now() - due;
      for (let attempt = 0; ; attempt++) {
        attempts++;
        if (attempt === 1) retried++;
        let outcome: IngestCounts | string;
        let retryAfterMs = 0;
        try {
          const answer = await poster.post(url, body);
          outcome = judge(answer, batch);
          if (answer.status === 429 || answer.status === 503) retryAfterMs = 1000;
        } catch (error) {
          outcome = errorKey(error);
        }
        const now = performance.now();
        if (typeof outcome !== 'string') {
          add(outcome);
          latencies[index] = now - due;
          ackedRequests++;
          if (lastAck > 0) longestGap = Math.max(longestGap, now - lastAck);
          lastAck = now;
          if (mode === 'retry') acks.push(`${index}\t${Date.now()}`);
          return;
        }
        fail(outcome);
        if (mode !== 'retry' || now >= stopRetrying || outcome === 'partial' || outcome === '422' || outcome === '401') {
          failed[index] = 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(retryAfterMs, Math.min(1000, 50 * 2 ** attempt))));
        rereadUrl();
      }
    };
    const inFlight = new Set<Promise<void>>();
    await new Promise<void>((done) => {
      let index = 0;
      const tick = () => {
        const now = performance.now();
        while (index < totalRequests && t0 + index * intervalMs <= now) {
          const sending = sendOne(index, t0 + index * intervalMs);
          inFlight.add(sending);
          void sending.finally(() => inFlight.delete(sending));
          index++;
        }
        if (index < totalRequests) setTimeout(tick, Math.max(0, t0 + index * intervalMs - performance.now()));
        else done();
      };
      setTimeout(tick, Math.max(0, t0 - performance.now()));
    });
    stopRetrying = performance.now() + drainMs;
    const drained = await Promise.race([
      Promise.all(inFlight).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), drainMs + timeoutMs).unref()),
    ]);
    const stoppedAt = performance.now();
    const elapsed = (Math.max(lastAck, t0 + totalRequests * intervalMs) - t0) / 1000;
    // A request still open when the run stops counts with its age then (a lower bound on its latency),
    // so a server that falls behind cannot look faster by leaving requests unanswered.
    if (!drained) {
      errors['unanswered at the drain limit'] = inFlight.size;
      for (let i = 0; i < totalRequests; i++)
        if (Number.isNaN(latencies[i]!) && !failed[i]) latencies[i] = stoppedAt - (t0 + i * intervalMs);
    }
    const answered = latencies.filter((v) => !Number.isNaN(v));
    if (mode === 'retry' && flags['acked-file']) writeFileSync(flags['acked-file'], acks.length > 0 ? `${acks.join('\n')}\n` : '');
    result = {
      issuedRecords: totalRequests * batch,
      requests: totalRequests,
      acknowledgedRequests: ackedRequests,
      acknowledgedRecords: ackedRequests * batch,
      seconds: round(elapsed),
      recordsPerSecond: Math.round((ackedRequests * batch) / elapsed),
      requestsPerSecond: Math.round(ackedRequests / elapsed),
      latencyMs: roundAll(percentiles(answered)),
      sendLagMs: (({ p50, p99, max }) => roundAll({ p50, p99, max }))(percentiles(lags)),
      ...(mode === 'retry'
        ? { retriedRequests: retried, attempts, unacknowledged: totalRequests - ackedRequests, longestAckGapMs: round(longestGap) }
        : {}),
    };
  }
  poster.close();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    mode,
    batch,
    connections,
    ...result,
    errors,
    ...totals,
    loaderCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    startedAtEpochMs,
  };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const result = await runLoad(benchFlags(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Sockets of a killed server may linger; the result is out, so leave now.
  process.exit(0);
}
