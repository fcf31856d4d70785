/**
 * The dashboard's profile endpoints against a real DuckDB store with demo data and computed profiles:
 * the lifecycle flow reconstructed from the entities agrees with full profile computations made as of
 * two days (their stored stages and the stage history between them), headline numbers agree with the
 * stored profiles, small whole numbers are counted per value, and the field catalog only offers
 * what the rule parser accepts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_FIELDS } from '../src/analysis/profiles/profile-fields.ts';
import { LIFECYCLE_STAGES } from '../src/analysis/profiles/profile-rules.ts';
import { checkSegmentRules } from '../src/analysis/profiles/segment-rules.ts';
import { profileFieldCatalog } from '../src/query/profile-field-catalog.ts';
import {
  ENTERED,
  lifecycleSnapshotDays,
  MAX_SNAPSHOTS,
  type LifecycleFlow,
  type UserStageHistory,
} from '../src/query/profile-lifecycle-flow.ts';
import type { ProfileSummary } from '../src/query/profile-summary.ts';
import type { ValueDistribution } from '../src/query/profile-value-distribution.ts';
import { computeProfiles, type Distribution } from '../src/query/profiles.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-15';
/** The earlier day profiles are also computed as of (the flow's starting point). */
const EARLIER = '2026-03-31';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-profile-insights-'));
let store: Store;
let app: ReturnType<typeof createApp>;
type Row = Record<string, string | number | boolean | null>;
/** Lifecycle counts of the profiles computed as of EARLIER, and those of its registered users who had registered by then. */
let earlierStages: Map<string, number>;
let earlierRegisteredByThen: number;
/** The profiles as of END. */
let profiles: Row[];

const countBy = (rows: readonly Row[], key: string) => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(String(row[key]), (counts.get(String(row[key])) ?? 0) + 1);
  return counts;
};

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await app.request(path);
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  const path = await createDemoStore(dir, 'insights', { users: 400, days: 240, endDate: END, seed: 21 });
  store = await openDuckDbStore({ path, timeZone: TZ });
  // Profiles as of EARLIER (the day "now" is the next morning), then as of END: two runs, so the
  // stored stage history holds each user's stage on both days.
  await computeProfiles(store, { mode: 'full' }, { timeZone: TZ, now: new Date(`2026-04-01T08:00:00+08:00`) });
  const before = await store.runQuery({ sql: 'SELECT lifecycle, registered_at FROM profiles', params: [] });
  earlierStages = countBy(before as Row[], 'lifecycle');
  const [registered] = await store.runQuery({
    sql: `SELECT count(*) AS n FROM profiles WHERE lifecycle = 'registered' AND (registered_at IS NULL OR CAST(registered_at AS DATE) <= DATE '${EARLIER}')`,
    params: [],
  });
  earlierRegisteredByThen = Number(registered?.n);
  await computeProfiles(store, { mode: 'full' }, { timeZone: TZ, now: new Date(`2026-06-16T08:00:00+08:00`) });
  profiles = (await store.runQuery({ sql: 'SELECT * FROM profiles', params: [] })) as Row[];
  app = createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test' });
}, 240_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('lifecycleSnapshotDays', () => {
  it('starts the day before the period, ends each month inside it and ends on its last day', () => {
    expect(lifecycleSnapshotDays('2026-04-01', '2026-06-15', 'month')).toEqual(['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-15']);
    expect(lifecycleSnapshotDays('2026-02-10', '2026-02-28', 'month')).toEqual(['2026-02-09', '2026-02-28']);
  });

  it('ends weeks on Sundays', () => {
    // 2026-06-01 is a Monday.
    expect(lifecycleSnapshotDays('2026-06-03', '2026-06-15', 'week')).toEqual(['2026-06-02', '2026-06-07', '2026-06-14', '2026-06-15']);
  });

  it('refuses periods that would need too many snapshots, and reversed ones', () => {
    expect(() => lifecycleSnapshotDays('2020-01-01', '2026-01-01', 'week')).toThrow(`more than ${MAX_SNAPSHOTS} weeks`);
    expect(() => lifecycleSnapshotDays('2026-02-01', '2026-01-01', 'month')).toThrow('after');
  });
});

describe('GET /api/v1/profile-insights/lifecycle-flow', () => {
  let flow: LifecycleFlow;
  beforeAll(async () => {
    const answer = await get<LifecycleFlow>(`/api/v1/profile-insights/lifecycle-flow?from=2026-04-01&to=2026-06-15&grain=month`);
    expect(answer.status).toBe(200);
    flow = answer.body;
  });

  it('takes stages at the start of the period, at each month end and on the as-of day', () => {
    expect(flow.asOf).toBe(END);
    expect(flow.snapshots.map((s) => s.day)).toEqual(['2026-03-31', '2026-04-30', '2026-05-31', END]);
    expect(flow.steps.map((s) => [s.start, s.end])).toEqual([
      ['2026-03-31', '2026-04-30'],
      ['2026-04-30', '2026-05-31'],
      ['2026-05-31', END],
    ]);
  });

  it('agrees on the as-of day with the stored profiles, stage by stage', () => {
    const last = flow.snapshots.at(-1)!;
    const stored = countBy(profiles, 'lifecycle');
    for (const stage of LIFECYCLE_STAGES) expect(last.stages[stage], stage).toBe(stored.get(stage) ?? 0);
    expect(last.users).toBe(profiles.length);
  });

  it('agrees on an earlier day with profiles computed as of that day, counting only users registered by then', () => {
    const first = flow.snapshots[0]!;
    for (const stage of LIFECYCLE_STAGES.filter((s) => s !== 'registered'))
      expect(first.stages[stage], stage).toBe(earlierStages.get(stage) ?? 0);
    expect(first.stages.registered).toBe(earlierRegisteredByThen);
    expect(first.users).toBeLessThan(profiles.length);
  });

  it('moves users between the two days as the stored stage history of the two computations says', async () => {
    // The stage history holds a row on EARLIER for everyone profiled then, and one on END for whoever changed.
    const history = await store.runQuery({
      sql: `SELECT user_id, arg_min(stage, since) AS before, arg_max(stage, since) AS after, min(since) AS first FROM profile_stages GROUP BY user_id`,
      params: [],
    });
    const stored = new Map<string, number>();
    for (const row of history) {
      const before = String(row.first).slice(0, 10) === EARLIER ? String(row.before) : ENTERED;
      const key = `${before}→${String(row.after)}`;
      stored.set(key, (stored.get(key) ?? 0) + 1);
    }
    // Users profiled on EARLIER as "registered" who registered only later have not entered yet in the flow.
    const reconstructed = new Map<string, number>();
    for (const t of flow.period.transitions) {
      const key = `${t.from === ENTERED ? 'registered' : t.from}→${t.to}`;
      reconstructed.set(key, (reconstructed.get(key) ?? 0) + t.users);
    }
    const storedFolded = new Map<string, number>();
    for (const [key, users] of stored) {
      const folded = key.startsWith(`${ENTERED}→`) ? key.replace(ENTERED, 'registered') : key;
      storedFolded.set(folded, (storedFolded.get(folded) ?? 0) + users);
    }
    expect(Object.fromEntries(reconstructed)).toEqual(Object.fromEntries(storedFolded));
    expect(flow.period.transitions.some((t) => t.from !== t.to && t.from !== ENTERED)).toBe(true);
  });

  it('keeps every user in each step: the moves out of a snapshot add up to its stage counts', () => {
    flow.steps.forEach((step, k) => {
      const before = flow.snapshots[k]!;
      const after = flow.snapshots[k + 1]!;
      for (const stage of LIFECYCLE_STAGES) {
        const out = step.transitions.filter((t) => t.from === stage).reduce((sum, t) => sum + t.users, 0);
        const into = step.transitions.filter((t) => t.to === stage).reduce((sum, t) => sum + t.users, 0);
        expect(out, `${step.start} ${stage}`).toBe(before.stages[stage]);
        expect(into, `${step.end} ${stage}`).toBe(after.stages[stage]);
      }
    });
  });

  it('follows only the users matching rules, by their current profile', async () => {
    const { body } = await get<LifecycleFlow>(
      `/api/v1/profile-insights/lifecycle-flow?from=2026-05-01&to=2026-06-15&grain=week&where=${encodeURIComponent('lifecycle=churned')}`,
    );
    const churned = profiles.filter((p) => p.lifecycle === 'churned').length;
    expect(churned).toBeGreaterThan(0);
    const last = body.snapshots.at(-1)!;
    expect(last.users).toBe(churned);
    expect(last.stages.churned).toBe(churned);
    expect(body.snapshots.length).toBeGreaterThan(5);
  });

  it('clamps the period to the as-of day and explains bad requests in words', async () => {
    const { body } = await get<LifecycleFlow>(`/api/v1/profile-insights/lifecycle-flow?from=2026-06-01&to=2026-07-31`);
    expect(body.to).toBe(END);
    const bad = await get<{ error: { code: string; message: string } }>(
      `/api/v1/profile-insights/lifecycle-flow?from=2026-06-01&to=2026-06-10&grain=day`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('week or month');
    const late = await get<{ error: { message: string } }>(`/api/v1/profile-insights/lifecycle-flow?from=2026-07-01&to=2026-07-31`);
    expect(late.status).toBe(400);
    expect(late.body.error.message).toContain(END);
  });
});

describe('GET /api/v1/profile-insights/summary', () => {
  it('counts the profiled users, their stages and churn risks, and averages the predictions over buyers', async () => {
    const { body } = await get<ProfileSummary>('/api/v1/profile-insights/summary');
    expect(body.computed).toBe(true);
    expect(body.asOf).toBe(END);
    expect(body.users).toBe(profiles.length);
    const buyers = profiles.filter((p) => Number(p.frequency) > 0);
    expect(body.buyers).toBe(buyers.length);
    const stages = countBy(profiles, 'lifecycle');
    for (const stage of LIFECYCLE_STAGES) expect(body.stages[stage]).toBe(stages.get(stage) ?? 0);
    expect(body.active).toBe(['new', 'active', 'growing', 'reactivated'].reduce((sum, s) => sum + (stages.get(s) ?? 0), 0));
    expect(body.churnRisk.high).toBe(profiles.filter((p) => p.churn_risk === 'high').length);
    const mean = (key: string) => buyers.reduce((sum, p) => sum + Number(p[key]), 0) / buyers.length;
    expect(body.averages.expectedPurchases90d).toBeCloseTo(mean('expected_purchases_90d'), 9);
    expect(body.averages.pAlive).toBeCloseTo(mean('p_alive'), 9);
    expect(body.totals.expectedSpend90d).toBeCloseTo(mean('expected_spend_90d') * buyers.length, 6);
  });

  it('narrows to rules and saved segments, like the distributions', async () => {
    const province = String(profiles.find((p) => p.province !== null)!.province);
    const { body } = await get<ProfileSummary>(`/api/v1/profile-insights/summary?where=${encodeURIComponent(`province=${province}`)}`);
    expect(body.users).toBe(profiles.filter((p) => p.province === province).length);
    const missing = await get<{ error: { message: string } }>('/api/v1/profile-insights/summary?segment=nope');
    expect(missing.status).toBe(404);
    const bad = await get<{ error: { code: string } }>(`/api/v1/profile-insights/summary?where=${encodeURIComponent('lifecycle>=3')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_rules');
  });
});

describe('GET /api/v1/profile-insights/distribution', () => {
  it('counts spending tiers one by one, users without a tier as missing', async () => {
    const { body } = await get<ValueDistribution>('/api/v1/profile-insights/distribution?field=spending_tier');
    expect(body.discrete).toBe(true);
    expect(body.buckets.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5']);
    const tiers = countBy(
      profiles.filter((p) => p.spending_tier !== null),
      'spending_tier',
    );
    for (const bucket of body.buckets) expect(bucket.users).toBe(tiers.get(bucket.value));
    expect(body.users).toBe(profiles.length);
    expect(body.missing).toBe(profiles.filter((p) => p.spending_tier === null).length);
  });

  it('answers other fields as /profiles/distribution does', async () => {
    for (const field of ['monetary', 'lifecycle', 'top_categories']) {
      const ours = await get<ValueDistribution>(`/api/v1/profile-insights/distribution?field=${field}`);
      const theirs = await get<Distribution>(`/api/v1/profiles/distribution?field=${field}`);
      expect(ours.body.discrete).toBe(false);
      expect({ ...ours.body, discrete: undefined }).toEqual({ ...theirs.body, discrete: undefined });
    }
    expect((await get('/api/v1/profile-insights/distribution?field=shoe_size')).status).toBe(400);
  });
});

describe('GET /api/v1/profile-insights/users/:userId/tags', () => {
  it("lists a user's tags, each of which selects them as a segment rule", async () => {
    const user = profiles.find((p) => p.rfm_segment !== null && p.top_categories !== null)!;
    const { status, body } = await get<{ tags: string[] }>(`/api/v1/profile-insights/users/${String(user.user_id)}/tags`);
    expect(status).toBe(200);
    expect(body.tags).toEqual(expect.arrayContaining([`lifecycle:${String(user.lifecycle)}`, `rfm:${String(user.rfm_segment)}`]));
    for (const category of JSON.parse(String(user.top_categories)) as string[]) expect(body.tags).toContain(`category:${category}`);
    for (const tag of body.tags.slice(0, 5)) {
      const response = await app.request('/api/v1/segments/preview?limit=1000', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules: [{ field: 'tag', op: 'in', values: [tag] }] }),
      });
      const { sample } = (await response.json()) as { sample: { user_id: string }[] };
      expect(
        sample.map((s) => s.user_id),
        tag,
      ).toContain(user.user_id);
    }
    expect((await get('/api/v1/profile-insights/users/nobody/tags')).status).toBe(404);
  });
});

describe('GET /api/v1/profile-insights/users/:userId/stages', () => {
  it("rebuilds a user's stages: the stored stage on both computation days, changes only", async () => {
    const history = await store.runQuery({
      sql: `SELECT user_id, arg_min(stage, since) AS before, min(since) AS first FROM profile_stages GROUP BY user_id ORDER BY user_id LIMIT 40`,
      params: [],
    });
    // 76 days up to END start the day after EARLIER, so the first snapshot is EARLIER itself.
    let compared = 0;
    for (const row of history) {
      const user = String(row.user_id);
      const { status, body } = await get<UserStageHistory>(`/api/v1/profile-insights/users/${user}/stages?days=76&grain=month`);
      expect(status).toBe(200);
      expect(body.from).toBe(EARLIER);
      expect(body.changes.at(-1)!.stage, user).toBe(profiles.find((p) => p.user_id === user)!.lifecycle);
      if (String(row.first).slice(0, 10) === EARLIER && body.changes[0]!.stage !== null) {
        expect(body.changes[0]!.stage, user).toBe(row.before);
        compared++;
      }
      body.changes.slice(1).forEach((change, i) => expect(change.stage).not.toBe(body.changes[i]!.stage));
    }
    expect(compared).toBeGreaterThan(20);
    expect((await get('/api/v1/profile-insights/users/nobody/stages')).status).toBe(404);
    expect((await get(`/api/v1/profile-insights/users/${String(history[0]!.user_id)}/stages?grain=day`)).status).toBe(400);
  });
});

describe('GET /api/v1/profile-insights/fields', () => {
  it('lists every profile field with operators and values the rule checker accepts', async () => {
    const { body } = await get<{ fields: ReturnType<typeof profileFieldCatalog> }>('/api/v1/profile-insights/fields');
    expect(body.fields.map((f) => f.name)).toEqual(PROFILE_FIELDS.map((f) => f.name));
    for (const field of body.fields) {
      const samples = field.values?.map((v) => v.value) ?? [
        field.kind === 'date' ? '2026-01-01' : field.kind === 'number' || field.numericElements ? '3' : 'x',
      ];
      for (const op of field.operators)
        for (const sample of samples) {
          const rule = { field: field.name, op, values: op === 'between' ? [sample, sample] : [sample] };
          expect(() => checkSegmentRules([rule]), JSON.stringify(rule)).not.toThrow();
        }
    }
    const lifecycle = body.fields.find((f) => f.name === 'lifecycle')!;
    expect(lifecycle.values!.map((v) => v.value)).toEqual([...LIFECYCLE_STAGES]);
    expect(lifecycle.operators).toEqual(['in', 'not_in']);
  });

  it('offers age bands that preview through the API as rule objects', async () => {
    const response = await app.request('/api/v1/segments/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ field: 'age_band', op: 'in', values: ['<18', '65+'] }] }),
    });
    const { users } = (await response.json()) as { users: number };
    expect(users).toBe(profiles.filter((p) => p.age_band === '<18' || p.age_band === '65+').length);
    expect(users).toBeGreaterThan(0);
  });

  it('reads every value of a closed vocabulary, and its Chinese and English words, as the value in a rule', () => {
    for (const field of profileFieldCatalog().filter((f) => f.values && f.kind === 'category'))
      for (const v of field.values!)
        for (const word of [v.value, v.zh, v.en])
          expect(
            checkSegmentRules([{ field: field.name, op: 'eq', values: [word] }], { unknownValues: 'refuse' })[0]!.values,
            `${field.name}=${word}`,
          ).toEqual([v.value]);
  });

  it('names every value the demo profiles hold in the closed vocabularies', () => {
    for (const field of profileFieldCatalog().filter((f) => f.values && f.kind === 'category')) {
      const known = new Set(field.values!.map((v) => v.value));
      for (const p of profiles)
        if (p[field.name] !== null) expect(known.has(String(p[field.name])), `${field.name}=${String(p[field.name])}`).toBe(true);
    }
  });
});
