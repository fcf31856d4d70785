/**
 * GET /api/v1/live?province=&city=&venue=&records=orders|visits|both — the live feed as server-sent
 * events (`records` says which latest records the snapshots carry, default both): an `event: snapshot`
 * (see query/live-snapshot.ts) on connect and again shortly after every commit of orders, events or
 * the catalog, and an `event: ping` every 15 s so proxies keep the connection open.
 *
 * Subscribers with the same filter (and scope) share one channel: a burst of commits costs one
 * computation per channel, whatever the number of subscribers. A slow subscriber only ever gets the
 * newest snapshot, never a backlog. A snapshot is kept (also after its last subscriber has gone) for
 * as long as it is exactly what a new computation would give: no commit since, and the same minute;
 * so a page opened again, or by a colleague, gets it at once.
 */
import { Hono, type Context } from 'hono';
import { streamSSE, type SSEMessage, type SSEStreamingApi } from 'hono/streaming';
import type { MetricsSettings } from '../../analysis/metrics/facts.ts';
import type { QueryScope } from '../../analysis/metrics/metric-query.ts';
import type { EntityKind } from '../../domain/entities.ts';
import {
  buildLiveUpdate,
  LIVE_RECORDS,
  normaliseLiveFilter,
  type LiveContinuation,
  type LiveFilter,
  type LiveRecords,
} from '../../query/live-snapshot.ts';
import type { CommitEvent, Store } from '../../store/store.ts';
import { ApiError } from '../api-error.ts';

export interface LiveFeedDependencies {
  readonly store: Store;
  readonly timeZone: string;
  /** What the caller may see; the feed is cut to it like every query. */
  readonly scopeOf?: ((c: Context) => QueryScope) | undefined;
  readonly settings?: MetricsSettings | undefined;
  readonly log?: ((message: string) => void) | undefined;
  /** Wait after a commit before recomputing, so a burst of commits costs one computation (default 200 ms). */
  readonly debounceMs?: number;
  /** Interval of `event: ping` (default 15 s). */
  readonly heartbeatMs?: number;
  /** Recompute without commits too, so the minute window moves on (default 60 s). */
  readonly refreshMs?: number;
  readonly now?: () => Date;
}

export interface LiveFeed {
  /** Mount under /api/v1. */
  readonly routes: Hono;
  /** Computes (and keeps) the snapshot of a filter before anyone asks, unless the kept one is current. */
  prepare(filter?: LiveFilter, records?: LiveRecords): Promise<void>;
  /**
   * Prepares the snapshot of a filter now and again at the start of every minute (when the kept one
   * expires) until close: the server does it for the overview's default view, so the first view
   * never waits for the feed.
   */
  keepReady(filter?: LiveFilter, records?: LiveRecords): void;
  /** Number of open streams. */
  subscribers(): number;
  /**
   * Ends every open stream, stops listening to the store and refuses new streams; resolves once no
   * snapshot is being computed, so the store can be closed next (on shutdown).
   */
  close(): Promise<void>;
}

/** Commits of these entities change what the feed shows. */
const WATCHED: ReadonlySet<EntityKind> = new Set<EntityKind>(['orders', 'events', 'catalog']);
const MAX_FILTER_LENGTH = 128;
/** Snapshots kept for filters nobody is watching at the moment. */
const KEPT_SNAPSHOTS = 64;

interface Subscriber {
  send(message: SSEMessage, droppable?: boolean): void;
  end(): void;
}

interface Channel {
  readonly key: string;
  readonly filter: LiveFilter;
  readonly records: LiveRecords;
  readonly scope: QueryScope;
  readonly subscribers: Set<Subscriber>;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: boolean;
  rerun: boolean;
}

/** A snapshot sent, with the commit generation it saw and the minute it was made in. */
interface KeptSnapshot {
  readonly message: SSEMessage;
  readonly generation: number;
  readonly minute: number;
  /** Where the next snapshot of the same channel can continue from, while no catalog change intervenes. */
  readonly continuation: LiveContinuation;
  readonly catalogGeneration: number;
}

/**
 * Writes to one stream one message at a time. A new snapshot replaces one still waiting (the client
 * only needs the newest); a ping is dropped while anything is being written.
 */
function createSubscriber(stream: SSEStreamingApi, end: () => void): Subscriber {
  let writing = false;
  let pending: SSEMessage | undefined;
  const pump = async () => {
    writing = true;
    try {
      while (pending && !stream.aborted && !stream.closed) {
        const message = pending;
        pending = undefined;
        await stream.writeSSE(message);
      }
    } finally {
      writing = false;
    }
  };
  return {
    send(message, droppable = false) {
      if (droppable && (writing || pending)) return;
      pending = message;
      if (!writing) void pump().catch(end);
    },
    end,
  };
}

function readFilter(c: Context): LiveFilter {
  const filter: Record<string, string> = {};
  for (const name of ['province', 'city', 'venue'] as const) {
    const value = c.req.query(name);
    if (value === undefined) continue;
    if (value.length > MAX_FILTER_LENGTH)
      throw new ApiError(400, 'invalid_parameter', `${name} is longer than ${MAX_FILTER_LENGTH} characters`);
    filter[name] = value;
  }
  return normaliseLiveFilter(filter);
}

/**
 * The live feed routes and their lifecycle.
 *
 * @example
 * const live = liveRoutes({ store, timeZone: 'Asia/Shanghai' });
 * app.route('/api/v1', live.routes);
 * // on shutdown, before closing the server and the store:
 * await live.close();
 */
export function liveRoutes(deps: LiveFeedDependencies): LiveFeed {
  const debounceMs = deps.debounceMs ?? 200;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const refreshMs = deps.refreshMs ?? 60_000;
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? console.error;
  const channels = new Map<string, Channel>();
  /** The latest snapshot of each filter (channel key), in the order they were made; at most KEPT_SNAPSHOTS. */
  const kept = new Map<string, KeptSnapshot>();
  /** Computations under way, by channel key, with the commit generation they started at. */
  const making = new Map<string, { readonly generation: number; readonly message: Promise<SSEMessage> }>();
  let generation = 0;
  let catalogGeneration = 0;
  let sequence = 0;
  let closed = false;
  // Commits are counted from the start, watched or not: a kept snapshot is current only if none came since.
  const stopListening = deps.store.onCommit(onCommit);
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let refresh: ReturnType<typeof setInterval> | undefined;
  let ready: ReturnType<typeof setTimeout> | undefined;
  const computing = new Set<Promise<void>>();

  const subscriberCount = () => [...channels.values()].reduce((sum, channel) => sum + channel.subscribers.size, 0);
  const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000);
  const keyOf = (filter: LiveFilter, records: LiveRecords, scope: QueryScope) =>
    JSON.stringify([filter.province ?? null, filter.city ?? null, filter.venue ?? null, records, scope.provinces ?? null]);

  /** The kept snapshot of `key` if nothing it shows can have changed since it was made. */
  function current(key: string): SSEMessage | undefined {
    const snapshot = kept.get(key);
    return snapshot && snapshot.generation === generation && snapshot.minute === minuteOf(now()) ? snapshot.message : undefined;
  }

  /**
   * The snapshot of `key`, computed and kept; a computation of the same key already under way since the
   * last commit is shared (the server's own preparing and a first subscriber often ask together).
   */
  function makeSnapshot(key: string, filter: LiveFilter, records: LiveRecords, scope: QueryScope): Promise<SSEMessage> {
    const running = making.get(key);
    if (running && running.generation === generation) return running.message;
    const message = computeSnapshot(key, filter, records, scope);
    const entry = { generation, message };
    making.set(key, entry);
    const done = () => making.get(key) === entry && making.delete(key);
    message.then(done, done);
    return message;
  }

  async function computeSnapshot(key: string, filter: LiveFilter, records: LiveRecords, scope: QueryScope): Promise<SSEMessage> {
    const seen = generation;
    const seenCatalog = catalogGeneration;
    const at = now();
    // The latest records continue from the channel's last snapshot (reading only what was ingested
    // since) unless the catalog changed, which can move records between places.
    const previous = kept.get(key);
    const { snapshot, continuation } = await buildLiveUpdate(
      deps.store,
      { timeZone: deps.timeZone, filter, records, scope, now: at, ...(deps.settings ? { settings: deps.settings } : {}) },
      previous?.catalogGeneration === seenCatalog ? previous.continuation : undefined,
    );
    const message: SSEMessage = { event: 'snapshot', id: String(++sequence), data: JSON.stringify(snapshot) };
    kept.delete(key);
    kept.set(key, { message, generation: seen, minute: minuteOf(at), continuation, catalogGeneration: seenCatalog });
    if (kept.size > KEPT_SNAPSHOTS) kept.delete(kept.keys().next().value!);
    return message;
  }

  async function compute(channel: Channel): Promise<void> {
    channel.timer = undefined;
    channel.running = true;
    try {
      const message = await makeSnapshot(channel.key, channel.filter, channel.records, channel.scope);
      for (const subscriber of channel.subscribers) subscriber.send(message);
    } catch (error) {
      // A store closed under a computation at shutdown is not worth a stack trace.
      if (!closed) log(`live feed: snapshot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      channel.running = false;
      if (channel.rerun) {
        channel.rerun = false;
        schedule(channel, debounceMs);
      }
    }
  }

  /** Computes the channel's snapshot after `delay`, at most one computation at a time. */
  function schedule(channel: Channel, delay: number): void {
    if (closed || channel.subscribers.size === 0) return;
    if (channel.running) {
      channel.rerun = true;
      return;
    }
    if (channel.timer) return;
    channel.timer = setTimeout(() => {
      const running = compute(channel);
      computing.add(running);
      void running.finally(() => computing.delete(running));
    }, delay);
  }

  function onCommit(event: CommitEvent): void {
    if (!WATCHED.has(event.kind) || event.counts.inserted + event.counts.updated === 0) return;
    generation++;
    if (event.kind === 'catalog') catalogGeneration++;
    for (const channel of channels.values()) schedule(channel, debounceMs);
  }

  function start(): void {
    heartbeat ??= setInterval(() => {
      const ping: SSEMessage = { event: 'ping', data: now().toISOString() };
      for (const channel of channels.values()) for (const subscriber of channel.subscribers) subscriber.send(ping, true);
    }, heartbeatMs);
    refresh ??= setInterval(() => {
      for (const channel of channels.values()) schedule(channel, 0);
    }, refreshMs);
  }

  function stop(): void {
    clearInterval(heartbeat);
    heartbeat = undefined;
    clearInterval(refresh);
    refresh = undefined;
  }

  function join(filter: LiveFilter, records: LiveRecords, scope: QueryScope, subscriber: Subscriber): Channel {
    const key = keyOf(filter, records, scope);
    let channel = channels.get(key);
    if (!channel) {
      channel = { key, filter, records, scope, subscribers: new Set(), timer: undefined, running: false, rerun: false };
      channels.set(key, channel);
    }
    channel.subscribers.add(subscriber);
    start();
    const latest = current(key);
    if (latest) subscriber.send(latest);
    else if (!channel.running) schedule(channel, 0);
    // A computation under way reaches the newcomer when it finishes; a commit since has set `rerun`.
    return channel;
  }

  function leave(channel: Channel, subscriber: Subscriber): void {
    channel.subscribers.delete(subscriber);
    if (channel.subscribers.size > 0) return;
    clearTimeout(channel.timer);
    channel.timer = undefined;
    channel.rerun = false;
    channels.delete(channel.key);
    if (channels.size === 0) stop();
  }

  const routes = new Hono().get('/live', (c) => {
    if (closed) throw new ApiError(503, 'shutting_down', 'the server is shutting down');
    const filter = readFilter(c);
    const records = (c.req.query('records') ?? 'both') as LiveRecords;
    if (!LIVE_RECORDS.includes(records))
      throw new ApiError(400, 'invalid_parameter', `records must be one of ${LIVE_RECORDS.join(', ')}, got "${records}"`, {
        field: 'records',
      });
    const scope = deps.scopeOf?.(c) ?? {};
    return streamSSE(c, async (stream) => {
      let done!: () => void;
      const ended = new Promise<void>((resolve) => (done = resolve));
      const subscriber = createSubscriber(stream, () => done());
      stream.onAbort(() => done());
      const channel = join(filter, records, scope, subscriber);
      try {
        await ended;
      } finally {
        leave(channel, subscriber);
      }
    });
  });

  async function prepare(filter: LiveFilter = {}, records: LiveRecords = 'both'): Promise<void> {
    const clean = normaliseLiveFilter(filter);
    const key = keyOf(clean, records, {});
    if (closed || current(key)) return;
    const snapshot = makeSnapshot(key, clean, records, {}).then(() => undefined);
    computing.add(snapshot);
    try {
      await snapshot;
    } finally {
      computing.delete(snapshot);
    }
  }

  return {
    routes,
    subscribers: subscriberCount,
    prepare,
    keepReady(filter = {}, records = 'both') {
      const prepareNow = () =>
        prepare(filter, records).catch((error: unknown) => {
          if (!closed) log(`live feed: preparing a snapshot failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      const next = () => {
        if (closed) return;
        // Just after the minute turns: the kept snapshot has expired by then.
        ready = setTimeout(() => void prepareNow().then(next), 60_000 - (now().getTime() % 60_000) + 200);
        ready.unref();
      };
      void prepareNow().then(next);
    },
    async close() {
      closed = true;
      clearTimeout(ready);
      stopListening();
      for (const channel of [...channels.values()]) {
        clearTimeout(channel.timer);
        channel.timer = undefined;
        for (const subscriber of channel.subscribers) subscriber.end();
      }
      stop();
      await Promise.allSettled([...computing]);
    },
  };
}
