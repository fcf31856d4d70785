/** A store file with a small demo data set, seeded through the real import path, for tests. */
import { join } from 'node:path';
import { seedDemoData } from '../../src/ingest/seed-demo.ts';
import { openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';

/** Creates `<dir>/<name>.duckdb` with demo data ending on `endDate`; returns its path (closed). */
export async function createDemoStore(
  dir: string,
  name: string,
  options: { users?: number; days?: number; endDate?: string; seed?: number } = {},
): Promise<string> {
  const path = join(dir, `${name}.duckdb`);
  const store = await openDuckDbStore({ path, timeZone: 'Asia/Shanghai' });
  try {
    await seedDemoData(store, {
      users: options.users ?? 400,
      days: options.days ?? 90,
      endDate: options.endDate ?? '2026-06-15',
      seed: options.seed ?? 11,
      rejectsDir: dir,
    });
  } finally {
    await store.close();
  }
  return path;
}
