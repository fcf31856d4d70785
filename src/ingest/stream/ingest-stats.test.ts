import { describe, expect, it } from 'vitest';
import { createIngestStats, type IngestBatchEvent } from './ingest-stats.ts';

const T0 = Date.parse('2024-05-01T08:00:00Z');

/** A clock the test moves by hand. */
function manualClock(start = T0) {
  let ms = start;
  return { now: () => new Date(ms), advance: (by: number) => void (ms += by), ms: () => ms };
}

const batch = (values: Partial<IngestBatchEvent> = {}): IngestBatchEvent => ({
  source: 'http',
  kind: 'orders',
  accepted: 0,
  inserted: 0,
  updated: 0,
  duplicates: 0,
  rejected: 0,
  reasons: [],
  eventTimesMs: [],
  ...values,
});

describe('createIngestStats', () => {
  it('adds up counts per source and entity, and over all of them', () => {
    const clock = manualClock();
    const stats = createIngestStats({ now: clock.now });
    stats.record(batch({ accepted: 3, inserted: 2, updated: 1 }));
    stats.record(batch({ accepted: 2, inserted: 1, duplicates: 1, rejected: 1 }));
    stats.record(batch({ kind: 'events', accepted: 5, inserted: 5 }));
    stats.record(batch({ source: 'nats', accepted: 1, inserted: 1 }));
    const snapshot = stats.snapshot();
    expect(snapshot.entries.map((e) => [e.source, e.kind])).toEqual([
      ['http', 'events'],
      ['http', 'orders'],
      ['nats', 'orders'],
    ]);
    expect(snapshot.entries[1]!.totals).toEqual({ batches: 2, accepted: 5, inserted: 3, updated: 1, duplicates: 1, rejected: 1 });
    expect(snapshot.totals).toEqual({ batches: 4, accepted: 11, inserted: 9, updated: 1, duplicates: 1, rejected: 1 });
  });

  it('keeps only the latest reject reasons, newest first, with their time and field', () => {
    const clock = manualClock();
    const stats = createIngestStats({ now: clock.now, reasonsKept: 3 });
    stats.record(
      batch({
        rejected: 2,
        reasons: [
          { line: 1, reason: 'a' },
          { line: 2, reason: 'b' },
        ],
      }),
    );
    clock.advance(1000);
    stats.record(
      batch({
        rejected: 3,
        reasons: [
          { line: 1, reason: 'c' },
          { line: 2, reason: 'd' },
          { line: 3, reason: 'e' },
        ],
      }),
    );
    clock.advance(1000);
    stats.record(batch({ rejected: 1, reasons: [{ line: 9, field: 'amount', reason: 'f' }] }));
    const [entry] = stats.snapshot().entries;
    expect(entry!.reasons).toEqual([
      { at: new Date(T0 + 2000).toISOString(), line: 9, field: 'amount', reason: 'f' },
      { at: new Date(T0 + 1000).toISOString(), line: 3, reason: 'e' },
      { at: new Date(T0 + 1000).toISOString(), line: 2, reason: 'd' },
    ]);
    expect(entry!.totals.rejected).toBe(6);
  });

  it('measures lag as ingest time minus event time over the latest samples', () => {
    const clock = manualClock();
    const stats = createIngestStats({ now: clock.now, lagSamplesKept: 100 });
    // 1..100 seconds late: p50 50 s, p95 95 s, max 100 s.
    const times = Array.from({ length: 100 }, (_, i) => T0 - (i + 1) * 1000);
    stats.record(batch({ accepted: 100, inserted: 100, eventTimesMs: times }));
    expect(stats.snapshot().entries[0]!.lag).toEqual({ samples: 100, p50Ms: 50_000, p95Ms: 95_000, maxMs: 100_000 });
    // 100 fresh samples push all the old ones out of the ring.
    clock.advance(60_000);
    stats.record(batch({ accepted: 100, inserted: 100, eventTimesMs: Array.from({ length: 100 }, () => clock.ms() - 200) }));
    expect(stats.snapshot().entries[0]!.lag).toEqual({ samples: 100, p50Ms: 200, p95Ms: 200, maxMs: 200 });
  });

  it('takes the ingest time from the batch when it carries one', () => {
    const stats = createIngestStats({ now: () => new Date(T0 + 3_600_000) });
    stats.record(batch({ accepted: 1, inserted: 1, eventTimesMs: [T0 - 5000], at: new Date(T0) }));
    const [entry] = stats.snapshot().entries;
    expect(entry!.lag?.maxMs).toBe(5000);
    expect(entry!.freshness.lastAcceptedAt).toBe(new Date(T0).toISOString());
    expect(entry!.freshness.secondsSinceLastAccepted).toBe(3600);
  });

  it('tells how fresh the data is: last record, last accepted, newest event', () => {
    const clock = manualClock();
    const stats = createIngestStats({ now: clock.now });
    stats.record(batch({ accepted: 2, inserted: 2, eventTimesMs: [T0 - 90_000, T0 - 30_000] }));
    clock.advance(10_000);
    stats.record(batch({ rejected: 1, reasons: [{ line: 1, reason: 'bad' }] }));
    clock.advance(2_500);
    const { freshness } = stats.snapshot().entries[0]!;
    expect(freshness).toEqual({
      lastRecordAt: new Date(T0 + 10_000).toISOString(),
      lastAcceptedAt: new Date(T0).toISOString(),
      newestEventAt: new Date(T0 - 30_000).toISOString(),
      secondsSinceLastRecord: 2.5,
      secondsSinceLastAccepted: 12.5,
    });
  });

  it('reports no lag and no accepted time for a source that only sent rejects', () => {
    const stats = createIngestStats({ now: () => new Date(T0) });
    stats.record(batch({ rejected: 1, reasons: [{ line: 1, reason: 'bad' }], eventTimesMs: [] }));
    const [entry] = stats.snapshot().entries;
    expect(entry!.lag).toBeNull();
    expect(entry!.freshness.lastAcceptedAt).toBeNull();
    expect(entry!.freshness.newestEventAt).toBeNull();
    expect(stats.snapshot().since).toBe(new Date(T0).toISOString());
  });

  it('ignores event times that are not numbers', () => {
    const stats = createIngestStats({ now: () => new Date(T0) });
    stats.record(batch({ accepted: 1, inserted: 1, eventTimesMs: [Number.NaN, T0 - 10] }));
    expect(stats.snapshot().entries[0]!.lag).toEqual({ samples: 1, p50Ms: 10, p95Ms: 10, maxMs: 10 });
  });

  it('keeps no reasons when asked to keep none', () => {
    const stats = createIngestStats({ now: () => new Date(T0), reasonsKept: 0 });
    stats.record(batch({ rejected: 1, reasons: [{ line: 1, reason: 'bad' }] }));
    expect(stats.snapshot().entries[0]!.reasons).toEqual([]);
  });
});
