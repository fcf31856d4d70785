/**
 * GET /api/v1/live?province=&city=&venue=&records=orders|visits|both — the live feed as server-sent
 * events (`records` says which latest records the snapshots carry, default both): an `event: snapshot`
 * (see query/live-snapshot.ts) on connect and again shortly after every commit of orders, events or
 * the catalog, and an `event: ping` every 15 s so proxies keep the connection open.
 *
 * Subscribers with the same filter (and scope) share one channel: a burst of commits costs one
 * computation per channel, whatever the number of subscribers. A slow subscriber only ever gets the
 * newest snapshot, never a backlog.
 */
import { Hono, type Context } from 'hono';
import { streamSSE, type SSEMessage, type SSEStreamingApi } from 'hono/streaming';
import type { MetricsSettings } from '../../analysis/metrics/facts.ts';
import type { QueryScope } from '../../analysis/metrics/metric-query.ts';
import type { EntityKind } from '../../domain/entities.ts';
import { buildLiveSnapshot, LIVE_RECORDS, normaliseLiveFilter, type LiveFilter, type LiveRecords } from '../../query/live-snapshot.ts';
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
  /** The last snapshot sent, with the commit generation it saw and when it was made. */
  latest: { readonly message: SSEMessage; readonly generation: number; readonly madeAt: number } | undefined;
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
  let generation = 0;
  let sequence = 0;
  let closed = false;
  let stopListening: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let refresh: ReturnType<typeof setInterval> | undefined;
  const computing = new Set<Promise<void>>();

  const subscriberCount = () => [...channels.values()].reduce((sum, channel) => sum + channel.subscribers.size, 0);

  async function compute(channel: Channel): Promise<void> {
    channel.timer = undefined;
    channel.running = true;
    const seen = generation;
    try {
      const snapshot = await buildLiveSnapshot(deps.store, {
        timeZone: deps.timeZone,
        filter: channel.filter,
        records: channel.records,
        scope: channel.scope,
        now: now(),
        ...(deps.settings ? { settings: deps.settings } : {}),
      });
      const message: SSEMessage = { event: 'snapshot', id: String(++sequence), data: JSON.stringify(snapshot) };
      channel.latest = { message, generation: seen, madeAt: Date.now() };
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
    for (const channel of channels.values()) schedule(channel, debounceMs);
  }

  function start(): void {
    stopListening ??= deps.store.onCommit(onCommit);
    heartbeat ??= setInterval(() => {
      const ping: SSEMessage = { event: 'ping', data: now().toISOString() };
      for (const channel of channels.values()) for (const subscriber of channel.subscribers) subscriber.send(ping, true);
    }, heartbeatMs);
    refresh ??= setInterval(() => {
      for (const channel of channels.values()) schedule(channel, 0);
    }, refreshMs);
  }

  function stop(): void {
    stopListening?.();
    stopListening = undefined;
    clearInterval(heartbeat);
    heartbeat = undefined;
    clearInterval(refresh);
    refresh = undefined;
  }

  function join(filter: LiveFilter, records: LiveRecords, scope: QueryScope, subscriber: Subscriber): Channel {
    const key = JSON.stringify([filter.province ?? null, filter.city ?? null, filter.venue ?? null, records, scope.provinces ?? null]);
    let channel = channels.get(key);
    if (!channel) {
      channel = { key, filter, records, scope, subscribers: new Set(), timer: undefined, running: false, rerun: false, latest: undefined };
      channels.set(key, channel);
    }
    channel.subscribers.add(subscriber);
    start();
    const latest = channel.latest;
    if (latest && latest.generation === generation && Date.now() - latest.madeAt < Math.min(refreshMs, 5000))
      subscriber.send(latest.message);
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

  return {
    routes,
    subscribers: subscriberCount,
    async close() {
      closed = true;
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
