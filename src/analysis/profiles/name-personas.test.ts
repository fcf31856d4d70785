import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../demo/create-rng.ts';
import {
  clusterPersonas,
  type PersonaCluster,
  type PersonaClustering,
  type PersonaDimension,
  type PersonaSpec,
} from './cluster-personas.ts';
import { namePersonas, type PersonaName } from './name-personas.ts';

const CHANNELS = ['wechat', 'app', 'mobile', 'pc'];
/** Four planted personas (the same as in cluster-personas.test.ts); numeric values are group means. */
const GROUPS = [
  {
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

function plant(n: number, seed: number): Record<string, number | string>[] {
  const rng = createRng(seed);
  const amount = (mean: number): number => mean * Math.exp(0.3 * rng.normal() - 0.045);
  const share = (mean: number): number => Math.min(1, Math.max(0, mean + 0.08 * rng.normal()));
  const rows: Record<string, number | string>[] = [];
  GROUPS.forEach((group, g) => {
    const size = g === GROUPS.length - 1 ? n - rows.length : Math.round(group.share * n);
    for (let i = 0; i < size; i++)
      rows.push({
        recencyDays: amount(group.recencyDays),
        frequency: amount(group.frequency),
        monetary: amount(group.monetary),
        avgBasket: amount(group.avgBasket),
        weekendShare: share(group.weekendShare),
        eveningShare: share(group.eveningShare),
        preferredChannel: group.channel !== null && rng.chance(0.85) ? group.channel : rng.pick(CHANNELS),
        lifecycle: rng.chance(0.85) ? group.lifecycle : 'new',
        gender: rng.chance(0.5) ? 'female' : 'male',
      });
  });
  return rows;
}

const SPEC: PersonaSpec = {
  numeric: [
    { field: 'recencyDays', log1p: true },
    { field: 'frequency', log1p: true },
    { field: 'monetary', log1p: true },
    { field: 'avgBasket', log1p: true },
    { field: 'weekendShare' },
    { field: 'eveningShare' },
  ],
  categorical: [{ field: 'preferredChannel' }, { field: 'lifecycle' }, { field: 'gender' }],
};

describe('namePersonas on four planted personas', () => {
  let clustering: PersonaClustering;
  let names: PersonaName[];
  beforeAll(() => {
    clustering = clusterPersonas(plant(8_000, 17), SPEC, { seed: 5 });
    names = namePersonas(clustering, SPEC);
  });

  it('names each persona after its planted traits, in Chinese and English', () => {
    expect(clustering.k).toBe(4);
    const [spenders, savers, regulars, lapsed] = names as [PersonaName, PersonaName, PersonaName, PersonaName];
    expect(spenders.zh.split(' · ').sort()).toEqual(['周末', '微信端', '高消费']);
    expect(spenders.en.split(' · ').sort()).toEqual(['WeChat', 'high spend', 'weekend']);
    for (const word of ['低消费', '工作日', 'App']) expect(savers.zh).toContain(word);
    for (const word of ['low spend', 'weekday', 'App']) expect(savers.en).toContain(word);
    for (const word of ['高频', '夜间', '手机端']) expect(regulars.zh).toContain(word);
    for (const word of ['frequent', 'evening', 'mobile web']) expect(regulars.en).toContain(word);
    for (const word of ['流失风险', '久未到访']) expect(lapsed.zh).toContain(word);
    for (const word of ['at risk', 'lapsed']) expect(lapsed.en).toContain(word);
  });

  it('gives distinct names of two or three traits, strongest first', () => {
    expect(new Set(names.map((n) => n.zh)).size).toBe(4);
    expect(new Set(names.map((n) => n.en)).size).toBe(4);
    for (const name of names) {
      expect(name.traits.length).toBeGreaterThanOrEqual(2);
      expect(name.traits.length).toBeLessThanOrEqual(3);
      const strengths = name.traits.map((t) => Math.abs(t.effect));
      expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
      expect(name.zh).toBe(name.traits.map((t) => t.word.zh).join(' · '));
    }
    expect(names.map((n) => n.id)).toEqual([0, 1, 2, 3]);
  });

  it('names only the strongest of related spend fields', () => {
    for (const name of names) expect(name.traits.filter((t) => ['monetary', 'avgBasket'].includes(t.field)).length).toBeLessThanOrEqual(1);
  });

  it('describes each persona with its share and the values behind its traits', () => {
    const spenders = names[0] as PersonaName;
    const weekend = spenders.traits.find((t) => t.field === 'weekendShare');
    expect(weekend?.value).toBeCloseTo(0.75, 1);
    expect(spenders.description.zh).toMatch(/^占买家 35% · /);
    expect(spenders.description.en).toMatch(/^35% of buyers · /);
    expect(spenders.description.zh).toContain(
      `周末占比 ${Math.round((weekend?.value as number) * 100)}%（总体 ${Math.round((weekend?.overall as number) * 100)}%）`,
    );
    expect(spenders.description.zh).toMatch(/累计消费 ¥4,0\d\d（总体 ¥1,\d{3}）/);
    expect(spenders.description.en).toMatch(/total spend ¥4,0\d\d \(overall ¥1,\d{3}\)/);
    expect(spenders.description.en).toMatch(/WeChat 8\d% \(overall \d\d%\)/);
    const lapsed = names[3] as PersonaName;
    expect(lapsed.description.zh).toMatch(/距上次消费 1\d\d天（总体 \d\d天）/);
    expect(lapsed.description.en).toMatch(/since last order 1\d\d days \(overall \d\d days\)/);
  });
});

/** A clustering built by hand: numeric fields a, b, c and categorical field ch, effects as given. */
function handMade(clusters: readonly { share: number; z: readonly number[]; ch?: Readonly<Record<string, number>> }[]): PersonaClustering {
  const dimensions: PersonaDimension[] = [
    { kind: 'numeric', field: 'monetary', log1p: true },
    { kind: 'numeric', field: 'weekendShare', log1p: false },
    { kind: 'numeric', field: 'visits', log1p: false },
    { kind: 'category', field: 'preferredChannel', level: 'wechat' },
    { kind: 'category', field: 'preferredChannel', level: 'app' },
  ];
  const population = {
    size: 1000,
    share: 1,
    means: { monetary: 500, weekendShare: 0.3, visits: 4 },
    shares: { preferredChannel: { wechat: 0.5, app: 0.5 } },
    missing: { monetary: 0, weekendShare: 0, visits: 0, preferredChannel: 0 },
  };
  const list: PersonaCluster[] = clusters.map((cluster, id) => {
    const wechat = cluster.ch?.wechat ?? 0.5;
    return {
      id,
      size: cluster.share * 1000,
      share: cluster.share,
      means: {
        monetary: 500 + 400 * (cluster.z[0] ?? 0),
        weekendShare: 0.3 + 0.2 * (cluster.z[1] ?? 0),
        visits: 4 + 2 * (cluster.z[2] ?? 0),
      },
      shares: { preferredChannel: { wechat, app: 1 - wechat } },
      missing: population.missing,
      standardCentroid: [cluster.z[0] ?? 0, cluster.z[1] ?? 0, cluster.z[2] ?? 0, (wechat - 0.5) / 0.5, (0.5 - wechat) / 0.5],
      silhouette: 0.5,
    };
  });
  return {
    k: list.length,
    clusters: list,
    assignment: new Int32Array(0),
    population,
    dimensions,
    // Naming reads the profiles only, never the assignment rule.
    model: { numeric: [], categorical: [], centroids: [] },
    candidates: [],
    sample: { rows: 1000, fitted: 1000, silhouette: 1000 },
    notes: [],
  };
}

const HAND_SPEC: PersonaSpec = {
  numeric: [{ field: 'monetary', log1p: true }, { field: 'weekendShare' }, { field: 'visits' }],
  categorical: [{ field: 'preferredChannel' }],
};

describe('namePersonas rules', () => {
  it('tells colliding names apart by their next strongest trait', () => {
    const names = namePersonas(
      handMade([
        { share: 0.5, z: [1.5, 1.0, 0.1], ch: { wechat: 0.6 } },
        { share: 0.5, z: [1.4, 0.9, -0.25], ch: { wechat: 0.4 } },
      ]),
      HAND_SPEC,
      { maxTraits: 2 },
    );
    expect(names.map((n) => n.zh)).toEqual(['高消费 · 周末 · 微信端', '高消费 · 周末 · visits低']);
    expect(names.map((n) => n.en)).toEqual(['high spend · weekend · WeChat', 'high spend · weekend · low visits']);
  });

  it('numbers names that stay equal when nothing else tells them apart', () => {
    const names = namePersonas(
      handMade([
        { share: 0.3, z: [1, 0, 0] },
        { share: 0.3, z: [1, 0, 0] },
        { share: 0.4, z: [-1, 0, 0] },
      ]),
      HAND_SPEC,
    );
    expect(names.map((n) => n.zh)).toEqual(['高消费（1）', '高消费（2）', '低消费']);
    expect(names.map((n) => n.en)).toEqual(['high spend (1)', 'high spend (2)', 'low spend']);
  });

  it('calls a cluster close to the population on everything mainstream', () => {
    const [plain, big] = namePersonas(
      handMade([
        { share: 0.7, z: [0.1, -0.2, 0.05] },
        { share: 0.3, z: [2, 0, 0] },
      ]),
      HAND_SPEC,
    );
    expect(plain).toMatchObject({ zh: '大众', en: 'mainstream', traits: [] });
    expect(plain?.description).toEqual({ zh: '占买家 70% · 各项接近总体', en: '70% of buyers · close to the population on every feature' });
    expect(big?.zh).toBe('高消费');
    expect(big?.description.zh).toBe('占买家 30% · 累计消费 ¥1,300（总体 ¥500）');
  });

  it('uses the words and units the spec gives, and the field name for fields it does not know', () => {
    const spec: PersonaSpec = {
      numeric: [
        { field: 'monetary', high: { zh: '大户', en: 'big spenders' }, label: { zh: '年消费', en: 'yearly spend' } },
        { field: 'weekendShare' },
        { field: 'visits', unit: 'perMonth', label: { zh: '到访', en: 'visits' } },
      ],
      categorical: [{ field: 'preferredChannel', levels: { wechat: { zh: '小程序', en: 'mini program' } } }],
    };
    const [name] = namePersonas(handMade([{ share: 1, z: [31, 0, 1], ch: { wechat: 1 } }]), spec);
    expect(name?.zh).toBe('大户 · 小程序 · 到访高');
    expect(name?.en).toBe('big spenders · mini program · high visits');
    expect(name?.description.zh).toBe('占买家 100% · 年消费 ¥1.3万（总体 ¥500） · 小程序 100%（总体 50%） · 到访 6次/月（总体 4次/月）');
    expect(name?.description.en).toBe(
      '100% of buyers · yearly spend ¥12,900 (overall ¥500) · mini program 100% (overall 50%) · visits 6/month (overall 4/month)',
    );
  });

  it('does not name a level held by few of the cluster, however over-represented', () => {
    const clustering = handMade([{ share: 1, z: [0, 1, 0] }]);
    const rare: PersonaClustering = {
      ...clustering,
      dimensions: [...clustering.dimensions, { kind: 'category', field: 'preferredChannel', level: 'pc' }],
      clusters: clustering.clusters.map((c) => ({
        ...c,
        standardCentroid: [...c.standardCentroid, 2.5] as number[],
        shares: { preferredChannel: { wechat: 0.45, app: 0.45, pc: 0.1 } },
      })),
    };
    const [name] = namePersonas(rare, HAND_SPEC);
    expect(name?.traits.map((t) => t.field)).toEqual(['weekendShare']);
  });

  it('rejects a spec naming a field the clustering does not have', () => {
    expect(() => namePersonas(handMade([{ share: 1, z: [1, 0, 0] }]), { numeric: [{ field: 'avgBasket' }] })).toThrow(
      new RangeError('spec.numeric names avgBasket, which the clustering has no numeric field for'),
    );
    expect(() => namePersonas(handMade([{ share: 1, z: [1, 0, 0] }]), HAND_SPEC, { maxTraits: 0 })).toThrow(
      /maxTraits must be a whole number ≥ 1/,
    );
  });
});
