import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIngestLog } from './create-ingest-log.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowsight-log-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('openIngestLog', () => {
  it('gives increasing positions and hands unmerged entries to the next run', async () => {
    const log = await openIngestLog(dir);
    const appended = await Promise.all([
      log.append('orders', 'http:a', [['o1', 1]]),
      log.append('logs', 'http:b', [['l1'], ['l2']]),
      log.append('orders', 'http:a', [['o2', 2]]),
    ]);
    expect(appended.map((e) => e.seq)).toEqual([1, 2, 3]);
    await log.markMerged(1);
    await log.close();
    const again = await openIngestLog(dir);
    expect(again.mergedAtOpen).toBe(1);
    expect(again.unmerged().map((e) => [e.seq, e.kind, e.source, e.rows])).toEqual([
      [2, 'logs', 'http:b', [['l1'], ['l2']]],
      [3, 'orders', 'http:a', [['o2', 2]]],
    ]);
    // New entries continue after the old ones.
    expect((await again.append('orders', 'http:a', [['o3', 3]])).seq).toBe(4);
    await again.close();
  });

  it('ignores a line torn by a crash, which was never acknowledged', async () => {
    const log = await openIngestLog(dir);
    await log.append('orders', 'http:a', [['o1', 1]]);
    await log.close();
    const [segment] = (await readdir(dir)).filter((name) => name.startsWith('segment-'));
    await appendFile(join(dir, segment!), '{"s":2,"k":"orders","src":"http:a","r":[["o2"');
    const again = await openIngestLog(dir);
    expect(again.unmerged().map((e) => e.seq)).toEqual([1]);
    await again.close();
  });

  it('removes the segments of earlier runs once everything in them is merged', async () => {
    const first = await openIngestLog(dir);
    await first.append('orders', 'http:a', [['o1', 1]]);
    await first.close();
    const second = await openIngestLog(dir);
    await second.append('orders', 'http:a', [['o2', 2]]);
    expect((await readdir(dir)).filter((name) => name.startsWith('segment-'))).toHaveLength(2);
    await second.markMerged(1);
    expect((await readdir(dir)).filter((name) => name.startsWith('segment-'))).toHaveLength(1);
    await second.close();
    expect((await openIngestLog(dir)).unmerged().map((e) => e.seq)).toEqual([2]);
  });

  it('spaces its fsyncs: one append after another waits for the next flush slot', async () => {
    const log = await openIngestLog(dir);
    const started = performance.now();
    for (let i = 0; i < 10; i++) await log.append('orders', 'http:a', [[`o${i}`]]);
    // Ten flushes, each starting 10 ms after the one before (a timer may fire a millisecond early);
    // back to back they took 1–3 ms each on this machine's disk.
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
    await log.close();
    expect((await openIngestLog(dir)).unmerged()).toHaveLength(10);
  });
});
