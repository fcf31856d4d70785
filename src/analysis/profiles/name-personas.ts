/**
 * Names each persona found by clusterPersonas, in Chinese and English, after what sets it apart from
 * the whole population, and writes a one-line description with the numbers behind the name.
 *
 * The rule, in plain words.
 * - Traits. Every numeric field is a candidate trait, its strength the cluster's standardised
 *   centroid there (mean z-score): positive reads as the field's `high` word (monetary → 高消费 /
 *   high spend), negative as its `low` word (recencyDays → 近期活跃 / recently active). A categorical
 *   field offers one candidate: its most over-represented level, by (cluster share − overall share)
 *   ÷ √(overall share × (1 − overall share)), named after the level (wechat → 微信端 / WeChat). A level
 *   held by under `minLevelShare` of the cluster (default 30%) is not offered: a name should be true of
 *   a good part of the group, and pooled `(other)` levels never are.
 * - Related fields say one thing: of fields in one `groups` entry (by default total spend, basket
 *   size and spending tier) only the strongest is offered, so no name reads 高消费 · 高客单价.
 * - Name. The strongest candidates by |strength|, at most `maxTraits` (default 3) and each at least
 *   `minEffect` (default 0.3 standard deviations), strongest first, joined with ' · ' (高消费 · 周末 ·
 *   微信端). A cluster with no such trait is 大众 / mainstream.
 * - Distinct. Clusters whose names coincide in either language each take their next strongest
 *   candidate, round after round; any still equal are numbered （1）, （2） in cluster order.
 * - Description. The cluster's share of the buyers clustered (personas are of buyers, never of all
 *   users), then each named trait with the cluster's value and the overall one:
 *   占买家 18% · 客单价 ¥420（总体 ¥160）/ 18% of buyers · avg basket ¥420 (overall ¥160).
 *
 * Words for the usual profile fields are built in; the spec's `label`, `high`, `low`, `unit` and
 * `levels` override them, and other fields fall back to their field and level names.
 */
import { OTHER_LEVEL, type Bilingual, type PersonaClustering, type PersonaSpec, type ValueUnit } from './cluster-personas.ts';

/** Options of {@link namePersonas}. */
export interface NamePersonasOptions {
  /** Most traits in a name before collisions are resolved (default 3). */
  readonly maxTraits?: number | undefined;
  /** Least |standardised centroid| for a trait to be named (default 0.3). */
  readonly minEffect?: number | undefined;
  /** Least share of the cluster holding a level for the level to be named (default 0.3). */
  readonly minLevelShare?: number | undefined;
  /** Fields that say one thing; only the strongest of each group is named (default [['monetary', 'avgBasket', 'spendingTier']]). */
  readonly groups?: readonly (readonly string[])[] | undefined;
}

/** One thing that sets a persona apart. */
export interface PersonaTrait {
  readonly field: string;
  readonly kind: 'numeric' | 'category';
  /** For a category always 'high': the level is over-represented. */
  readonly direction: 'high' | 'low';
  /** The over-represented level; null for a numeric field. */
  readonly level: string | null;
  /** Standardised difference from the population (z-score units). */
  readonly effect: number;
  /** The cluster's mean (numeric) or the level's share in it (category), and the population's. */
  readonly value: number;
  readonly overall: number;
  /** The word used in the name. */
  readonly word: Bilingual;
}

/** A persona's name and one-line description in both languages. */
export interface PersonaName {
  /** The cluster's id. */
  readonly id: number;
  readonly zh: string;
  readonly en: string;
  readonly description: Bilingual;
  /** The traits the name is made of, strongest first. */
  readonly traits: readonly PersonaTrait[];
}

interface FieldWords {
  readonly label: Bilingual;
  readonly high: Bilingual;
  readonly low: Bilingual;
  readonly unit: ValueUnit;
}

/** Built-in words for the numeric profile fields. */
const NUMERIC_WORDS: Readonly<Record<string, FieldWords>> = {
  recencyDays: {
    label: { zh: '距上次消费', en: 'since last order' },
    high: { zh: '久未到访', en: 'lapsed' },
    low: { zh: '近期活跃', en: 'recently active' },
    unit: 'days',
  },
  frequency: {
    label: { zh: '订单频次', en: 'orders' },
    high: { zh: '高频', en: 'frequent' },
    low: { zh: '低频', en: 'infrequent' },
    unit: 'perMonth',
  },
  monetary: {
    label: { zh: '累计消费', en: 'total spend' },
    high: { zh: '高消费', en: 'high spend' },
    low: { zh: '低消费', en: 'low spend' },
    unit: 'yuan',
  },
  avgBasket: {
    label: { zh: '客单价', en: 'avg basket' },
    high: { zh: '高客单价', en: 'big baskets' },
    low: { zh: '低客单价', en: 'small baskets' },
    unit: 'yuan',
  },
  weekendShare: {
    label: { zh: '周末占比', en: 'weekend share' },
    high: { zh: '周末', en: 'weekend' },
    low: { zh: '工作日', en: 'weekday' },
    unit: 'share',
  },
  eveningShare: {
    label: { zh: '夜间占比', en: 'evening share' },
    high: { zh: '夜间', en: 'evening' },
    low: { zh: '日间', en: 'daytime' },
    unit: 'share',
  },
  spendingTier: {
    label: { zh: '消费层级', en: 'spending tier' },
    high: { zh: '高消费层级', en: 'top spending tier' },
    low: { zh: '低消费层级', en: 'low spending tier' },
    unit: 'number',
  },
};

interface CategoryWords {
  readonly label: Bilingual;
  readonly levels: Readonly<Record<string, Bilingual>>;
  /** Words for a level not listed. */
  readonly other: (level: string) => Bilingual;
}

const asIs = (level: string): Bilingual => ({ zh: level, en: level });

/** Built-in words for the categorical profile fields. */
const CATEGORY_WORDS: Readonly<Record<string, CategoryWords>> = {
  preferredChannel: {
    label: { zh: '偏好渠道', en: 'preferred channel' },
    levels: {
      wechat: { zh: '微信端', en: 'WeChat' },
      app: { zh: 'App', en: 'App' },
      mobile: { zh: '手机端', en: 'mobile web' },
      pc: { zh: 'PC端', en: 'PC' },
    },
    other: asIs,
  },
  preferredOrderType: {
    label: { zh: '下单方式', en: 'order type' },
    levels: {
      phone: { zh: '电话下单', en: 'phone orders' },
      online: { zh: '网络下单', en: 'online orders' },
      pickup: { zh: '到店自提', en: 'pickup' },
    },
    other: asIs,
  },
  topCategory: { label: { zh: '偏好品类', en: 'top category' }, levels: {}, other: asIs },
  ageBand: { label: { zh: '年龄段', en: 'age band' }, levels: {}, other: (level) => ({ zh: `${level}岁`, en: `aged ${level}` }) },
  gender: {
    label: { zh: '性别', en: 'gender' },
    levels: {
      female: { zh: '女性', en: 'women' },
      male: { zh: '男性', en: 'men' },
      other: { zh: '其他性别', en: 'other gender' },
      unknown: { zh: '性别未知', en: 'gender unknown' },
    },
    other: asIs,
  },
  province: { label: { zh: '省份', en: 'province' }, levels: {}, other: asIs },
  lifecycle: {
    label: { zh: '生命周期', en: 'lifecycle' },
    levels: {
      // The stages of profile-rules.ts first, then words other sources use.
      new: { zh: '新客', en: 'new' },
      active: { zh: '活跃', en: 'active' },
      growing: { zh: '成长', en: 'growing' },
      at_risk: { zh: '流失风险', en: 'at risk' },
      churned: { zh: '已流失', en: 'churned' },
      reactivated: { zh: '回流', en: 'reactivated' },
      registered: { zh: '仅注册', en: 'registered only' },
      loyal: { zh: '忠诚', en: 'loyal' },
      lapsing: { zh: '流失预警', en: 'lapsing' },
      dormant: { zh: '沉睡', en: 'dormant' },
      returning: { zh: '回流', en: 'returning' },
    },
    other: asIs,
  },
  spendingTier: {
    label: { zh: '消费层级', en: 'spending tier' },
    levels: {},
    other: (level) => ({ zh: `消费层级${level}`, en: `spending tier ${level}` }),
  },
};

const SEPARATOR = ' · ';
const MAINSTREAM: Bilingual = { zh: '大众', en: 'mainstream' };

/** Names every cluster of a clustering after its most distinctive traits; names are distinct. */
export function namePersonas(clustering: PersonaClustering, spec: PersonaSpec, options: NamePersonasOptions = {}): PersonaName[] {
  const maxTraits = options.maxTraits ?? 3;
  const minEffect = options.minEffect ?? 0.3;
  const minLevelShare = options.minLevelShare ?? 0.3;
  const groups = options.groups ?? [['monetary', 'avgBasket', 'spendingTier']];
  if (!Number.isInteger(maxTraits) || maxTraits < 1) throw new RangeError(`maxTraits must be a whole number ≥ 1, got ${maxTraits}`);
  if (!Number.isFinite(minEffect) || minEffect < 0) throw new RangeError(`minEffect must be a finite number ≥ 0, got ${minEffect}`);
  if (!(minLevelShare >= 0 && minLevelShare <= 1)) throw new RangeError(`minLevelShare must be between 0 and 1, got ${minLevelShare}`);
  const words = resolveWords(clustering, spec);
  const groupOf = new Map<string, number>();
  groups.forEach((group, g) => group.forEach((field) => groupOf.set(field, g)));

  const candidates = clustering.clusters.map((cluster) => {
    const byField = new Map<string, PersonaTrait>();
    clustering.dimensions.forEach((dimension, t) => {
      const effect = cluster.standardCentroid[t] ?? 0;
      if (dimension.kind === 'numeric') {
        const value = cluster.means[dimension.field];
        const overall = clustering.population.means[dimension.field];
        if (value === null || value === undefined || overall === null || overall === undefined || effect === 0) return;
        const field = words.numeric.get(dimension.field) as FieldWords;
        const direction = effect > 0 ? 'high' : 'low';
        byField.set(dimension.field, {
          field: dimension.field,
          kind: 'numeric',
          direction,
          level: null,
          effect,
          value,
          overall,
          word: field[direction],
        });
        return;
      }
      const { field, level } = dimension;
      const value = cluster.shares[field]?.[level] ?? 0;
      if (effect <= 0 || level === OTHER_LEVEL || value < minLevelShare) return;
      const held = byField.get(field);
      if (held !== undefined && held.effect >= effect) return;
      const category = words.categorical.get(field) as CategoryWords;
      const word = category.levels[level] ?? category.other(level);
      byField.set(field, {
        field,
        kind: 'category',
        direction: 'high',
        level,
        effect,
        value,
        overall: clustering.population.shares[field]?.[level] ?? 0,
        word,
      });
    });
    const ranked = [...byField.values()].sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || compareText(a.field, b.field));
    // One trait per group of related fields: the strongest.
    const seenGroups = new Set<number>();
    return ranked.filter((trait) => {
      const g = groupOf.get(trait.field);
      if (g === undefined) return true;
      if (seenGroups.has(g)) return false;
      seenGroups.add(g);
      return true;
    });
  });

  const used = candidates.map((traits) => {
    let count = 0;
    while (count < Math.min(maxTraits, traits.length) && Math.abs((traits[count] as PersonaTrait).effect) >= minEffect) count++;
    return count;
  });
  const compose = (i: number): Bilingual => {
    const traits = (candidates[i] as PersonaTrait[]).slice(0, used[i]);
    if (traits.length === 0) return MAINSTREAM;
    // A mainstream cluster that needs telling apart keeps the word and adds the distinguishing traits.
    const parts =
      Math.abs((traits[0] as PersonaTrait).effect) >= minEffect ? traits.map((t) => t.word) : [MAINSTREAM, ...traits.map((t) => t.word)];
    return { zh: parts.map((w) => w.zh).join(SEPARATOR), en: parts.map((w) => w.en).join(SEPARATOR) };
  };

  let names = clustering.clusters.map((_, i) => compose(i));
  for (;;) {
    const clashing = colliding(names);
    let extended = false;
    for (const i of clashing) {
      if ((used[i] as number) < (candidates[i] as PersonaTrait[]).length) {
        used[i] = (used[i] as number) + 1;
        extended = true;
      }
    }
    if (!extended) break;
    names = clustering.clusters.map((_, i) => compose(i));
  }
  names = numberDuplicates(names);

  return clustering.clusters.map((cluster, i) => {
    const traits = (candidates[i] as PersonaTrait[]).slice(0, used[i]);
    const parts = traits.map((trait) => describeTrait(trait, words));
    const share = percent(cluster.share);
    const description: Bilingual =
      parts.length === 0
        ? { zh: `占买家 ${share}${SEPARATOR}各项接近总体`, en: `${share} of buyers${SEPARATOR}close to the population on every feature` }
        : {
            zh: [`占买家 ${share}`, ...parts.map((p) => p.zh)].join(SEPARATOR),
            en: [`${share} of buyers`, ...parts.map((p) => p.en)].join(SEPARATOR),
          };
    const name = names[i] as Bilingual;
    return { id: cluster.id, zh: name.zh, en: name.en, description, traits };
  });
}

interface Words {
  readonly numeric: ReadonlyMap<string, FieldWords>;
  readonly categorical: ReadonlyMap<string, CategoryWords>;
}

/** Words for every field of the clustering: the spec's, else built-in, else the field's own name. */
function resolveWords(clustering: PersonaClustering, spec: PersonaSpec): Words {
  const numeric = new Map<string, FieldWords>();
  const categorical = new Map<string, CategoryWords>();
  const numericSpec = new Map(spec.numeric.map((f) => [f.field, f]));
  const categoricalSpec = new Map((spec.categorical ?? []).map((f) => [f.field, f]));
  for (const field of numericSpec.keys())
    if (!(field in clustering.population.means))
      throw new RangeError(`spec.numeric names ${field}, which the clustering has no numeric field for`);
  for (const field of categoricalSpec.keys())
    if (!(field in clustering.population.shares))
      throw new RangeError(`spec.categorical names ${field}, which the clustering has no categorical field for`);
  for (const field of Object.keys(clustering.population.means)) {
    const given = numericSpec.get(field);
    const builtIn = NUMERIC_WORDS[field];
    const label = given?.label ?? builtIn?.label ?? { zh: field, en: field };
    numeric.set(field, {
      label,
      high: given?.high ?? builtIn?.high ?? { zh: `${label.zh}高`, en: `high ${label.en}` },
      low: given?.low ?? builtIn?.low ?? { zh: `${label.zh}低`, en: `low ${label.en}` },
      unit: given?.unit ?? builtIn?.unit ?? 'number',
    });
  }
  for (const field of Object.keys(clustering.population.shares)) {
    const given = categoricalSpec.get(field);
    const builtIn = CATEGORY_WORDS[field];
    categorical.set(field, {
      label: given?.label ?? builtIn?.label ?? { zh: field, en: field },
      levels: { ...builtIn?.levels, ...given?.levels },
      other: builtIn?.other ?? asIs,
    });
  }
  return { numeric, categorical };
}

/** Indices of names that equal another name in either language. */
function colliding(names: readonly Bilingual[]): number[] {
  const count = (key: (b: Bilingual) => string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const name of names) counts.set(key(name), (counts.get(key(name)) ?? 0) + 1);
    return counts;
  };
  const zh = count((b) => b.zh);
  const en = count((b) => b.en);
  return names.flatMap((name, i) => ((zh.get(name.zh) as number) > 1 || (en.get(name.en) as number) > 1 ? [i] : []));
}

/** Numbers names that are still equal, （1）, （2） in cluster order, Chinese and English alike. */
function numberDuplicates(names: readonly Bilingual[]): Bilingual[] {
  const result = [...names];
  const clashing = colliding(names);
  const groups = new Map<string, number[]>();
  for (const i of clashing) {
    // Names equal in one language only are numbered with the names they equal.
    const name = names[i] as Bilingual;
    const key = clashing.find((j) => (names[j] as Bilingual).zh === name.zh || (names[j] as Bilingual).en === name.en) as number;
    groups.set(String(key), [...(groups.get(String(key)) ?? []), i]);
  }
  for (const members of groups.values())
    members.forEach((i, position) => {
      const name = result[i] as Bilingual;
      result[i] = { zh: `${name.zh}（${position + 1}）`, en: `${name.en} (${position + 1})` };
    });
  return result;
}

/** A trait with the cluster's value and the population's, in both languages. */
function describeTrait(trait: PersonaTrait, words: Words): Bilingual {
  if (trait.kind === 'category') {
    return {
      zh: `${trait.word.zh} ${percent(trait.value)}（总体 ${percent(trait.overall)}）`,
      en: `${trait.word.en} ${percent(trait.value)} (overall ${percent(trait.overall)})`,
    };
  }
  const field = words.numeric.get(trait.field) as FieldWords;
  const value = formatValue(trait.value, field.unit);
  const overall = formatValue(trait.overall, field.unit);
  return { zh: `${field.label.zh} ${value.zh}（总体 ${overall.zh}）`, en: `${field.label.en} ${value.en} (overall ${overall.en})` };
}

/** A value in its unit, the same on every machine (no locale). */
function formatValue(value: number, unit: ValueUnit): Bilingual {
  switch (unit) {
    case 'yuan': {
      if (Math.abs(value) >= 10_000) return { zh: `¥${trim(value / 10_000, 1)}万`, en: `¥${grouped(Math.round(value))}` };
      const text = Math.abs(value) >= 100 ? grouped(Math.round(value)) : trim(value, 1);
      return { zh: `¥${text}`, en: `¥${text}` };
    }
    case 'share':
      return { zh: percent(value), en: percent(value) };
    case 'days': {
      const text = trim(value, Math.abs(value) < 10 ? 1 : 0);
      return { zh: `${text}天`, en: `${text} days` };
    }
    case 'perMonth': {
      const text = trim(value, Math.abs(value) < 10 ? 1 : 0);
      return { zh: `${text}次/月`, en: `${text}/month` };
    }
    case 'number': {
      const text = trim(value, Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0);
      return { zh: text, en: text };
    }
  }
}

function percent(share: number): string {
  return share > 0 && share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`;
}

/** Fixed decimals without trailing zeros. */
function trim(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** An integer with commas between thousands. */
function grouped(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Distribution buckets of the `persona` field (one per persona number) with each persona's name, so
 * a listing reads 高消费 · 周末 rather than 2; a number no persona has keeps its bare value.
 */
export function withPersonaNames<B extends { readonly value: string }>(
  buckets: readonly B[],
  personas: readonly Pick<PersonaName, 'id' | 'zh' | 'en'>[],
): (B & { readonly zh?: string; readonly en?: string })[] {
  const byId = new Map(personas.map((p) => [String(p.id), p]));
  return buckets.map((bucket) => {
    const persona = byId.get(bucket.value);
    return persona ? { ...bucket, zh: persona.zh, en: persona.en } : bucket;
  });
}
