/** GET /api/v1/places on a real demo store: the catalog's places, grouped and counted, within the caller's scope. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceList } from '../src/query/list-places.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-places-'));
let store: Store;

beforeAll(async () => {
  store = await openDuckDbStore({ path: await createDemoStore(dir, 'places', { users: 100, days: 30 }), timeZone: 'Asia/Shanghai' });
}, 120_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function places(scope?: readonly string[]): Promise<PlaceList> {
  const app = createApp({ store, timeZone: 'Asia/Shanghai', rejectsDir: dir, version: 'test', scopeOf: () => ({ provinces: scope }) });
  const response = await app.request('/api/v1/places');
  expect(response.status).toBe(200);
  return (await response.json()) as PlaceList;
}

describe('places', () => {
  it('lists every venue of the catalog, with provinces and cities counted and the busiest first', async () => {
    const catalog = await store.runQuery({ sql: 'SELECT venue_id, province, city FROM venues', params: [] });
    const list = await places();
    expect(list.venues.map((v) => v.id).sort()).toEqual(catalog.map((row) => String(row.venue_id)).sort());
    expect(list.provinces.reduce((sum, p) => sum + p.venues, 0)).toBe(catalog.filter((row) => row.province !== null).length);
    const guangdong = catalog.filter((row) => row.province === list.provinces[0]!.name).length;
    expect(list.provinces[0]!.venues).toBe(guangdong);
    expect(list.provinces.map((p) => p.venues)).toEqual([...list.provinces.map((p) => p.venues)].sort((a, b) => b - a));
    for (const city of list.cities) expect(catalog.some((row) => row.city === city.name && row.province === city.province)).toBe(true);
  });

  it('shows a regional manager only their provinces', async () => {
    const first = (await places()).provinces[0]!.name;
    const scoped = await places([first]);
    expect(scoped.provinces.map((p) => p.name)).toEqual([first]);
    expect(scoped.venues.every((v) => v.province === first)).toBe(true);
    expect(scoped.cities.every((c) => c.province === first)).toBe(true);
  });
});
