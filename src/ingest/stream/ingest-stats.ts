/**
 * Counters of streaming ingestion per source and entity: what was accepted, inserted, updated,
 * dropped as a duplicate or rejected (with the latest reasons), how far behind the events arrive
 * (lag) and how recent the newest data is (freshness). Streaming commits skip the import log, so this
 * is where `/api/v1/ingest/stats` and the dashboard's `/data` page read them. In memory, per process;
 * pure except for the clock.
 */
import type { EntityKind } from '../../domain/entities.ts';

/** What one streamed batch did, as the pipeline reports it after its commit. */
export interface IngestBatchEvent {
  readonly source: string;
  readonly kind: EntityKind;
  /** Records that passed validation (inserted + updated + duplicates). */
  readonly accepted: number;
  readonly inserted: number;
  readonly updated: number;
  /** Records that changed nothing: exact or older copies of stored ones. */
  readonly duplicates: number;
  readonly rejected: number;
  readonly reasons: readonly { readonly line: number; readonly field?: string | undefined; readonly reason: string }[];
  /** Business times (epoch ms) of the accepted records, for lag. */
  readonly eventTimesMs: readonly number[];
  /** When the batch was ingested; the clock's now when unset. */
  readonly at?: Date | undefined;
}

export interface IngestTotals {
  readonly batches: number;
  readonly accepted: number;
  readonly inserted: number;
  readonly updated: number;
  readonly duplicates: number;
  readonly rejected: number;
}

/** Ingest time minus event time over the latest samples, in milliseconds. */
export interface IngestLag {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface IngestFreshness {
  /** Last batch of any outcome, ISO. */
  readonly lastRecordAt: string;
  /** Last batch with at least one accepted record, ISO. */
  readonly lastAcceptedAt: string | null;
  /** Newest business time seen, ISO. */
  readonly newestEventAt: string | null;
  readonly secondsSinceLastRecord: number;
  readonly secondsSinceLastAccepted: number | null;
}

export interface IngestStatsEntry {
  readonly source: string;
  readonly kind: EntityKind;
  readonly totals: IngestTotals;
  /** Latest reject reasons, newest first. */
  readonly reasons: readonly { readonly at: string; readonly line: number; readonly field?: string | undefined; readonly reason: string }[];
  /** Null until an accepted record carried an event time. */
  readonly lag: IngestLag | null;
  readonly freshness: IngestFreshness;
}

export interface IngestStatsSnapshot {
  readonly at: string;
  /** When counting started (process start, in effect). */
  readonly since: string;
  readonly totals: IngestTotals;
  /** One entry per source and entity, ordered by source then entity. */
  readonly entries: readonly IngestStatsEntry[];
}

export interface IngestStats {
  record(event: IngestBatchEvent): void;
  snapshot(): IngestStatsSnapshot;
}

export interface IngestStatsOptions {
  readonly now?: () => Date;
  /** Reject reasons kept per source and entity (default 20). */
  readonly reasonsKept?: number;
  /** Lag samples kept per source and entity (default 1000). */
  readonly lagSamplesKept?: number;
}

interface Counter {
  readonly source: string;
  readonly kind: EntityKind;
  totals: { batches: number; accepted: number; inserted: number; updated: number; duplicates: number; rejected: number };
  /** Ring of the latest reasons; `reasonNext` is where the next one goes. */
  readonly reasons: { at: number; line: number; field?: string | undefined; reason: string }[];
  reasonNext: number;
  /** Ring of the latest lag samples. */
  readonly lags: number[];
  lagNext: number;
  lastRecordAt: number;
  lastAcceptedAt: number | null;
  newestEventAt: number | null;
}

const emptyTotals = () => ({ batches: 0, accepted: 0, inserted: 0, updated: 0, duplicates: 0, rejected: 0 });

/** Adds `value` to a ring of at most `size`, overwriting the oldest; returns the next write index. */
function pushRing<T>(ring: T[], next: number, size: number, value: T): number {
  if (size <= 0) return 0;
  if (ring.length < size) ring.push(value);
  else ring[next] = value;
  return (next + 1) % size;
}

/** Ring contents oldest first. */
function ringInOrder<T>(ring: readonly T[], next: number, size: number): T[] {
  return ring.length < size ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * Creates the counters.
 *
 * @example
 * const stats = createIngestStats();
 * stats.record({ source: 'http', kind: 'orders', accepted: 2, inserted: 2, updated: 0, duplicates: 0, rejected: 1,
 *   reasons: [{ line: 3, reason: 'amount: not a number' }], eventTimesMs: [t1, t2] });
 * stats.snapshot().entries[0].lag?.p95Ms;
 */
export function createIngestStats(options: IngestStatsOptions = {}): IngestStats {
  const now = options.now ?? (() => new Date());
  const reasonsKept = Math.max(0, Math.floor(options.reasonsKept ?? 20));
  const lagSamplesKept = Math.max(1, Math.floor(options.lagSamplesKept ?? 1000));
  const since = now().getTime();
  const counters = new Map<string, Counter>();

  return {
    record(event) {
      const at = (event.at ?? now()).getTime();
      const key = JSON.stringify([event.source, event.kind]);
      let counter = counters.get(key);
      if (!counter) {
        counter = {
          source: event.source,
          kind: event.kind,
          totals: emptyTotals(),
          reasons: [],
          reasonNext: 0,
          lags: [],
          lagNext: 0,
          lastRecordAt: at,
          lastAcceptedAt: null,
          newestEventAt: null,
        };
        counters.set(key, counter);
      }
      const totals = counter.totals;
      totals.batches += 1;
      totals.accepted += event.accepted;
      totals.inserted += event.inserted;
      totals.updated += event.updated;
      totals.duplicates += event.duplicates;
      totals.rejected += event.rejected;
      counter.lastRecordAt = Math.max(counter.lastRecordAt, at);
      if (event.accepted > 0) counter.lastAcceptedAt = Math.max(counter.lastAcceptedAt ?? at, at);
      // Only the last `reasonsKept` reasons and `lagSamplesKept` times of a big batch can survive.
      const keptReasons = reasonsKept === 0 ? [] : event.reasons.slice(-reasonsKept);
      for (const { line, field, reason } of keptReasons) {
        counter.reasonNext = pushRing(counter.reasons, counter.reasonNext, reasonsKept, { at, line, field, reason });
      }
      for (const time of event.eventTimesMs.slice(-lagSamplesKept)) {
        if (!Number.isFinite(time)) continue;
        counter.lagNext = pushRing(counter.lags, counter.lagNext, lagSamplesKept, at - time);
      }
      for (const time of event.eventTimesMs) {
        if (Number.isFinite(time) && (counter.newestEventAt === null || time > counter.newestEventAt)) counter.newestEventAt = time;
      }
    },

    snapshot() {
      const at = now().getTime();
      const all = emptyTotals();
      const entries = [...counters.values()]
        .sort((a, b) => a.source.localeCompare(b.source) || a.kind.localeCompare(b.kind))
        .map((counter): IngestStatsEntry => {
          for (const name of Object.keys(all) as (keyof IngestTotals)[]) all[name] += counter.totals[name];
          const lags = [...counter.lags].sort((a, b) => a - b);
          return {
            source: counter.source,
            kind: counter.kind,
            totals: { ...counter.totals },
            reasons: ringInOrder(counter.reasons, counter.reasonNext, reasonsKept)
              .reverse()
              .map((r) => ({ at: iso(r.at), line: r.line, ...(r.field === undefined ? {} : { field: r.field }), reason: r.reason })),
            lag:
              lags.length === 0
                ? null
                : { samples: lags.length, p50Ms: percentile(lags, 50), p95Ms: percentile(lags, 95), maxMs: lags[lags.length - 1]! },
            freshness: {
              lastRecordAt: iso(counter.lastRecordAt),
              lastAcceptedAt: counter.lastAcceptedAt === null ? null : iso(counter.lastAcceptedAt),
              newestEventAt: counter.newestEventAt === null ? null : iso(counter.newestEventAt),
              secondsSinceLastRecord: seconds(Math.max(0, at - counter.lastRecordAt)),
              secondsSinceLastAccepted: counter.lastAcceptedAt === null ? null : seconds(Math.max(0, at - counter.lastAcceptedAt)),
            },
          };
        });
      return { at: iso(at), since: iso(since), totals: all, entries };
    },
  };
}
