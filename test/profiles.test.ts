/**
 * User profiles as users reach them: computed in a real DuckDB store from demo data and checked
 * against the documented rules recomputed in plain JavaScript from the stored records; incremental
 * recompute after new orders; segments through the CLI and the API; distributions and personas.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfmSegmentOf } from '../src/analysis/profiles/profile-rules.ts';
import { PREFERENCE_DAYS } from '../src/store/duckdb/profile-sql.ts';
import { computeProfiles, saveSegment, type Distribution, type ProfileComputeResult } from '../src/query/profiles.ts';
import { parseSegmentRule } from '../src/analysis/profiles/segment-rules.ts';
import { parseMetricQuery } from '../src/analysis/metrics/metric-query.ts';
import { queryMetrics } from '../src/query/query-metrics.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-15';
const NOW = new Date('2026-06-16T08:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'flowsight-profiles-'));
let db: string;
type Row = Record<string, string | number | boolean | null>;
let profiles: Map<string, Row>;
let orders: Row[];
let events: Row[];
let first: ProfileComputeResult;

const localDay = (iso: unknown) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(String(iso)));
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const isPurchase = (o: Row) => o.paid_at !== null && o.status !== 'cancelled' && o.status !== 'refunded';

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openDuckDbStore({ path: db, timeZone: TZ });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  db = await createDemoStore(dir, 'profiles', { users: 400, days: 240, endDate: END, seed: 21 });
  await withStore(async (store) => {
    first = await computeProfiles(store, { mode: 'full' }, { timeZone: TZ, now: NOW });
    const rows = await store.runQuery({ sql: 'SELECT * FROM profiles', params: [] });
    profiles = new Map(rows.map((r) => [String(r.user_id), r as Row]));
    orders = await store.listRecords('orders', { limit: 1_000_000 });
    events = await store.listRecords('events', { limit: 5_000_000 });
  });
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('computing profiles', () => {
  it('profiles every user with activity or a profile row, as of the last complete day', () => {
    expect(first.run.kind).toBe('full');
    expect(first.run.asOf).toBe(END);
    const active = new Set([
      ...orders.map((o) => String(o.user_id)),
      ...events.filter((e) => e.user_id !== null).map((e) => String(e.user_id)),
    ]);
    for (const user of active) expect(profiles.has(user), user).toBe(true);
    expect(profiles.size).toBe(first.run.users);
  });

  it('counts purchases, spend and recency exactly as documented', () => {
    const byUser = new Map<string, Row[]>();
    for (const o of orders.filter(isPurchase)) byUser.set(String(o.user_id), [...(byUser.get(String(o.user_id)) ?? []), o]);
    let checked = 0;
    for (const [user, bought] of byUser) {
      const p = profiles.get(user)!;
      expect(p.frequency, user).toBe(bought.length);
      expect(p.monetary as number).toBeCloseTo(
        bought.reduce((s, o) => s + Number(o.amount), 0),
        6,
      );
      const last = bought
        .map((o) => localDay(o.created_at))
        .sort()
        .at(-1)!;
      expect(p.last_purchase).toBe(last);
      expect(p.recency_days).toBe(daysBetween(last, END));
      expect(p.purchase_days).toBe(new Set(bought.map((o) => localDay(o.created_at))).size);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    for (const [user, p] of profiles) if (!byUser.has(user)) expect(p.frequency, user).toBe(0);
  });

  it('ranks each user’s preferences by count over the last year, ties by value, three at most', async () => {
    const catalog = await withStore((store) => store.listRecords('catalog', { limit: 1_000_000 }));
    const products = new Map(catalog.map((c) => [String(c.product_id), c]));
    const since = new Date(Date.parse(`${END}T00:00:00Z`) - (PREFERENCE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    const inYear = (iso: unknown) => {
      const day = localDay(iso);
      return day >= since && day <= END;
    };
    const counts = new Map<string, Map<string, Map<string, number>>>();
    const count = (user: unknown, kind: string, value: unknown) => {
      const byKind = counts.get(String(user)) ?? counts.set(String(user), new Map()).get(String(user))!;
      if (value === null || value === undefined || value === '') return;
      const byValue = byKind.get(kind) ?? byKind.set(kind, new Map()).get(kind)!;
      byValue.set(String(value), (byValue.get(String(value)) ?? 0) + 1);
    };
    for (const o of orders) {
      if (!isPurchase(o) || !inYear(o.created_at)) continue;
      const product = products.get(String(o.product_id));
      count(o.user_id, 'bought', product?.category ?? null);
      count(o.user_id, 'venues', o.venue_id ?? product?.venue_id ?? null);
    }
    for (const e of events) {
      if (e.user_id === null || !inYear(e.occurred_at)) continue;
      if (e.event_type === 'visit') count(e.user_id, 'venues', e.venue_id);
      else if (e.event_type === 'search') count(e.user_id, 'searched', e.query === null ? null : String(e.query).trim().toLowerCase());
      else if (['view', 'click', 'add_to_cart'].includes(String(e.event_type)))
        count(e.user_id, 'viewed', products.get(String(e.product_id))?.category ?? null);
    }
    const top = (byValue: Map<string, number> | undefined) =>
      [...(byValue ?? [])]
        .sort(([va, na], [vb, nb]) => nb - na || (va < vb ? -1 : va > vb ? 1 : 0))
        .slice(0, 3)
        .map(([value]) => value);
    const asList = (value: unknown) => (value === null ? null : Array.isArray(value) ? value : JSON.parse(String(value)));
    let ties = 0;
    for (const [user, p] of profiles) {
      const byKind = counts.get(user);
      // A user with nothing counted in the year has no preference row at all.
      const hasAny = byKind !== undefined && [...byKind.values()].some((m) => m.size > 0);
      for (const [kind, column] of [
        ['bought', 'top_categories'],
        ['venues', 'top_venues'],
        ['viewed', 'viewed_categories'],
        ['searched', 'searched_terms'],
      ] as const) {
        expect(asList(p[column]), `${user} ${column}`).toEqual(hasAny ? top(byKind?.get(kind)) : null);
        const n = [...(byKind?.get(kind)?.values() ?? [])].sort((a, b) => b - a);
        if (n.length > 3 && n[2] === n[3]) ties++;
      }
    }
    // The data exercise the tie rule: a third place shared with a fourth.
    expect(ties).toBeGreaterThan(10);
  });

  it('names the RFM segment from the scores by the documented rules, and the spending tier is the M score', () => {
    for (const p of profiles.values()) {
      if (p.frequency === 0) {
        expect(p.rfm_segment).toBeNull();
        continue;
      }
      expect(p.rfm_segment).toBe(rfmSegmentOf(Number(p.r_score), Number(p.f_score), Number(p.m_score)));
      expect(p.spending_tier).toBe(p.m_score);
    }
    // Scores order the buyers: more spend never has a lower M score.
    const buyers = [...profiles.values()].filter((p) => Number(p.frequency) > 0).sort((a, b) => Number(a.monetary) - Number(b.monetary));
    for (let i = 1; i < buyers.length; i++) expect(Number(buyers[i]!.m_score)).toBeGreaterThanOrEqual(Number(buyers[i - 1]!.m_score));
  });

  it('puts each user in the lifecycle stage the rules give from their activity', () => {
    const activity = new Map<string, string[]>();
    const add = (user: unknown, at: unknown) => {
      if (user === null) return;
      const day = localDay(at);
      if (day > END) return;
      activity.set(String(user), [...(activity.get(String(user)) ?? []), day]);
    };
    for (const o of orders) add(o.user_id, o.created_at);
    for (const e of events) add(e.user_id, e.occurred_at);
    for (const [user, days] of activity) {
      const p = profiles.get(user)!;
      const last = days.reduce((a, b) => (a > b ? a : b));
      const sinceLast = daysBetween(last, END);
      if (p.lifecycle === 'churned') expect(sinceLast, user).toBeGreaterThanOrEqual(90);
      else if (p.lifecycle === 'at_risk') expect(sinceLast, user).toBeGreaterThanOrEqual(30);
      else if (p.lifecycle !== 'new') expect(sinceLast, user).toBeLessThan(30);
    }
    const stages = new Set([...profiles.values()].map((p) => p.lifecycle));
    for (const stage of ['active', 'at_risk', 'churned']) expect(stages.has(stage), stage).toBe(true);
  });

  it('predicts purchases with BG/NBD for every buyer and says how sure it is', () => {
    const model = first.run.model as { bgnbd: { logLikelihood: number; r: number } | null; notes: string[] };
    expect(Number.isFinite(model.bgnbd?.logLikelihood)).toBe(true);
    for (const p of profiles.values()) {
      if (p.frequency === 0) {
        expect(p.p_alive).toBeNull();
        continue;
      }
      expect(p.p_alive as number).toBeGreaterThan(0);
      expect(p.p_alive as number).toBeLessThanOrEqual(1);
      expect(p.expected_purchases_90d as number).toBeGreaterThanOrEqual(p.expected_purchases_30d as number);
      expect(p.churn_risk).toBe((p.p_alive as number) < 0.3 ? 'high' : (p.p_alive as number) < 0.7 ? 'medium' : 'low');
    }
  });

  it('names personas found by clustering, in Chinese and English', () => {
    expect(first.personas).not.toBeNull();
    const personas = first.personas!;
    expect(personas.personas.length).toBe(personas.k);
    expect(new Set(personas.personas.map((p) => p.zh)).size).toBe(personas.k);
    expect(personas.personas.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 6);
    for (const p of personas.personas) {
      expect(p.zh.length).toBeGreaterThan(0);
      expect(p.en).toMatch(/[a-z]/);
      // Every buyer carries their persona, and each persona's size is the number of its users.
      expect([...profiles.values()].filter((row) => row.persona === p.id).length, p.en).toBe(p.size);
    }
    for (const row of profiles.values()) expect(row.persona === null, String(row.user_id)).toBe(Number(row.frequency) === 0);
  });

  it('recomputes only the users with new data, and gets what a full run gets', async () => {
    const user = [...profiles.values()].find((p) => Number(p.frequency) >= 2)!;
    // A first-time buyer whose stage a purchase today leaves as it was (later tests count stages).
    const newcomer = [...profiles.values()].find((p) => Number(p.frequency) === 0 && (p.lifecycle === 'active' || p.lifecycle === 'new'))!;
    const file = join(dir, 'new-orders.csv');
    writeFileSync(
      file,
      `order_id,user_id,created_at,paid_at,product_id,quantity,amount,order_type,channel,status\n` +
        `NEW-1,${user.user_id},${END} 10:00:00,${END} 10:01:00,,1,1234.50,online,wechat,completed\n` +
        `NEW-2,${newcomer.user_id},${END} 11:00:00,${END} 11:01:00,,1,88.00,online,app,completed\n`,
    );
    const imported = await runCli(['import', 'orders', file, '--db', db]);
    expect(imported.code, imported.stderr).toBe(0);
    await withStore(async (store) => {
      const incremental = await computeProfiles(store, {}, { timeZone: TZ, now: NOW });
      expect(incremental.run.kind).toBe('incremental');
      expect(incremental.run.users).toBe(2);
      const [after] = await store.runQuery({ sql: 'SELECT * FROM profiles WHERE user_id = $1', params: [String(user.user_id)] });
      expect(after!.frequency).toBe(Number(user.frequency) + 1);
      expect(after!.monetary as number).toBeCloseTo(Number(user.monetary) + 1234.5, 6);
      expect(after!.recency_days).toBe(0);
      // One changed buyer cannot be fitted on: the full run's purchase model predicts for them.
      expect(incremental.run.model).toMatchObject({ bgnbd: (first.run.model as { bgnbd: object }).bgnbd });
      expect(after!.p_alive as number).toBeGreaterThan(0);
      expect(after!.p_alive as number).toBeLessThanOrEqual(1);
      expect(after!.expected_purchases_90d as number).toBeGreaterThan(0);
      // The in-province tier, which only a full run ranks, is kept for the changed user.
      expect(after!.spending_tier_province).toBe(user.spending_tier_province);
      // Every buyer has a persona of the full run's, the first-time buyer too.
      const k = first.personas!.k;
      const [firstTime] = await store.runQuery({
        sql: 'SELECT frequency, persona FROM profiles WHERE user_id = $1',
        params: [String(newcomer.user_id)],
      });
      expect(firstTime).toMatchObject({ frequency: 1 });
      for (const persona of [after!.persona, firstTime!.persona]) {
        expect(persona as number).toBeGreaterThanOrEqual(0);
        expect(persona as number).toBeLessThan(k);
      }
      const [unassigned] = await store.runQuery({
        sql: 'SELECT count(*) AS n FROM profiles WHERE (frequency > 0) <> (persona IS NOT NULL)',
        params: [],
      });
      expect(Number(unassigned!.n)).toBe(0);
      const [other] = await store.runQuery({ sql: 'SELECT count(*) AS n FROM profiles', params: [] });
      expect(Number(other!.n)).toBe(profiles.size);
      // A full run agrees on every feature of the changed user.
      await computeProfiles(store, { mode: 'full' }, { timeZone: TZ, now: NOW });
      const features =
        'frequency, monetary, purchase_days, first_purchase, last_purchase, recency_days, orders_per_month, avg_basket, ' +
        'preferred_channel, preferred_order_type, top_categories, top_venues, viewed_categories, searched_terms, activities, ' +
        'first_active, last_active, weekend_share, evening_share, active_hours, active_weekdays, lifecycle';
      const [full] = await store.runQuery({ sql: `SELECT ${features} FROM profiles WHERE user_id = $1`, params: [String(user.user_id)] });
      // Sums of amounts may differ in their last bits with the order of summation.
      for (const column of features.split(', ')) {
        const [a, b] = [full![column], after![column]];
        if (typeof a === 'number' && typeof b === 'number') expect(a, column).toBeCloseTo(b, 6);
        else expect(a, column).toEqual(b);
      }
      expect(full).toMatchObject({ frequency: after!.frequency, recency_days: 0 });
    });
  });
});

describe('segments and distributions', () => {
  it('creates, previews, lists and exports a segment through the CLI', async () => {
    const created = await runCli([
      'segments',
      'create',
      '--db',
      db,
      '--name',
      'big spenders',
      '--where',
      'spending_tier>=4',
      '--where',
      'frequency>=2',
      '--json',
    ]);
    expect(created.code).toBe(0);
    const { segment, users } = JSON.parse(created.stdout) as { segment: { id: string }; users: number };
    const expected = [...profiles.values()].filter((p) => Number(p.spending_tier) >= 4 && Number(p.frequency) >= 2).length;
    expect(Math.abs(users - expected)).toBeLessThanOrEqual(1); // the incremental test above added one order
    const out = join(dir, 'big.csv');
    const exported = await runCli(['segments', 'export', 'big spenders', '--db', db, '--out', out]);
    expect(exported.code).toBe(0);
    const ids = readFileSync(out, 'utf8').trim().split('\n');
    expect(ids[0]).toBe('user_id');
    expect(ids.length - 1).toBe(users);
    const listed = await runCli(['segments', 'list', '--db', db]);
    expect(listed.stdout).toContain(`${segment.id}  big spenders  spending_tier>=4 AND frequency>=2`);
    const duplicate = await runCli(['segments', 'create', '--db', db, '--name', 'big spenders', '--where', 'frequency>=1']);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('exists already');
    const bad = await runCli(['segments', 'create', '--db', db, '--name', 'x', '--where', 'lifecycle>=3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--where: lifecycle is not ordered');
  });

  it('serves profiles, distributions, personas and segment CRUD over the API', async () => {
    await withStore(async (store) => {
      const app = createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test' });
      const call = async (path: string, init?: RequestInit) => {
        const response = await app.request(path, init);
        return {
          status: response.status,
          body: response.headers.get('content-type')?.includes('json') ? ((await response.json()) as unknown) : await response.text(),
        };
      };
      const someone = [...profiles.keys()][0]!;
      const profile = await call(`/api/v1/profiles/${someone}`);
      expect(profile.status).toBe(200);
      expect((profile.body as { profile: Row; stages: unknown[] }).stages.length).toBeGreaterThanOrEqual(1);
      expect((await call('/api/v1/profiles/nobody')).status).toBe(404);

      const distribution = (await call('/api/v1/profiles/distribution?field=lifecycle')).body as Distribution;
      expect(distribution.buckets.reduce((s, b) => s + b.users, 0)).toBe(distribution.users - distribution.missing);
      const within = (await call('/api/v1/profiles/distribution?field=monetary&where=lifecycle%3Dat_risk')).body as Distribution;
      expect(within.users).toBe([...profiles.values()].filter((p) => p.lifecycle === 'at_risk').length);
      expect((await call('/api/v1/profiles/distribution?field=nonsense')).status).toBe(400);

      expect(((await call('/api/v1/personas')).body as { personas: { k: number } }).personas.k).toBeGreaterThanOrEqual(2);

      const created = await call('/api/v1/segments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'at risk 广东', rules: ['lifecycle=at_risk', { field: 'province', op: 'eq', values: ['广东'] }] }),
      });
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;
      const preview = (await call(`/api/v1/segments/${id}/preview?limit=3`)).body as { users: number; sample: Row[] };
      expect(preview.users).toBe([...profiles.values()].filter((p) => p.lifecycle === 'at_risk' && p.province === '广东').length);
      for (const row of preview.sample) expect(row).toMatchObject({ lifecycle: 'at_risk', province: '广东' });
      const updated = await call(`/api/v1/segments/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules: ['lifecycle=churned'] }),
      });
      expect((updated.body as { rules: unknown[] }).rules).toEqual([{ field: 'lifecycle', op: 'eq', values: ['churned'] }]);
      const csv = (await call(`/api/v1/segments/${id}/export`)).body as string;
      expect(csv.trim().split('\n').length - 1).toBe([...profiles.values()].filter((p) => p.lifecycle === 'churned').length);
      const badRules = await call('/api/v1/segments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bad', rules: ['nope=1'] }),
      });
      expect(badRules.status).toBe(400);
      expect((await call(`/api/v1/segments/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await call(`/api/v1/segments/${id}`)).status).toBe(404);
    });
  });

  it('filters any user metric by a saved segment, by id or name, and never from a rollup', async () => {
    await withStore(async (store) => {
      const segment = await saveSegment(store, { name: 'regulars', rules: [parseSegmentRule('frequency>=3')] });
      const members = new Set(
        (await store.runQuery({ sql: 'SELECT user_id FROM profiles WHERE frequency >= 3', params: [] })).map((r) => String(r.user_id)),
      );
      const from = '2026-05-01';
      const to = '2026-05-31';
      const inPeriod = (o: Row) => localDay(o.created_at) >= from && localDay(o.created_at) <= to;
      const expected = orders.filter((o) => inPeriod(o) && members.has(String(o.user_id))).length;
      for (const id of [segment.id, 'regulars']) {
        const result = await queryMetrics(
          store,
          parseMetricQuery({ metric: 'orders', from, to, where: `segment=${id}` }),
          {},
          { timeZone: TZ },
        );
        expect(result.rows[0]!.orders).toBe(expected);
        expect(result.sources.orders_created).toBe('raw');
      }
      const outside = await queryMetrics(
        store,
        parseMetricQuery({ metric: 'orders', from, to, where: 'segment!=regulars' }),
        {},
        { timeZone: TZ },
      );
      expect(outside.rows[0]!.orders).toBe(orders.filter((o) => inPeriod(o) && !members.has(String(o.user_id))).length);
      await expect(
        queryMetrics(store, parseMetricQuery({ metric: 'orders', where: 'segment=nope' }), {}, { timeZone: TZ }),
      ).rejects.toThrow('no segment nope');
      await expect(queryMetrics(store, parseMetricQuery({ metric: 'orders', by: 'segment' }), {}, { timeZone: TZ })).rejects.toThrow(
        'segment can only filter',
      );
    });
  });

  it('keeps a region-scoped caller inside their provinces', async () => {
    await withStore(async (store) => {
      const app = createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test', scopeOf: () => ({ provinces: ['广东'] }) });
      const d = (await (await app.request('/api/v1/profiles/distribution?field=province')).json()) as Distribution;
      expect(d.buckets.map((b) => b.value)).toEqual(['广东']);
      const outside = [...profiles.values()].find((p) => p.province !== null && p.province !== '广东')!;
      expect((await app.request(`/api/v1/profiles/${String(outside.user_id)}`)).status).toBe(404);
    });
  });
});

describe('segment values, distributions, profiles and exports as users type and read them', () => {
  let current: Row[];
  const count = (test: (p: Row) => boolean) => current.filter(test).length;
  const cli = async (...args: string[]) => runCli([...args, '--db', db]);
  const previewCount = async (rule: string) => {
    const result = await cli('segments', 'preview', '--where', rule, '--limit', '0', '--json');
    expect(result.stderr).toBe('');
    return (JSON.parse(result.stdout) as { users: number }).users;
  };

  beforeAll(async () => {
    current = (await withStore((store) => store.runQuery({ sql: 'SELECT * FROM profiles', params: [] }))) as Row[];
  });

  it('selects the users a label names, as it selects them by the stored value (CLI)', async () => {
    const atRisk = count((p) => p.lifecycle === 'at_risk');
    const female = count((p) => p.gender === 'female');
    const wechat = count((p) => p.preferred_channel === 'wechat');
    expect(Math.min(atRisk, female, wechat)).toBeGreaterThan(0);
    expect(await previewCount('lifecycle=流失风险')).toBe(atRisk);
    expect(await previewCount('lifecycle=at risk')).toBe(atRisk);
    expect(await previewCount('gender=女')).toBe(female);
    expect(await previewCount('preferred_channel=微信端')).toBe(wechat);
    expect(await previewCount('tag=lifecycle:流失风险')).toBe(atRisk);
  });

  it('gives the audience each label `profiles distribution` shows when the label is copied into a rule', async () => {
    const shown = await cli('profiles', 'distribution', 'lifecycle');
    const rows = shown.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => /^\s+(\S+)\s+(\d+)\s/.exec(line)!);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const [, label, users] of rows) expect(await previewCount(`lifecycle=${label!}`), label).toBe(Number(users));
  });

  it('refuses a value an enumerated field never holds, naming the field, the value and the allowed values, and saves nothing', async () => {
    const preview = await cli('segments', 'preview', '--where', 'lifecycle=nonsense_stage');
    expect(preview.code).toBe(2);
    expect(preview.stderr.trim()).toBe(
      'flowsight: --where: lifecycle has no value "nonsense_stage"; it takes new (新客户), active (活跃), growing (成长), at_risk (流失风险), churned (已流失), reactivated (回流), registered (仅注册)',
    );
    const create = await cli('segments', 'create', '--name', 'nonsense', '--where', 'gender=woman');
    expect(create.code).toBe(2);
    expect(create.stderr).toContain('gender has no value "woman"; it takes male (男), female (女), other (其他), unknown (未知)');
    expect((await cli('segments', 'list')).stdout).not.toContain('nonsense');
  });

  it('counts scores and tiers one bucket per value, and personas by name (CLI)', async () => {
    for (const field of ['r_score', 'spending_tier']) {
      const d = JSON.parse((await cli('profiles', 'distribution', field, '--json')).stdout) as Distribution;
      expect(d.buckets.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5']);
      for (const b of d.buckets) expect(b.users, `${field}=${b.value}`).toBe(count((p) => String(p[field]) === b.value));
    }
    const personas = (
      JSON.parse((await cli('profiles', 'personas', '--json')).stdout) as { personas: { personas: { id: number; zh: string }[] } }
    ).personas.personas;
    const text = (await cli('profiles', 'distribution', 'persona')).stdout;
    for (const p of personas) {
      const users = count((row) => row.persona === p.id);
      expect(text).toMatch(new RegExp(`^  ${p.zh.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(${p.id}\\)\\s+${users}\\s`, 'm'));
    }
    expect(text).not.toMatch(/–/);
  });

  it('shows list fields of a profile as lists (CLI --json)', async () => {
    const someone = current.find((p) => p.top_categories !== null && p.active_hours !== null && p.top_venues !== null)!;
    const shown = await cli('profiles', 'show', String(someone.user_id), '--json');
    const { profile } = JSON.parse(shown.stdout) as { profile: Record<string, unknown> };
    for (const field of ['top_categories', 'top_venues', 'active_hours', 'active_weekdays'])
      expect(profile[field], field).toEqual(someone[field] === null ? null : JSON.parse(String(someone[field])));
    expect(Array.isArray(profile.top_categories)).toBe(true);
    expect(Array.isArray(profile.active_hours) && (profile.active_hours as unknown[]).every((h) => typeof h === 'number')).toBe(true);
  });

  it('exports a segment as one JSON document with --json, and names an unwritable --out in one line', async () => {
    const created = await cli('segments', 'create', '--name', 'export me', '--where', 'lifecycle=已流失', '--json');
    expect(created.code).toBe(0);
    const csv = await cli('segments', 'export', 'export me');
    const ids = csv.stdout.trim().split('\n').slice(1);
    expect(ids.length).toBe(count((p) => p.lifecycle === 'churned'));
    const exported = await cli('segments', 'export', 'export me', '--json');
    expect(exported.code).toBe(0);
    const document = JSON.parse(exported.stdout) as { segment: { name: string; rules: unknown[] }; users: number; userIds: string[] };
    expect(document.segment).toMatchObject({ name: 'export me', rules: [{ field: 'lifecycle', op: 'eq', values: ['churned'] }] });
    expect(document.users).toBe(ids.length);
    expect(document.userIds).toEqual(ids);
    const nowhere = join(dir, 'no-such-dir', 'x.csv');
    const failed = await cli('segments', 'export', 'export me', '--out', nowhere);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`flowsight: cannot write ${nowhere}: the directory ${join(dir, 'no-such-dir')} does not exist\n`);
  });

  it('states each persona’s share as a share of buyers, in both languages', () => {
    // As of the first computation, whose personas these are.
    const atFirst = [...profiles.values()];
    const buyers = atFirst.filter((p) => Number(p.frequency) > 0).length;
    expect(buyers).toBeLessThan(atFirst.length);
    for (const p of first.personas!.personas) {
      const share = `${Math.round((100 * atFirst.filter((row) => row.persona === p.id).length) / buyers)}%`;
      expect(p.description.en.startsWith(`${share} of buyers`), p.description.en).toBe(true);
      expect(p.description.zh.startsWith(`占买家 ${share}`), p.description.zh).toBe(true);
    }
  });
});

describe('segment values, distributions and profiles over a running server', () => {
  let server: Awaited<ReturnType<typeof startServe>>;
  let current: Row[];
  const count = (test: (p: Row) => boolean) => current.filter(test).length;
  const call = async <T>(path: string, init?: RequestInit) => {
    const response = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const post = <T>(path: string, body: unknown) => call<T>(path, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    current = (await withStore((store) => store.runQuery({ sql: 'SELECT * FROM profiles', params: [] }))) as Row[];
    server = await startServe(['--db', db, '--no-demo', '--no-dashboard']);
  }, 120_000);
  afterAll(async () => {
    if (server) await stop(server.child);
  });

  it('maps labels to stored values and refuses values that cannot exist with a 400 naming them', async () => {
    const bogus = await post<{ error: unknown }>('/api/v1/segments', { name: 'z2', rules: ['lifecycle=bogus_stage'] });
    expect(bogus).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_rules',
          message:
            'lifecycle has no value "bogus_stage"; it takes new (新客户), active (活跃), growing (成长), at_risk (流失风险), churned (已流失), reactivated (回流), registered (仅注册)',
          details: { field: 'rules', rule: 0 },
        },
      },
    });
    const asObject = await post<{ error: { message: string } }>('/api/v1/segments', {
      name: 'z3',
      rules: [{ field: 'preferred_channel', op: 'in', values: ['wechat', 'alipay'] }],
    });
    expect(asObject.status).toBe(400);
    expect(asObject.body.error.message).toMatch(/^preferred_channel has no value "alipay"; it takes pc/);
    expect((await call<unknown>('/api/v1/profiles/distribution?field=lifecycle&where=gender%3Dwoman')).status).toBe(400);
    const segments = (await call<{ segments: { name: string }[] }>('/api/v1/segments')).body.segments.map((x) => x.name);
    expect(segments).not.toContain('z2');
    expect(segments).not.toContain('z3');

    const labelled = await post<{ id: string; rules: unknown[] }>('/api/v1/segments', {
      name: '流失风险 女',
      rules: ['lifecycle=流失风险', { field: 'gender', op: 'eq', values: ['女'] }],
    });
    expect(labelled.status).toBe(201);
    expect(labelled.body.rules).toEqual([
      { field: 'lifecycle', op: 'eq', values: ['at_risk'] },
      { field: 'gender', op: 'eq', values: ['female'] },
    ]);
    const preview = await call<{ users: number }>(`/api/v1/segments/${labelled.body.id}/preview?limit=0`);
    expect(preview.body.users).toBe(count((p) => p.lifecycle === 'at_risk' && p.gender === 'female'));
    expect(preview.body.users).toBeGreaterThan(0);
  });

  it('counts scores one bucket per value and personas by name', async () => {
    const scores = await call<Distribution>('/api/v1/profiles/distribution?field=r_score');
    expect(scores.body.buckets.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5']);
    for (const b of scores.body.buckets) expect(b.users).toBe(count((p) => String(p.r_score) === b.value));
    const personas = (await call<{ personas: { personas: { id: number; zh: string; en: string }[] } }>('/api/v1/personas')).body.personas
      .personas;
    const d = await call<{ buckets: { value: string; users: number; zh?: string; en?: string }[] }>(
      '/api/v1/profiles/distribution?field=persona',
    );
    expect(d.body.buckets.map((b) => b.value).sort()).toEqual(personas.map((p) => String(p.id)).sort());
    for (const b of d.body.buckets) {
      const persona = personas.find((p) => String(p.id) === b.value)!;
      expect(b).toMatchObject({ zh: persona.zh, en: persona.en, users: count((p) => p.persona === persona.id) });
    }
  });

  it('answers list fields of a profile as arrays', async () => {
    const someone = current.find((p) => p.top_categories !== null && p.active_hours !== null)!;
    const { status, body } = await call<{ profile: Record<string, unknown> }>(`/api/v1/profiles/${String(someone.user_id)}`);
    expect(status).toBe(200);
    for (const field of ['top_categories', 'top_venues', 'viewed_categories', 'searched_terms', 'active_hours', 'active_weekdays'])
      expect(body.profile[field], field).toEqual(someone[field] === null ? null : JSON.parse(String(someone[field])));
    expect(Array.isArray(body.profile.top_categories)).toBe(true);
  });

  it('exports a segment as JSON through the server as it does locally', async () => {
    const created = await post<unknown>('/api/v1/segments', {
      name: 'exported over the server',
      rules: ['lifecycle=at_risk', 'gender=female'],
    });
    expect(created.status).toBe(201);
    const exported = await runCli(['segments', 'export', 'exported over the server', '--db', db, '--json']);
    expect(exported.code).toBe(0);
    const document = JSON.parse(exported.stdout) as { users: number; userIds: string[] };
    expect(document.userIds).toEqual(
      current
        .filter((p) => p.lifecycle === 'at_risk' && p.gender === 'female')
        .map((p) => String(p.user_id))
        .sort(),
    );
    expect(document.users).toBe(document.userIds.length);
  });
});
