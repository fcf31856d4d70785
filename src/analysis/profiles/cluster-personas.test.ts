import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../demo/create-rng.ts';
import { clusterPersonas, OTHER_LEVEL, type PersonaClustering, type PersonaSpec } from './cluster-personas.ts';

interface Profile {
  userId: number;
  recencyDays: number | null;
  frequency: number;
  monetary: number | null;
  avgBasket: number;
  weekendShare: number;
  eveningShare: number;
  preferredChannel: string | null;
  lifecycle: string | null;
  gender: string | null;
  ageBand: string | null;
}

const CHANNELS = ['wechat', 'app', 'mobile', 'pc'];
/** Four planted personas; numeric values are each group's mean. */
const GROUPS = [
  {
    name: 'weekend spenders',
    share: 0.35,
    recencyDays: 12,
    frequency: 2,
    monetary: 4000,
    avgBasket: 180,
    weekendShare: 0.75,
    eveningShare: 0.3,
    channel: 'wechat',
    lifecycle: 'active',
  },
  {
    name: 'weekday savers',
    share: 0.3,
    recencyDays: 15,
    frequency: 1.5,
    monetary: 250,
    avgBasket: 70,
    weekendShare: 0.1,
    eveningShare: 0.3,
    channel: 'app',
    lifecycle: 'active',
  },
  {
    name: 'evening regulars',
    share: 0.2,
    recencyDays: 3,
    frequency: 10,
    monetary: 1500,
    avgBasket: 90,
    weekendShare: 0.35,
    eveningShare: 0.75,
    channel: 'mobile',
    lifecycle: 'active',
  },
  {
    name: 'lapsed',
    share: 0.15,
    recencyDays: 150,
    frequency: 0.3,
    monetary: 600,
    avgBasket: 120,
    weekendShare: 0.35,
    eveningShare: 0.3,
    channel: null,
    lifecycle: 'at_risk',
  },
] as const;

/**
 * Profiles of the four groups in exact proportions (rows in group order; the clustering samples at
 * random, so order does not matter). Amounts are log-normal with the group's mean, shares normal
 * around it, and 85% of a group uses its channel and lifecycle stage.
 */
function plant(n: number, seed: number): { rows: Profile[]; truth: Int32Array } {
  const rng = createRng(seed);
  const truth = new Int32Array(n);
  let start = 0;
  GROUPS.forEach((group, g) => {
    const end = g === GROUPS.length - 1 ? n : start + Math.round(group.share * n);
    truth.fill(g, start, end);
    start = end;
  });
  // σ = 0.3 on the log scale; the −σ²/2 keeps the mean at the group's value.
  const amount = (mean: number): number => mean * Math.exp(0.3 * rng.normal() - 0.045);
  const share = (mean: number): number => Math.min(1, Math.max(0, mean + 0.08 * rng.normal()));
  const rows: Profile[] = new Array<Profile>(n);
  for (let i = 0; i < n; i++) {
    const group = GROUPS[truth[i] as number] as (typeof GROUPS)[number];
    rows[i] = {
      userId: i,
      recencyDays: amount(group.recencyDays),
      frequency: amount(group.frequency),
      monetary: amount(group.monetary),
      avgBasket: amount(group.avgBasket),
      weekendShare: share(group.weekendShare),
      eveningShare: share(group.eveningShare),
      preferredChannel: group.channel !== null && rng.chance(0.85) ? group.channel : rng.pick(CHANNELS),
      lifecycle: rng.chance(0.85) ? group.lifecycle : 'new',
      gender: rng.chance(0.5) ? 'female' : 'male',
      ageBand: rng.pick(['18-24', '25-34', '35-44', '45-54']),
    };
  }
  return { rows, truth };
}

const SPEC: PersonaSpec<keyof Profile & string> = {
  numeric: [
    { field: 'recencyDays', log1p: true },
    { field: 'frequency', log1p: true },
    { field: 'monetary', log1p: true },
    { field: 'avgBasket', log1p: true },
    { field: 'weekendShare' },
    { field: 'eveningShare' },
  ],
  categorical: [{ field: 'preferredChannel' }, { field: 'lifecycle' }, { field: 'gender' }, { field: 'ageBand' }],
};

/** Adjusted Rand index of two labelings (Hubert & Arabie). */
function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const table = new Map<string, number>();
  const rowSums = new Map<number, number>();
  const columnSums = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowSums.set(a[i] as number, (rowSums.get(a[i] as number) ?? 0) + 1);
    columnSums.set(b[i] as number, (columnSums.get(b[i] as number) ?? 0) + 1);
  }
  const pairs = (x: number): number => (x * (x - 1)) / 2;
  const sum = (values: Iterable<number>): number => [...values].reduce((s, v) => s + pairs(v), 0);
  const index = sum(table.values());
  const expected = (sum(rowSums.values()) * sum(columnSums.values())) / pairs(a.length);
  const max = (sum(rowSums.values()) + sum(columnSums.values())) / 2;
  return (index - expected) / (max - expected);
}

/** The planted group most of each cluster's rows come from. */
function majorityGroups(result: PersonaClustering, truth: Int32Array): number[] {
  const counts = result.clusters.map(() => new Array<number>(GROUPS.length).fill(0));
  for (let i = 0; i < truth.length; i++) (counts[result.assignment[i] as number] as number[])[truth[i] as number]! += 1;
  return counts.map((row) => row.indexOf(Math.max(...row)));
}

/** Share of rows whose cluster's majority is their own planted group. */
function purity(result: PersonaClustering, truth: Int32Array): number {
  const majority = majorityGroups(result, truth);
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (majority[result.assignment[i] as number] === truth[i]) right++;
  return right / truth.length;
}

describe('clusterPersonas on four planted personas', () => {
  const planted = plant(20_000, 11);
  let result: PersonaClustering;
  beforeAll(() => {
    result = clusterPersonas(planted.rows, SPEC, { seed: 3, bic: true });
  });

  it('picks k = 4 by silhouette, the largest of every k tried', () => {
    expect(result.k).toBe(4);
    expect(result.candidates.map((c) => c.k)).toEqual([3, 4, 5, 6, 7, 8]);
    const best = Math.max(...result.candidates.map((c) => c.silhouette));
    expect(result.candidates.find((c) => c.k === 4)?.silhouette).toBe(best);
    expect(best).toBeGreaterThan(0.5);
    expect(result.candidates.every((c) => c.converged)).toBe(true);
  });

  it('recovers the planted groups: adjusted Rand ≥ 0.9 and ≥ 95% of rows with their group', () => {
    expect(adjustedRand(result.assignment, planted.truth)).toBeGreaterThanOrEqual(0.9);
    expect(purity(result, planted.truth)).toBeGreaterThanOrEqual(0.95);
    // One cluster per group, numbered by size as the groups are.
    expect(majorityGroups(result, planted.truth)).toEqual([0, 1, 2, 3]);
    result.clusters.forEach((cluster, j) => expect(cluster.share).toBeCloseTo(GROUPS[j]!.share, 2));
  });

  it('reports centroids in original units close to the planted means and shares', () => {
    result.clusters.forEach((cluster, j) => {
      const group = GROUPS[j]!;
      for (const field of ['recencyDays', 'frequency', 'monetary', 'avgBasket'] as const)
        expect(Math.abs((cluster.means[field] as number) / group[field] - 1), `${group.name} ${field}`).toBeLessThan(0.03);
      expect(cluster.means.weekendShare).toBeCloseTo(group.weekendShare, 1);
      expect(cluster.means.eveningShare).toBeCloseTo(group.eveningShare, 1);
      // 85% planted plus a quarter of the 15% drawn at random.
      if (group.channel !== null) expect(cluster.shares.preferredChannel?.[group.channel]).toBeCloseTo(0.85 + 0.15 / 4, 1);
      expect(cluster.shares.lifecycle?.[group.lifecycle]).toBeCloseTo(0.85, 1);
    });
    expect(result.population.size).toBe(20_000);
    expect(result.population.share).toBe(1);
  });

  it('gives standardised centroids whose size-weighted mean is the population, zero', () => {
    expect(result.dimensions.slice(0, 6).map((d) => d.field)).toEqual(SPEC.numeric.map((f) => f.field));
    expect(result.dimensions.filter((d) => d.kind === 'category' && d.field === 'preferredChannel')).toHaveLength(4);
    for (let t = 0; t < result.dimensions.length; t++) {
      const mean = result.clusters.reduce((s, c) => s + c.share * (c.standardCentroid[t] as number), 0);
      expect(Math.abs(mean)).toBeLessThan(1e-9);
    }
    // The weekend spenders sit about one standard deviation above everybody in weekend share.
    const weekend = result.dimensions.findIndex((d) => d.field === 'weekendShare');
    expect(result.clusters[0]?.standardCentroid[weekend]).toBeGreaterThan(0.8);
    const sizes = result.clusters.reduce((s, c) => s + c.size, 0);
    expect(sizes).toBe(20_000);
    expect(result.assignment).toBeInstanceOf(Int32Array);
    expect(result.assignment.length).toBe(20_000);
  });

  it('reports a BIC per k when asked, lower at the planted k than at k = 3', () => {
    const bic = (k: number): number => result.candidates.find((c) => c.k === k)?.bic as number;
    expect(bic(4)).toBeLessThan(bic(3));
    expect(Number.isFinite(bic(8))).toBe(true);
    expect(result.clusters.every((c) => c.silhouette !== null && c.silhouette > 0.3)).toBe(true);
  });
});

describe('clusterPersonas sampling and determinism', () => {
  it('fits on a sample, assigns every row, and is the same for the same seed', () => {
    const { rows, truth } = plant(12_000, 5);
    const options = { seed: 9, sampleSize: 3_000, silhouetteSample: 600, kMax: 6 };
    const first = clusterPersonas(rows, SPEC, options);
    const second = clusterPersonas(rows, SPEC, options);
    expect(second.assignment).toEqual(first.assignment);
    expect(second.candidates).toEqual(first.candidates);
    expect(second.clusters).toEqual(first.clusters);
    expect(first.sample).toEqual({ rows: 12_000, fitted: 3_000, silhouette: 600 });
    expect(first.notes.some((n) => n.includes('sample of 3000 of 12000 rows'))).toBe(true);
    expect(first.k).toBe(4);
    expect(purity(first, truth)).toBeGreaterThanOrEqual(0.95);
    // Another seed draws another sample and other starts, and still finds the same groups.
    const other = clusterPersonas(rows, SPEC, { ...options, seed: 10 });
    expect(adjustedRand(other.assignment, first.assignment)).toBeGreaterThan(0.95);
  });

  it('clusters a million rows within a bounded time', () => {
    // Generated column by column into typed arrays, then wrapped as rows (1.5–3 s here, outside the timed part).
    const n = 1_000_000;
    const rng = createRng(21);
    const truth = new Int32Array(n);
    const shares = [0.35, 0.3, 0.2, 0.15];
    let start = 0;
    shares.forEach((share, g) => {
      const end = g === shares.length - 1 ? n : start + Math.round(share * n);
      truth.fill(g, start, end);
      start = end;
    });
    const columns = {
      recencyDays: new Float64Array(n),
      frequency: new Float64Array(n),
      monetary: new Float64Array(n),
      weekendShare: new Float64Array(n),
      eveningShare: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const group = GROUPS[truth[i] as number]!;
      columns.recencyDays[i] = group.recencyDays * Math.exp(0.3 * rng.normal());
      columns.frequency[i] = group.frequency * Math.exp(0.3 * rng.normal());
      columns.monetary[i] = group.monetary * Math.exp(0.3 * rng.normal());
      columns.weekendShare[i] = group.weekendShare + 0.08 * rng.normal();
      columns.eveningShare[i] = group.eveningShare + 0.08 * rng.normal();
    }
    const rows = Array.from({ length: n }, (_, i) => ({
      recencyDays: columns.recencyDays[i] as number,
      frequency: columns.frequency[i] as number,
      monetary: columns.monetary[i] as number,
      weekendShare: columns.weekendShare[i] as number,
      eveningShare: columns.eveningShare[i] as number,
      preferredChannel: (rng.chance(0.85) ? GROUPS[truth[i] as number]!.channel : null) ?? (CHANNELS[i % 4] as string),
    }));
    const started = performance.now();
    const result = clusterPersonas(
      rows,
      {
        numeric: [
          { field: 'recencyDays', log1p: true },
          { field: 'frequency', log1p: true },
          { field: 'monetary', log1p: true },
          { field: 'weekendShare' },
          { field: 'eveningShare' },
        ],
        categorical: [{ field: 'preferredChannel' }],
      },
      // k = 3…5 keeps the test short: the fit on the 50,000-row sample costs the same at any row
      // count, and what this test is about is the part that grows with the rows (reading them,
      // standardising, assigning every row, summarising).
      { seed: 2, kMax: 5 },
    );
    const seconds = (performance.now() - started) / 1000;
    // Measured about 3 s here on a shared, loaded two-core machine (3–5 s with the default k = 3…8); the
    // bound leaves room for a loaded CI runner.
    expect(seconds).toBeLessThan(15);
    expect(result.k).toBe(4);
    expect(result.assignment.length).toBe(n);
    expect(result.sample.fitted).toBe(50_000);
    expect(result.candidates.map((c) => c.k)).toEqual([3, 4, 5]);
    expect(purity(result, truth)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('clusterPersonas on awkward data', () => {
  const row = (fields: Partial<Profile>): Profile => ({
    userId: 0,
    recencyDays: 10,
    frequency: 1,
    monetary: 100,
    avgBasket: 50,
    weekendShare: 0.3,
    eveningShare: 0.3,
    preferredChannel: 'app',
    lifecycle: 'active',
    gender: null,
    ageBand: null,
    ...fields,
  });

  it('narrows k to what fewer rows than kMax can support, and says so', () => {
    const rows = [1, 1.1, 0.9, 10, 10.2, 9.8].map((monetary) => row({ monetary }));
    const result = clusterPersonas(rows, { numeric: [{ field: 'monetary' }] });
    expect(result.candidates.map((c) => c.k)).toEqual([3, 4, 5]);
    expect(result.notes.some((n) => n.includes('instead of 3 to 8'))).toBe(true);
    expect(result.assignment.length).toBe(6);
    expect(result.clusters.reduce((s, c) => s + c.size, 0)).toBe(6);
  });

  it('tries k = 2 when only two distinct users exist', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row({ monetary: i % 2 === 0 ? 100 : 900 }));
    const result = clusterPersonas(rows, { numeric: [{ field: 'monetary' }] });
    expect(result.k).toBe(2);
    expect(result.candidates.map((c) => c.k)).toEqual([2]);
    expect(result.notes.some((n) => n.includes('only 2 distinct rows'))).toBe(true);
    expect(result.clusters.map((c) => c.means.monetary).sort()).toEqual([100, 900]);
  });

  it('puts everybody in one cluster when every row is the same', () => {
    const rows = Array.from({ length: 20 }, () => row({}));
    const result = clusterPersonas(rows, SPEC);
    expect(result.k).toBe(1);
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]).toMatchObject({ id: 0, size: 20, share: 1, silhouette: null });
    expect(result.candidates).toEqual([]);
    expect([...result.assignment]).toEqual(new Array(20).fill(0));
    expect(result.notes).toContain('All rows are the same in the chosen features, so they form one cluster.');
    expect(result.notes.some((n) => n.startsWith('monetary is the same in every row'))).toBe(true);
  });

  it('ignores a constant column and an all-missing category, and says so', () => {
    const { rows, truth } = plant(3_000, 8);
    const flat = rows.map((r) => ({ ...r, avgBasket: 99, gender: null }));
    const result = clusterPersonas(flat, SPEC, { seed: 4 });
    expect(result.notes).toContain('avgBasket is the same in every row that has it; it cannot tell clusters apart.');
    expect(result.notes).toContain('gender is missing in every row; it cannot tell clusters apart.');
    expect(result.k).toBe(4);
    expect(purity(result, truth)).toBeGreaterThanOrEqual(0.95);
    const basket = result.dimensions.findIndex((d) => d.field === 'avgBasket');
    expect(result.clusters.every((c) => c.standardCentroid[basket] === 0 && c.means.avgBasket === 99)).toBe(true);
    expect(result.dimensions.some((d) => d.field === 'gender')).toBe(false);
    expect(result.population.shares.gender).toEqual({});
    expect(result.population.missing.gender).toBe(1);
  });

  it('fills missing numbers with the mean and reports how many are missing', () => {
    const { rows } = plant(2_000, 2);
    const holes = rows.map((r, i) => (i % 10 === 0 ? { ...r, monetary: null, recencyDays: null } : r));
    const result = clusterPersonas(holes, SPEC, { seed: 4, kMin: 4, kMax: 4 });
    expect(result.population.missing.monetary).toBeCloseTo(0.1, 12);
    expect(result.assignment.length).toBe(2_000);
    const known = holes.filter((r) => r.monetary !== null);
    expect(result.population.means.monetary).toBeCloseTo(known.reduce((s, r) => s + (r.monetary as number), 0) / known.length, 6);
  });

  it('pools rare levels beyond maxLevels', () => {
    const levels = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'd', 'e'];
    const rows = Array.from({ length: 110 }, (_, i) => row({ monetary: i, preferredChannel: levels[i % levels.length] as string }));
    const result = clusterPersonas(rows, { numeric: [{ field: 'monetary' }], categorical: [{ field: 'preferredChannel', maxLevels: 3 }] });
    expect(Object.keys(result.population.shares.preferredChannel ?? {})).toEqual(['a', 'b', OTHER_LEVEL]);
    expect(result.population.shares.preferredChannel?.[OTHER_LEVEL]).toBeCloseTo(4 / 11, 12);
    expect(result.notes.some((n) => n.includes('preferredChannel has 5 levels'))).toBe(true);
  });

  it('rejects bad input with a RangeError naming the problem', () => {
    const rows = [row({}), row({ monetary: 5 }), row({ monetary: 9 })];
    expect(() => clusterPersonas(rows.slice(0, 2), SPEC)).toThrow(/at least 3 rows to compare groupings, got 2/);
    expect(() => clusterPersonas([...rows, { ...row({}), monetary: '12' as unknown as number }], SPEC)).toThrow(
      new RangeError('rows[3].monetary must be a finite number or null, got "12"'),
    );
    expect(() => clusterPersonas([...rows, row({ monetary: Infinity })], SPEC)).toThrow(/rows\[3\]\.monetary must be a finite number/);
    expect(() => clusterPersonas([...rows, row({ gender: {} as unknown as string })], SPEC)).toThrow(/rows\[3\]\.gender must be a string/);
    expect(() => clusterPersonas(rows, { numeric: [] })).toThrow(/no numeric or categorical field/);
    expect(() => clusterPersonas(rows, { numeric: [{ field: 'monetary' }, { field: 'monetary' }] })).toThrow(/repeats monetary/);
    expect(() => clusterPersonas(rows, { numeric: [{ field: 'monetary', weight: 0 }] })).toThrow(/weight must be a finite number > 0/);
    expect(() => clusterPersonas(rows, SPEC, { kMin: 1 })).toThrow(/kMin must be a whole number ≥ 2, got 1/);
    expect(() => clusterPersonas(rows, SPEC, { kMin: 5, kMax: 4 })).toThrow(/kMax must be a whole number ≥ 5, got 4/);
    expect(() => clusterPersonas(rows, SPEC, { sampleSize: 2.5 })).toThrow(RangeError);
  });
});
