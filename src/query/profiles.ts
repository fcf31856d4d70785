/**
 * User profiles from the store: computing them (all users, or only those with new data), reading one
 * user, distributions of any field overall or within a segment, personas, and segments (saved rules,
 * preview, export). What `flowsight profiles …`, `flowsight segments …` and /api/v1/profiles,
 * /personas and /segments all call.
 */
import { randomUUID } from 'node:crypto';
import { clusterPersonas, readPersonaModel, type PersonaModel, type PersonaSpec } from '../analysis/profiles/cluster-personas.ts';
import { namePersonas, type PersonaName } from '../analysis/profiles/name-personas.ts';
import { predictPurchases, predictWithModel, storedPurchaseModel, type PurchaseModel } from '../analysis/profiles/predict-purchases.ts';
import { profileField, PROFILE_FIELDS } from '../analysis/profiles/profile-fields.ts';
import { checkSegmentRules, compileSegmentWhere, type SegmentRule } from '../analysis/profiles/segment-rules.ts';
import { QueryError, type QueryScope } from '../analysis/metrics/metric-query.ts';
import type { Cell } from '../analysis/result-table.ts';
import type { ProfileRun, SegmentRecord, Store } from '../store/store.ts';
import { lastCompleteDay, type FlowOptions } from './flow-forecast.ts';

interface PersonaRow {
  recencyDays: number | null;
  frequency: number | null;
  monetary: number | null;
  avgBasket: number | null;
  weekendShare: number | null;
  eveningShare: number | null;
  preferredChannel: string | null;
  lifecycle: string | null;
  ageBand: string | null;
  gender: string | null;
}

const PERSONA_SPEC: PersonaSpec<keyof PersonaRow & string> = {
  numeric: [
    { field: 'recencyDays', log1p: true },
    { field: 'frequency', log1p: true },
    { field: 'monetary', log1p: true },
    { field: 'avgBasket', log1p: true },
    { field: 'weekendShare' },
    { field: 'eveningShare' },
  ],
  categorical: [{ field: 'preferredChannel' }, { field: 'lifecycle' }, { field: 'ageBand' }, { field: 'gender' }],
};

export interface Personas {
  readonly asOf: string;
  readonly k: number;
  readonly fittedOn: number;
  readonly personas: readonly (PersonaName & {
    readonly size: number;
    readonly share: number;
    readonly means: Readonly<Record<string, number | null>>;
  })[];
  readonly silhouette: readonly { readonly k: number; readonly silhouette: number }[];
  readonly notes: readonly string[];
}

export interface ProfileComputeResult {
  readonly run: ProfileRun;
  readonly personas: Personas | null;
  readonly elapsedMs: number;
}

const num = (cell: Cell | undefined): number | null => (cell == null ? null : Number(cell));
const text = (cell: Cell | undefined): string | null => (cell == null ? null : String(cell));

/** Profile column of each persona field. */
const PERSONA_COLUMNS: Readonly<Record<keyof PersonaRow, string>> = {
  recencyDays: 'recency_days',
  frequency: 'orders_per_month',
  monetary: 'monetary',
  avgBasket: 'avg_basket',
  weekendShare: 'weekend_share',
  eveningShare: 'evening_share',
  preferredChannel: 'preferred_channel',
  lifecycle: 'lifecycle',
  ageBand: 'age_band',
  gender: 'gender',
};

/** Buyers k-means is fitted on; a persona of 1% of buyers still has about 500 of them. */
const PERSONA_SAMPLE = 50_000;

/**
 * Clusters a sample of buyers into named personas, then has the store assign every buyer to the
 * nearest one where the profiles are: memory and reading stay the same for ten million buyers as
 * for fifty thousand. Each persona's profile (means, shares, name) is the sample's; its size is
 * counted over all buyers.
 */
async function computePersonas(store: Store, asOf: string): Promise<{ personas: Personas; model: PersonaModel } | null> {
  const fields = Object.keys(PERSONA_COLUMNS) as (keyof PersonaRow)[];
  const { buyers, rows } = await store.sampleBuyerProfiles(
    fields.map((field) => PERSONA_COLUMNS[field]),
    PERSONA_SAMPLE,
  );
  if (rows.length < 30) return null;
  // Read by PERSONA_COLUMNS: numbers for the numeric fields, text for the categories.
  const numeric = new Set<string>(PERSONA_SPEC.numeric.map((feature) => feature.field));
  const data = rows.map(
    (r) =>
      Object.fromEntries(
        fields.map((field) => [field, numeric.has(field) ? num(r[PERSONA_COLUMNS[field]]) : text(r[PERSONA_COLUMNS[field]])]),
      ) as unknown as PersonaRow,
  );
  const clustering = clusterPersonas(data, PERSONA_SPEC, { seed: 7, sampleSize: PERSONA_SAMPLE });
  const names = namePersonas(clustering, PERSONA_SPEC);
  const sizes = await store.assignPersonas(clustering.model, PERSONA_COLUMNS);
  const assigned = sizes.reduce((a, b) => a + b, 0);
  const notes = [...clustering.notes];
  if (rows.length < buyers)
    notes.push(
      `k-means was fitted on a pseudo-random sample of ${rows.length} of ${buyers} buyers; every buyer was then assigned to the nearest persona.`,
    );
  const personas: Personas = {
    asOf,
    k: clustering.k,
    fittedOn: clustering.sample.fitted,
    personas: names.map((name) => {
      const cluster = clustering.clusters.find((c) => c.id === name.id)!;
      const size = sizes[name.id] ?? 0;
      return { ...name, size, share: assigned > 0 ? size / assigned : 0, means: cluster.means };
    }),
    silhouette: clustering.candidates.map((c) => ({ k: c.k, silhouette: c.silhouette })),
    notes,
  };
  return { personas, model: clustering.model };
}

/**
 * The models recorded with a run: `{ purchases, personas?, personaModel }` once the run is complete;
 * the bare purchase model where only refreshProfiles wrote it (a run whose persona step did not
 * finish, or one from before personas were recorded). Null for whatever is missing or unusable.
 */
function recordedModels(model: unknown): { purchases: PurchaseModel | null; personaModel: PersonaModel | null } {
  const complete = typeof model === 'object' && model !== null && 'purchases' in model;
  const parts = complete ? (model as { purchases: unknown; personaModel?: unknown }) : { purchases: model };
  return { purchases: storedPurchaseModel(parts.purchases), personaModel: readPersonaModel(parts.personaModel) };
}

/**
 * Computes profiles as of the last complete day. `auto`: only users with new data when the last run
 * was on the same day (recency and stages move with the day, so a new day means a full run).
 */
export async function computeProfiles(
  store: Store,
  request: { mode?: 'full' | 'incremental' | 'auto' },
  options: FlowOptions,
): Promise<ProfileComputeResult> {
  const started = performance.now();
  const asOf = await lastCompleteDay(store, options);
  if (!asOf) throw new QueryError('data', 'there are no orders or events to build profiles from yet');
  const [last] = await store.profileRuns(1);
  const mode = request.mode ?? 'auto';
  const incremental = mode === 'incremental' || (mode === 'auto' && last !== undefined && last.asOf === asOf);
  if (incremental && !last) throw new QueryError('mode', 'an incremental run needs a full run before it');
  // An incremental run predicts with the models in use (the last full run's, carried forward by each
  // incremental run) and gives its changed buyers, new ones too, the nearest of the personas in use;
  // only without a purchase model does it fit on the changed buyers. A full run's personas stay as named.
  const kept = incremental ? recordedModels(last!.model) : null;
  const personaModel = kept?.personaModel ?? null;
  const run = await store.refreshProfiles(
    {
      asOf,
      timeZone: options.timeZone,
      changedSince: incremental ? last!.startedAt : undefined,
      personas: personaModel ? { model: personaModel, columns: PERSONA_COLUMNS } : undefined,
    },
    (summaries) => (kept?.purchases ? predictWithModel(summaries, kept.purchases) : predictPurchases(summaries)),
  );
  let personas: Personas | null = null;
  if (!incremental) {
    const found = await computePersonas(store, asOf);
    personas = found?.personas ?? null;
    await store.setProfileRunModel(run.id, { purchases: run.model, personas, personaModel: found?.model ?? null });
  } else {
    await store.setProfileRunModel(run.id, { purchases: run.model, personaModel });
  }
  return { run, personas, elapsedMs: performance.now() - started };
}

/** The latest personas (from the last full run), or null before the first. */
export async function latestPersonas(store: Store): Promise<Personas | null> {
  const runs = await store.profileRuns(20);
  for (const run of runs) {
    const model = run.model as { personas?: Personas | null } | null;
    if (run.kind === 'full' && model && 'personas' in model) return model.personas ?? null;
  }
  return null;
}

/** A user's profile and the history of their lifecycle stage; null when there is none. */
export async function showProfile(
  store: Store,
  userId: string,
  scope: QueryScope,
): Promise<{ profile: Record<string, Cell>; stages: { stage: string; since: string }[] } | null> {
  const where = compileSegmentWhere([], scope, 2);
  const [profile] = await store.runQuery({
    sql: `SELECT * FROM profiles WHERE user_id = $1 AND ${where.sql}`,
    params: [userId, ...where.params],
  });
  if (!profile) return null;
  const stages = await store.runQuery({
    sql: `SELECT stage, strftime(since, '%Y-%m-%d') AS since FROM profile_stages WHERE user_id = $1 ORDER BY since`,
    params: [userId],
  });
  return { profile, stages: stages.map((s) => ({ stage: String(s.stage), since: String(s.since) })) };
}

export interface Distribution {
  readonly field: string;
  readonly kind: string;
  readonly users: number;
  /** Users without a value. */
  readonly missing: number;
  readonly buckets: readonly {
    readonly value: string;
    readonly from?: number;
    readonly to?: number;
    readonly users: number;
    readonly share: number;
  }[];
}

/**
 * How users spread over a field, overall or within the users matching `rules`: counts per value for
 * categories and lists (top 50), ten equal-width bins between the 1st and 99th percentile for numbers
 * (the tails go in the end bins), counts per month for dates.
 */
export async function profileDistribution(
  store: Store,
  request: { field: string; rules?: readonly SegmentRule[] },
  scope: QueryScope,
): Promise<Distribution> {
  const field = profileField(request.field);
  if (!field)
    throw new QueryError('field', `unknown profile field "${request.field}"; one of ${PROFILE_FIELDS.map((f) => f.name).join(', ')}`);
  const where = compileSegmentWhere(request.rules ?? [], scope);
  const base = `SELECT ${field.sql} AS v FROM profiles WHERE ${where.sql}`;
  const [totals] = await store.runQuery({
    sql: `SELECT count(*) AS users, count(*) FILTER (WHERE v IS NULL) AS missing FROM (${base})`,
    params: where.params,
  });
  const users = Number(totals?.users ?? 0);
  const missing = Number(totals?.missing ?? 0);
  let buckets: Distribution['buckets'];
  if (field.kind === 'number') {
    const rows = await store.runQuery({
      sql: `WITH d AS (${base}), r AS (SELECT quantile_cont(v, 0.01) AS lo, quantile_cont(v, 0.99) AS hi FROM d WHERE v IS NOT NULL)
        SELECT least(9, greatest(0, CASE WHEN r.hi > r.lo THEN floor((v - r.lo) / (r.hi - r.lo) * 10) ELSE 0 END))::INTEGER AS bin,
          any_value(r.lo) AS lo, any_value(r.hi) AS hi, count(*) AS n
        FROM d, r WHERE v IS NOT NULL GROUP BY bin ORDER BY bin`,
      params: where.params,
    });
    buckets = rows.map((r) => {
      const lo = Number(r.lo);
      const width = (Number(r.hi) - lo) / 10;
      const bin = Number(r.bin);
      const from = lo + bin * width;
      const to = lo + (bin + 1) * width;
      return { value: `${round(from)}–${round(to)}`, from, to, users: Number(r.n), share: users > 0 ? Number(r.n) / users : 0 };
    });
  } else {
    const expression = field.kind === 'list' ? 'unnest(v)' : field.kind === 'date' ? "strftime(v, '%Y-%m')" : 'CAST(v AS VARCHAR)';
    const rows = await store.runQuery({
      sql: `SELECT value, count(*) AS n FROM (SELECT ${expression} AS value FROM (${base}) WHERE v IS NOT NULL) GROUP BY value ORDER BY n DESC, value LIMIT 50`,
      params: where.params,
    });
    buckets = rows.map((r) => ({ value: String(r.value), users: Number(r.n), share: users > 0 ? Number(r.n) / users : 0 }));
  }
  return { field: field.name, kind: field.kind, users, missing, buckets };
}

const round = (v: number): string => (Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 100) / 100));

/** How many users match `rules` and the first `limit` of them (by expected spend, then id). */
export async function previewSegment(
  store: Store,
  rules: readonly SegmentRule[],
  scope: QueryScope,
  limit = 20,
): Promise<{ users: number; sample: Record<string, Cell>[] }> {
  const where = compileSegmentWhere(rules, scope);
  const [count] = await store.runQuery({ sql: `SELECT count(*) AS n FROM profiles WHERE ${where.sql}`, params: where.params });
  const sample = await store.runQuery({
    sql: `SELECT user_id, lifecycle, rfm_segment, spending_tier, monetary, recency_days, p_alive, churn_risk, preferred_channel, province, city, age_band, gender
      FROM profiles WHERE ${where.sql} ORDER BY expected_spend_90d DESC NULLS LAST, user_id LIMIT ${Math.max(0, Math.min(1000, Math.floor(limit)))}`,
    params: where.params,
  });
  return { users: Number(count?.n ?? 0), sample };
}

/** Every user id matching `rules`, for ad-targeting exports. */
export async function segmentUserIds(store: Store, rules: readonly SegmentRule[], scope: QueryScope): Promise<string[]> {
  const where = compileSegmentWhere(rules, scope);
  const rows = await store.runQuery({ sql: `SELECT user_id FROM profiles WHERE ${where.sql} ORDER BY user_id`, params: where.params });
  return rows.map((r) => String(r.user_id));
}

export interface Segment {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly rules: readonly SegmentRule[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

const toSegment = (record: SegmentRecord): Segment => ({
  id: record.id,
  name: record.name,
  description: record.description,
  rules: checkSegmentRules(JSON.parse(record.rules)),
  createdAt: record.createdAt.toISOString(),
  updatedAt: record.updatedAt.toISOString(),
});

export async function listSegments(store: Store): Promise<Segment[]> {
  return (await store.listSegments()).map(toSegment);
}

/** The segment with this id or (unique) name. */
export async function findSegment(store: Store, idOrName: string): Promise<Segment | undefined> {
  const segments = await listSegments(store);
  return segments.find((s) => s.id === idOrName) ?? segments.find((s) => s.name === idOrName);
}

/** Saves a new segment, or replaces the one with `id`; names are unique. */
export async function saveSegment(
  store: Store,
  input: { id?: string | undefined; name: string; description?: string | null | undefined; rules: readonly SegmentRule[] },
  now = new Date(),
): Promise<Segment> {
  const name = input.name.trim();
  if (name === '') throw new QueryError('name', 'a segment needs a name');
  const existing = await store.listSegments();
  const clash = existing.find((s) => s.name === name && s.id !== input.id);
  if (clash) throw new QueryError('name', `a segment called "${name}" exists already (${clash.id})`);
  const previous = input.id ? existing.find((s) => s.id === input.id) : undefined;
  if (input.id && !previous) throw new QueryError('id', `no segment ${input.id}`);
  const record: SegmentRecord = {
    id: input.id ?? randomUUID(),
    name,
    description: input.description ?? null,
    rules: JSON.stringify(input.rules),
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
  await store.saveSegment(record);
  return toSegment(record);
}
