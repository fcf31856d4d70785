import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityKind } from '../../domain/entities.ts';
import type { CanonicalRow } from '../steps/normalise-batch.ts';
import type { IngestBatcher } from './create-ingest-batcher.ts';
import { openIngestLog } from './create-ingest-log.ts';
import { createLogMerger } from './create-log-merger.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowsight-merger-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** A batcher that stores nothing and records what each submission held and when it came. */
function recordingBatcher() {
  const submissions: { kind: EntityKind; rows: readonly CanonicalRow[]; at: number }[] = [];
  const batcher: IngestBatcher = {
    async submit(kind, rows) {
      submissions.push({ kind, rows, at: performance.now() });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { inserted: rows.length, updated: 0, unchanged: 0 };
    },
    pendingRows: () => 0,
    close: async () => undefined,
  };
  return { batcher, submissions };
}

describe('createLogMerger', () => {
  it('gathers a trickle of entries into rounds spaced by the least interval, and marks them merged in order', async () => {
    const log = await openIngestLog(dir);
    const { batcher, submissions } = recordingBatcher();
    const merger = createLogMerger({ batcher, log, minRoundIntervalMs: 200 });
    // 30 single-row entries over about 600 ms.
    for (let i = 0; i < 30; i++) {
      merger.enqueue(await log.append('orders', 'http:a', [[`o${i}`]]));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await merger.drain();
    expect(submissions.flatMap((s) => s.rows)).toEqual(Array.from({ length: 30 }, (_, i) => [`o${i}`]));
    // Back to back there would be a round per entry; spaced, about one per 200 ms.
    expect(submissions.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < submissions.length; i++) expect(submissions[i]!.at - submissions[i - 1]!.at).toBeGreaterThanOrEqual(195);
    expect(merger.backlogRows()).toBe(0);
    await log.close();
    expect((await openIngestLog(dir)).unmerged()).toEqual([]);
  });

  it('does not wait while a full round of rows is waiting', async () => {
    const log = await openIngestLog(dir);
    const { batcher, submissions } = recordingBatcher();
    const merger = createLogMerger({ batcher, log, minRoundIntervalMs: 1000, maxRoundRows: 2 });
    const entries = await Promise.all(Array.from({ length: 8 }, (_, i) => log.append('orders', 'http:a', [[`o${i}`]])));
    const started = performance.now();
    for (const entry of entries) merger.enqueue(entry);
    await merger.drain();
    expect(submissions.map((s) => s.rows.length)).toEqual([1, 2, 2, 2, 1]);
    // Full rounds back to back; the last row, alone, waits for the interval.
    expect(submissions[3]!.at - started).toBeLessThan(500);
    expect(submissions[4]!.at - submissions[3]!.at).toBeGreaterThanOrEqual(990);
    await log.close();
  });
});
