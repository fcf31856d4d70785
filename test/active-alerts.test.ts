/**
 * GET /api/v1/alerts/active on a real demo store: quiet data raises no flow alert; a burst of visits
 * imported through the real import path raises an unusual-day alert and an emerging hot spot at once
 * (the cached answer is dropped by the import); a rejected row raises a rejects alert.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveAlert } from '../src/analysis/alerts/detect-active-alerts.ts';
import { CN_PROVINCES } from '../src/demo/cn-regions.ts';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import type { ActiveAlertsResult } from '../src/query/active-alerts.ts';
import { buildHotspots } from '../src/query/flow-hotspots.ts';
import { createApp } from '../src/server/app.ts';
import { generateApiKey } from '../src/server/auth/api-keys.ts';
import { createIngestServices } from '../src/server/ingest-services.ts';
import { ingestEndpoint } from '../src/server/routes/ingest.ts';
import { startServer } from '../src/server/start-server.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-15';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-alerts-'));
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await openDuckDbStore({
    path: await createDemoStore(dir, 'alerts', { users: 400, days: 120, endDate: END, seed: 11 }),
    timeZone: TZ,
  });
  app = createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test' });
}, 180_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function activeAlerts(query = ''): Promise<ActiveAlertsResult> {
  const response = await app.request(`/api/v1/alerts/active${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ActiveAlertsResult;
}

async function importLines(kind: 'events' | 'orders', name: string, lines: string[]) {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return importFiles({ store, kind, files: [file], zone: zoneResolver(TZ), rejectsPath: join(dir, `${name}.rejects`), maxRejectRate: 0.5 });
}

const kinds = (alerts: readonly ActiveAlert[]) => alerts.map((alert) => alert.kind);

describe('active alerts', () => {
  it('judges the last complete day of the data and raises no flow alert on the quiet demo data', async () => {
    const result = await activeAlerts();
    expect(result.lastDay).toBe(END);
    expect(result.place).toEqual({ level: 'all' });
    expect(kinds(result.alerts)).not.toContain('unusual_flow');
    for (const alert of result.alerts) expect(alert.title.zh && alert.title.en && alert.detail.zh && alert.detail.en).toBeTruthy();
  });

  it('raises an unusual-day alert and an emerging hot spot as soon as a burst of visits is imported', async () => {
    const before = await buildHotspots(store, { level: 'venue', limit: 10_000 }, {}, { timeZone: TZ });
    const venue = before.ranking.rows.find((row) => !row.emerging && row.current > 0 && row.typicalGrowth !== null)!;
    await activeAlerts(); // cached now: the import below must make it stale
    const outcome = await importLines(
      'events',
      'burst.ndjson',
      Array.from({ length: 400 }, (_, i) =>
        JSON.stringify({
          event_id: `burst-${i}`,
          user_id: `burst-${i}`,
          event_type: 'visit',
          occurred_at: `${END}T10:${String(i % 60).padStart(2, '0')}:00+08:00`,
          venue_id: venue.key,
        }),
      ),
    );
    expect(outcome.ok).toBe(true);
    const { alerts } = await activeAlerts();
    const unusual = alerts.find((alert) => alert.kind === 'unusual_flow' && alert.id.startsWith('unusual_flow:visitors:'));
    expect(unusual).toMatchObject({ severity: 'critical', date: END, place: { level: 'all' } });
    expect(unusual!.value).toBeGreaterThan(unusual!.expected! + 300);
    expect(unusual!.title.zh).toBe('全部 客流异常偏高');
    const emerging = alerts.find((alert) => alert.kind === 'emerging_hotspot' && alert.place?.value === venue.key);
    expect(emerging).toMatchObject({ severity: 'info', place: { level: 'venue', name: venue.label } });
    // Critical first.
    expect(alerts[0]!.severity).toBe('critical');
  });

  it('names the place asked about and keeps to it', async () => {
    const province = (await buildHotspots(store, { level: 'province', limit: 1 }, {}, { timeZone: TZ })).ranking.rows[0]!.key;
    const result = await activeAlerts(`?province=${encodeURIComponent(province)}`);
    expect(result.place).toEqual({ level: 'province', value: province, name: province });
    for (const alert of result.alerts) if (alert.kind === 'unusual_flow') expect(alert.place).toEqual(result.place);
  });

  it('finds the same place whether a province or city is written short or in full', async () => {
    const province = (await buildHotspots(store, { level: 'province', limit: 1 }, {}, { timeZone: TZ })).ranking.rows[0]!.key;
    const full = CN_PROVINCES.find((p) => p.name === province)!.fullName;
    expect(full).not.toBe(province);
    const short = await activeAlerts(`?province=${encodeURIComponent(province)}`);
    const long = await activeAlerts(`?province=${encodeURIComponent(full)}`);
    expect(long.place).toEqual({ level: 'province', value: province, name: province });
    expect({ lastDay: long.lastDay, alerts: long.alerts }).toEqual({ lastDay: short.lastDay, alerts: short.alerts });
    const city = (await buildHotspots(store, { level: 'city', limit: 1 }, {}, { timeZone: TZ })).ranking.rows[0]!.key;
    const inFull = await activeAlerts(`?city=${encodeURIComponent(`${city}市`)}`);
    expect(inFull.place).toEqual({ level: 'city', value: city, name: city });
  });

  it('refuses a place the catalog does not hold, naming it, instead of answering all clear', async () => {
    const venue = String((await store.runQuery({ sql: 'SELECT min(venue_id) AS v FROM venues', params: [] }))[0]!.v);
    for (const [query, field, says] of [
      ['?province=火星', 'province', 'there is no province "火星" in the catalog'],
      ['?city=火星市', 'city', 'there is no city "火星市" in the catalog'],
      [`?venue=${venue.toLowerCase()}`, 'venue', `did you mean "${venue}"?`],
      ['?venue=NOPE', 'venue', 'there is no venue "NOPE" in the catalog'],
    ] as const) {
      const response = await app.request(`/api/v1/alerts/active${encodeURI(query)}`);
      const body = (await response.json()) as { error: { message: string; details: { field: string } } };
      expect({ query, status: response.status, field: body.error.details.field }).toEqual({ query, status: 400, field });
      expect(body.error.message).toContain(says);
    }
  });

  it('raises a rejects alert naming the source and the latest reason after an import with a bad row', async () => {
    const outcome = await importLines('orders', 'bad.ndjson', [
      JSON.stringify({ order_id: 'A1', user_id: 'u1', created_at: `${END}T10:00:00+08:00`, amount: 10, status: 'completed' }),
      JSON.stringify({ order_id: 'A2', user_id: 'u1', created_at: `${END}T10:00:00+08:00`, amount: 'lots', status: 'completed' }),
    ]);
    expect(outcome.ok).toBe(true);
    const rejects = (await activeAlerts()).alerts.filter((alert) => alert.kind === 'ingest_rejects');
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ severity: 'warning', value: 1, title: { en: 'Records rejected: file / orders' } });
    expect(rejects[0]!.detail.en).toMatch(/^Rejected records: 1\. Latest reason: see .*bad\.ndjson\.rejects$/);
  });

  it('raises a rejects alert at once when streamed records are all rejected, though nothing was committed', async () => {
    const { key, record } = generateApiKey('ingest', 'alerts-test');
    await store.createApiKey(record);
    const services = await createIngestServices({ store, logDir: join(dir, 'alerts.ingest') });
    const streaming = createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test', ingest: services.ingest });
    const server = await startServer(streaming, '127.0.0.1', 0, { front: ingestEndpoint({ ingest: services.ingest, timeZone: TZ }) });
    const streamed = async () => {
      const body = (await (await fetch(`${server.url}/api/v1/alerts/active`)).json()) as ActiveAlertsResult;
      return body.alerts.filter(
        (alert) => alert.kind === 'ingest_rejects' && alert.title.en === 'Records rejected: http:alerts-test / orders',
      );
    };
    try {
      expect(await streamed()).toEqual([]);
      const response = await fetch(`${server.url}/api/v1/ingest/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        body: `${JSON.stringify({ order_id: 'S1', user_id: 'u1', created_at: 'not a time', amount: 10 })}\n`,
      });
      expect(response.status).toBe(422);
      const rejects = await streamed();
      expect(rejects).toHaveLength(1);
      expect(rejects[0]).toMatchObject({ severity: 'warning', value: 1 });
    } finally {
      await server.close();
      await services.close();
    }
  });
});
