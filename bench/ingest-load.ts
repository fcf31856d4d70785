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
import net from 'node:net';
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

/**
 * HTTP/1.1 over raw keep-alive sockets, one request at a time per connection, requests queued while
 * every connection is busy (as an http.Agent with `maxSockets` does). The request head is built once
 * and the answer is read by its status line and `Content-Length` (or chunked framing): node:http's
 * client cost ~120 µs of the generator's CPU a request, which at 5,000 requests a second took half a
 * core from the server it shares the machine with, and its send lag counted against the server.
 */
function createPoster(options: { key: string; connections: number; timeoutMs: number }) {
  interface Job {
    readonly head: Buffer;
    readonly body: Buffer;
    resolve(answer: Answer): void;
    reject(error: unknown): void;
  }
  interface Connection {
    readonly socket: net.Socket;
    job: Job | undefined;
    timer: NodeJS.Timeout | undefined;
    received: Buffer;
  }
  const queue: Job[] = [];
  const idle: Connection[] = [];
  let open = 0;
  let target: URL | undefined;
  const heads = new Map<string, Buffer>();
  const headFor = (url: URL, length: number) => {
    const id = `${url.host} ${length}`;
    let head = heads.get(id);
    if (!head) {
      head = Buffer.from(
        `POST /api/v1/ingest/orders HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${options.key}\r\n` +
          `Content-Type: application/x-ndjson\r\nContent-Length: ${length}\r\nConnection: keep-alive\r\n\r\n`,
        'latin1',
      );
      heads.set(id, head);
    }
    return head;
  };

  /** A complete answer at the start of `data`, and how many bytes it took; undefined while incomplete. */
  const parseAnswer = (data: Buffer): { answer: Answer; used: number; close: boolean } | undefined => {
    const headEnd = data.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const head = data.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const close = /\r\nconnection:\s*close/i.test(head);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length) {
      const end = headEnd + 4 + Number(length[1]);
      if (data.length < end) return undefined;
      return { answer: { status, body: data.toString('utf8', headEnd + 4, end) }, used: end, close };
    }
    if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) throw new Error(`answer without a length: ${head}`);
    const parts: Buffer[] = [];
    for (let at = headEnd + 4; ;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(data.toString('latin1', at, lineEnd), 16);
      if (data.length < lineEnd + 2 + size + 2) return undefined;
      if (size === 0) return { answer: { status, body: Buffer.concat(parts).toString('utf8') }, used: lineEnd + 4, close };
      parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  };

  const finish = (connection: Connection, outcome: { answer: Answer } | { error: unknown }) => {
    const job = connection.job;
    connection.job = undefined;
    clearTimeout(connection.timer);
    if (!job) return;
    if ('answer' in outcome) job.resolve(outcome.answer);
    else job.reject(outcome.error);
  };
  const send = (connection: Connection, job: Job) => {
    connection.job = job;
    connection.timer = setTimeout(() => {
      connection.socket.destroy(Object.assign(new Error('request timed out'), { code: 'TIMEOUT' }));
    }, options.timeoutMs);
    connection.socket.cork();
    connection.socket.write(job.head);
    connection.socket.write(job.body);
    connection.socket.uncork();
  };
  const dispatch = (connection: Connection) => {
    const job = queue.shift();
    if (job) send(connection, job);
    else idle.push(connection);
  };
  /** Opens a connection for `job` (written once connected; a refused connection fails it). */
  const connect = (url: URL, job: Job) => {
    open++;
    const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    const connection: Connection = { socket, job, timer: undefined, received: Buffer.alloc(0) };
    socket.once('connect', () => send(connection, job));
    socket.on('data', (chunk: Buffer) => {
      connection.received = connection.received.length === 0 ? chunk : Buffer.concat([connection.received, chunk]);
      let parsed;
      try {
        parsed = parseAnswer(connection.received);
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      if (!parsed) return;
      connection.received = connection.received.subarray(parsed.used);
      finish(connection, parsed);
      if (parsed.close) socket.end();
      else dispatch(connection);
    });
    socket.on('error', (error) => finish(connection, { error }));
    socket.once('close', () => {
      open--;
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      finish(connection, { error: Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }) });
      // Requests still queued get a connection of their own again.
      const next = queue.shift();
      if (next && target) connect(target, next);
    });
  };

  return {
    post(url: URL, body: Buffer): Promise<Answer> {
      if (url.host !== target?.host) {
        // The server moved (restarted on another port): connections to the old one are of no use.
        target = url;
        for (const connection of idle.splice(0)) connection.socket.destroy();
      }
      return new Promise((resolve, reject) => {
        const job: Job = { head: headFor(url, body.length), body, resolve, reject };
        const connection = idle.pop();
        if (connection) send(connection, job);
        else if (open < options.connections) connect(url, job);
        else queue.push(job);
      });
    },
    close: () => {
      for (const connection of idle.splice(0)) connection.socket.destroy();
    },
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
