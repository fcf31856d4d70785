/**
 * First start: when the store is empty, generate a small demo data set and import it through the
 * ordinary import path (so the demo exercises exactly what real data does).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTITY_KINDS } from '../domain/entities.ts';
import { zoneResolver } from '../domain/values/parse-timestamp.ts';
import { generateDemoData } from '../demo/generate-demo-data.ts';
import type { Store } from '../store/store.ts';
import { importFiles, type ImportSummary } from './import-files.ts';

export interface SeedOptions {
  readonly users?: number;
  readonly days?: number;
  /** Last day of demo data (YYYY-MM-DD); defaults to the generator's (yesterday in China). */
  readonly endDate?: string;
  readonly seed?: number;
  readonly rejectsDir: string;
  readonly onStep?: (message: string) => void;
}

/** Whether the store holds no records at all. */
export async function isStoreEmpty(store: Store): Promise<boolean> {
  for (const kind of ENTITY_KINDS) if ((await store.count(kind)) > 0) return false;
  return true;
}

/** Generates and imports the demo data set; returns one summary per entity. */
export async function seedDemoData(store: Store, options: SeedOptions): Promise<ImportSummary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'flowsight-demo-'));
  try {
    options.onStep?.('generating demo data…');
    await generateDemoData({
      outDir: dir,
      users: options.users ?? 2000,
      days: options.days ?? 400,
      seed: options.seed ?? 42,
      format: 'csv',
      ...(options.endDate ? { endDate: options.endDate } : {}),
    });
    const summaries: ImportSummary[] = [];
    for (const kind of ['catalog', 'weather', 'users', 'orders', 'events', 'logs'] as const) {
      const outcome = await importFiles({
        store,
        kind,
        files: [join(dir, `${kind}.csv`)],
        zone: zoneResolver('Asia/Shanghai'),
        rejectsPath: join(options.rejectsDir, `demo-${kind}.ndjson`),
        maxRejectRate: 0,
        source: 'demo',
      });
      if (!outcome.ok) throw new Error(`demo ${kind} data was refused: ${outcome.refusal.message}`);
      options.onStep?.(`demo ${kind}: ${outcome.summary.inserted} records`);
      summaries.push(outcome.summary);
    }
    return summaries;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
