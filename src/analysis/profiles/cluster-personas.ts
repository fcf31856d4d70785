/**
 * Groups users into personas by their profile features: k-means on standardised features, with the
 * number of groups chosen by how cleanly the users separate.
 *
 * The method, in plain words.
 * 1. Features. Each numeric field becomes a z-score: (value − mean) ÷ standard deviation, so spend in
 *    yuan and shares in 0–1 count alike. Heavy-tailed fields (spend, basket, frequency) can be taken as
 *    sign(x)·ln(1 + |x|) first (`log1p`), so a few big spenders do not stretch the scale until everybody
 *    else looks the same. A missing value gets the mean (z = 0): it neither pulls a user towards nor
 *    away from any group. A constant field has no spread; it is kept at 0 and reported in `notes`.
 *    Each categorical field becomes one indicator per level, of height `weight` (default 0.5). Two
 *    random users differ by √2 standard deviations (root mean square) in a numeric field, and users
 *    of different levels are √2·weight apart, so `weight` says how much a differing category counts
 *    next to a typical numeric difference; below 1 keeps a field such as channel from splitting the
 *    users on its own. A missing category has no indicator and sits halfway between the levels.
 * 2. Sample. k-means is fitted on a seeded random sample (default 50,000 rows); every row is then
 *    assigned to its nearest centroid, and sizes, shares and centroids are computed over all rows.
 *    `model` carries the standardisation and the centroids, so rows that were never read here (a
 *    million buyers in the store) can be assigned where they are, with the same distance. A
 *    persona of 1% of users still has about 500 rows in the sample, which place its centroid to within
 *    about 1 ÷ √500 ≈ 0.05 standard deviations; smaller groups than that are not what personas are
 *    for. The fit then costs the same for a million rows as for 50,000, and only the reading and the
 *    final assignment grow with the rows.
 * 3. Fit. For each k in [kMin, kMax] (default 3–8): greedy k-means++ seeding (each new centre is the
 *    best of 2 + ln k users drawn with probability proportional to their squared distance from the
 *    nearest centre already chosen), then Lloyd iterations (assign each user to the nearest centroid,
 *    move each centroid to the mean of its users) until no assignment changes or `maxIterations` is
 *    reached. Hamerly's distance bounds skip users that provably stay put; the result is the same as
 *    plain Lloyd, only faster. A cluster left empty is re-seeded with the user farthest from its
 *    centroid. Of `restarts` seeded runs, the one with the smallest within-cluster sum of squares is
 *    kept.
 * 4. Choose k. The silhouette of a user is (b − a) ÷ max(a, b), where a is its mean distance to its
 *    own cluster and b to the nearest other cluster: near 1 when groups are tight and apart, near 0
 *    when they blur. It costs O(n²), so it is averaged over a random `silhouetteSample` rows of the
 *    fitting sample (default 2,000), the same rows for every k. The k with the largest mean wins; ties go to the smaller k.
 *    Optionally a BIC under a spherical Gaussian mixture with one shared variance (Pelleg & Moore's
 *    x-means form, lower is better) is reported beside it; indicators are not Gaussian, so it is a
 *    second opinion, not the rule.
 * 5. Describe. Per cluster: size, share, means of numeric fields in original units, shares of each
 *    level, and the standardised centroid: for a numeric field the mean z-score of its users (on the
 *    log scale when `log1p`); for a level, (cluster share − overall share) ÷ √(overall share ×
 *    (1 − overall share)), its indicator's z-score, so numeric fields and categories compare on one
 *    scale. Clusters are numbered by size, largest first.
 *
 * Everything random comes from `seed`: the same rows, spec and options give the same result.
 * Data that cannot support the requested k (fewer rows or fewer distinct users than kMax) narrows the
 * range and says so in `notes`; if every user looks the same there is one cluster.
 */
import { createRng, type Rng } from '../../demo/create-rng.ts';

/** A text in Chinese and English. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** How a numeric field's values are written in descriptions. */
export type ValueUnit = 'yuan' | 'share' | 'days' | 'perMonth' | 'number';

/** A numeric field to cluster on; `label`, `high`, `low` and `unit` are read by namePersonas only. */
export interface NumericFeature<F extends string = string> {
  readonly field: F;
  /** Cluster on sign(x)·ln(1 + |x|) instead of x, for heavy-tailed amounts such as spend (default false). */
  readonly log1p?: boolean | undefined;
  /** Multiplies the field's z-score, > 0 (default 1). */
  readonly weight?: number | undefined;
  /** Name of the field in descriptions. */
  readonly label?: Bilingual | undefined;
  /** Words for a persona well above / below the population in this field. */
  readonly high?: Bilingual | undefined;
  readonly low?: Bilingual | undefined;
  readonly unit?: ValueUnit | undefined;
}

/** A categorical field to cluster on as one indicator per level; `label` and `levels` are read by namePersonas only. */
export interface CategoricalFeature<F extends string = string> {
  readonly field: F;
  /** Height of the field's indicators, > 0 (default 0.5): how much a differing level counts next to a typical numeric difference. */
  readonly weight?: number | undefined;
  /** Most levels kept, by frequency; rarer ones are pooled as `(other)` (default 50). */
  readonly maxLevels?: number | undefined;
  /** Name of the field in descriptions. */
  readonly label?: Bilingual | undefined;
  /** Words for a persona in which a level is over-represented, by level. */
  readonly levels?: Readonly<Record<string, Bilingual>> | undefined;
}

/** Which fields of a profile row to cluster on, and how. */
export interface PersonaSpec<F extends string = string> {
  readonly numeric: readonly NumericFeature<F>[];
  readonly categorical?: readonly CategoricalFeature<F>[] | undefined;
}

/** Options of {@link clusterPersonas}. */
export interface ClusterPersonasOptions {
  /** Smallest number of clusters tried, ≥ 2 (default 3). */
  readonly kMin?: number | undefined;
  /** Largest number of clusters tried (default 8). */
  readonly kMax?: number | undefined;
  /** Seed of every random choice (default 1). */
  readonly seed?: number | undefined;
  /** Seeded k-means runs per k; the tightest is kept (default 4). */
  readonly restarts?: number | undefined;
  /** Lloyd iterations per run at most (default 100). */
  readonly maxIterations?: number | undefined;
  /** Rows k-means is fitted on; all rows are assigned afterwards (default 50,000). */
  readonly sampleSize?: number | undefined;
  /** Rows the silhouette is averaged over, O(n²) (default 2,000). */
  readonly silhouetteSample?: number | undefined;
  /** Also report a BIC per k (default false). */
  readonly bic?: boolean | undefined;
}

/** One coordinate of a standardised centroid: a numeric field, or one level of a categorical field. */
export type PersonaDimension =
  | { readonly kind: 'numeric'; readonly field: string; readonly log1p: boolean }
  | { readonly kind: 'category'; readonly field: string; readonly level: string };

/** What a group of users (or all of them) looks like in original units. */
export interface PersonaProfile {
  readonly size: number;
  /** size ÷ all rows. */
  readonly share: number;
  /** Mean of each numeric field over users who have it; null when nobody does. */
  readonly means: Readonly<Record<string, number | null>>;
  /** Share of each level among users who have the field, by categorical field. */
  readonly shares: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Share of users without a value, by field. */
  readonly missing: Readonly<Record<string, number>>;
}

/** One persona: its profile, standardised centroid and silhouette. */
export interface PersonaCluster extends PersonaProfile {
  /** 0 for the largest cluster, then by size. */
  readonly id: number;
  /** Centroid in standard deviations of the population, aligned with `dimensions`. */
  readonly standardCentroid: readonly number[];
  /** Mean silhouette of its users in the silhouette sample; null when none is there. */
  readonly silhouette: number | null;
}

/** How well one k did. */
export interface KCandidate {
  readonly k: number;
  /** Mean silhouette over the silhouette sample. */
  readonly silhouette: number;
  /** Sum of squared distances to the centroids, over the fitting sample. */
  readonly withinSS: number;
  /** Spherical-Gaussian BIC over the fitting sample (lower is better); null unless asked for. */
  readonly bic: number | null;
  /** Lloyd iterations of the kept run, and whether it stopped because nothing changed. */
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * What assigning a row to its nearest persona takes, in the rows' own units. A row's coordinates:
 * per numeric field, `scale` × (v − `mean`) with v = sign(x)·ln(1 + |x|) when `log1p`, else x, and 0
 * when the value is missing (or the field has no spread: `scale` 0); per categorical field with
 * levels, an indicator of height `weight` at the row's level — `(other)` when `pooled` and the level
 * is not listed — and none when missing or unknown. The nearest centroid (squared Euclidean
 * distance, the first on a tie) is the persona.
 */
export interface PersonaModel {
  readonly numeric: readonly { readonly field: string; readonly log1p: boolean; readonly mean: number; readonly scale: number }[];
  readonly categorical: readonly {
    readonly field: string;
    readonly weight: number;
    /** In coordinate order; the last is `(other)` when `pooled`. */
    readonly levels: readonly string[];
    readonly pooled: boolean;
  }[];
  /** One per persona, in persona id order: the numeric coordinates, then each categorical field's levels. */
  readonly centroids: readonly (readonly number[])[];
}

const isFiniteArray = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));

/** A PersonaModel read back from storage (JSON), or null when it is not one (an older run's, or damaged). */
export function readPersonaModel(value: unknown): PersonaModel | null {
  if (typeof value !== 'object' || value === null) return null;
  const { numeric, categorical, centroids } = value as Partial<Record<keyof PersonaModel, unknown>>;
  if (!Array.isArray(numeric) || !Array.isArray(categorical) || !Array.isArray(centroids) || centroids.length === 0) return null;
  const numericOk = numeric.every(
    (f: Partial<PersonaModel['numeric'][number]>) =>
      typeof f?.field === 'string' && typeof f.log1p === 'boolean' && Number.isFinite(f.mean) && Number.isFinite(f.scale),
  );
  const categoricalOk = categorical.every(
    (f: Partial<PersonaModel['categorical'][number]>) =>
      typeof f?.field === 'string' &&
      Number.isFinite(f.weight) &&
      typeof f.pooled === 'boolean' &&
      Array.isArray(f.levels) &&
      f.levels.every((level) => typeof level === 'string'),
  );
  const d = numeric.length + (categorical as PersonaModel['categorical']).reduce((sum, f) => sum + (f.levels?.length ?? 0), 0);
  const centroidsOk = centroids.every((c) => isFiniteArray(c) && c.length === d);
  return numericOk && categoricalOk && centroidsOk ? (value as PersonaModel) : null;
}

/** Personas found in a set of profile rows. */
export interface PersonaClustering {
  /** The number of clusters chosen. */
  readonly k: number;
  readonly clusters: readonly PersonaCluster[];
  /** Cluster id of each row, aligned with the input rows. */
  readonly assignment: Int32Array;
  readonly population: PersonaProfile;
  readonly dimensions: readonly PersonaDimension[];
  /** How to assign any row to its persona (see PersonaModel). */
  readonly model: PersonaModel;
  /** One per k tried, in order of k; empty when there was nothing to choose. */
  readonly candidates: readonly KCandidate[];
  readonly sample: { readonly rows: number; readonly fitted: number; readonly silhouette: number };
  readonly notes: readonly string[];
}

/** Name of the level rarer levels are pooled into. */
export const OTHER_LEVEL = '(other)';

const DEFAULTS = {
  kMin: 3,
  kMax: 8,
  seed: 1,
  restarts: 4,
  maxIterations: 100,
  sampleSize: 50_000,
  silhouetteSample: 2_000,
  categoryWeight: 0.5,
  maxLevels: 50,
} as const;

/** Clusters profile rows into personas, choosing k by silhouette; deterministic for a seed. */
export function clusterPersonas<R extends object>(
  rows: readonly R[],
  spec: PersonaSpec<Extract<keyof R, string>>,
  options: ClusterPersonasOptions = {},
): PersonaClustering {
  const settings = resolveOptions(options);
  validateSpec(spec);
  const n = rows.length;
  if (n < 3) throw new RangeError(`clusterPersonas needs at least 3 rows to compare groupings, got ${n}`);

  const features = readFeatures(rows as readonly object[], spec);
  const notes = [...features.notes];
  const { space } = features;

  // One seeded shuffle gives both samples: the first `fitted` rows fit k-means, the first
  // `silhouette` of those score it.
  const order = shuffledPrefix(n, Math.min(n, settings.sampleSize), createRng(settings.seed, 0x5a3));
  const fit = subset(space, order);
  const m = fit.n;
  const s = Math.min(m, settings.silhouetteSample);
  if (m < n) notes.push(`k-means was fitted on a random sample of ${m} of ${n} rows; every row was then assigned to its nearest centroid.`);

  const distinct = countDistinct(fit, settings.kMax + 1);
  if (distinct === 1) {
    notes.push('All rows are the same in the chosen features, so they form one cluster.');
    const centroid = new Float64Array(space.d);
    const single = summarise(rows as readonly object[], features, new Int32Array(n), 1, centroid);
    return {
      k: 1,
      clusters: single.clusters.map((c) => ({ ...c, silhouette: null })),
      assignment: single.assignment,
      population: single.population,
      dimensions: features.dimensions,
      model: personaModel(features, centroid, [0]),
      candidates: [],
      sample: { rows: n, fitted: m, silhouette: s },
      notes,
    };
  }
  const kMax = Math.min(settings.kMax, distinct, s - 1);
  const kMin = Math.min(settings.kMin, kMax);
  if (kMax < 2) throw new RangeError(`clusterPersonas needs at least 3 rows in its silhouette sample, got ${s}`);
  if (kMax < settings.kMax || kMin < settings.kMin) {
    const why =
      distinct < s
        ? `only ${distinct} distinct rows in the chosen features`
        : `only ${s} rows, and a silhouette needs fewer clusters than rows`;
    notes.push(`k was tried from ${kMin} to ${kMax} instead of ${settings.kMin} to ${settings.kMax}: ${why}.`);
  }

  const pairs = pairwiseDistances(fit, s);
  const candidates: KCandidate[] = [];
  let best: { k: number; fit: KMeansFit; silhouette: number } | null = null;
  for (let k = kMin; k <= kMax; k++) {
    let kept: KMeansFit | null = null;
    for (let restart = 0; restart < settings.restarts; restart++) {
      const run = fitKMeans(fit, k, createRng(settings.seed, k, restart), settings.maxIterations);
      if (kept === null || run.withinSS < kept.withinSS) kept = run;
    }
    const chosen = kept as KMeansFit;
    const silhouette = meanSilhouette(pairs, s, chosen.labels, k).mean;
    candidates.push({
      k,
      silhouette,
      withinSS: chosen.withinSS,
      bic: settings.bic ? sphericalBic(chosen, fit, k, features.activeDimensions) : null,
      iterations: chosen.iterations,
      converged: chosen.converged,
    });
    // Strictly greater: a tie keeps the smaller k, the simpler description.
    if (best === null || silhouette > best.silhouette + 1e-12) best = { k, fit: chosen, silhouette };
  }
  const chosen = best as { k: number; fit: KMeansFit; silhouette: number };
  const unconverged = candidates.filter((c) => !c.converged).map((c) => c.k);
  if (unconverged.length > 0)
    notes.push(`k-means stopped at ${settings.maxIterations} iterations before settling for k = ${unconverged.join(', ')}.`);

  const labels = new Int32Array(n);
  assignNearest(space, chosen.fit.centroids, chosen.k, labels, new Float64Array(n));
  const summary = summarise(rows as readonly object[], features, labels, chosen.k, chosen.fit.centroids);
  // Per-cluster silhouettes of the chosen fit, carried over to the relabelled clusters.
  const perCluster = meanSilhouette(pairs, s, chosen.fit.labels, chosen.k).byCluster;
  return {
    k: chosen.k,
    clusters: summary.clusters.map((c) => ({ ...c, silhouette: perCluster[summary.originalId[c.id] as number] ?? null })),
    assignment: summary.assignment,
    population: summary.population,
    dimensions: features.dimensions,
    model: personaModel(features, chosen.fit.centroids, summary.originalId),
    candidates,
    sample: { rows: n, fitted: m, silhouette: s },
    notes,
  };
}

interface Settings {
  readonly kMin: number;
  readonly kMax: number;
  readonly seed: number;
  readonly restarts: number;
  readonly maxIterations: number;
  readonly sampleSize: number;
  readonly silhouetteSample: number;
  readonly bic: boolean;
}

function resolveOptions(options: ClusterPersonasOptions): Settings {
  const settings: Settings = {
    kMin: options.kMin ?? DEFAULTS.kMin,
    kMax: options.kMax ?? DEFAULTS.kMax,
    seed: options.seed ?? DEFAULTS.seed,
    restarts: options.restarts ?? DEFAULTS.restarts,
    maxIterations: options.maxIterations ?? DEFAULTS.maxIterations,
    sampleSize: options.sampleSize ?? DEFAULTS.sampleSize,
    silhouetteSample: options.silhouetteSample ?? DEFAULTS.silhouetteSample,
    bic: options.bic ?? false,
  };
  const whole = (name: keyof Settings, least: number): void => {
    const value = settings[name] as number;
    if (!Number.isInteger(value) || value < least) throw new RangeError(`${name} must be a whole number ≥ ${least}, got ${value}`);
  };
  whole('kMin', 2);
  whole('kMax', settings.kMin);
  whole('restarts', 1);
  whole('maxIterations', 1);
  whole('sampleSize', 3);
  whole('silhouetteSample', 3);
  if (!Number.isSafeInteger(settings.seed)) throw new RangeError(`seed must be a whole number, got ${settings.seed}`);
  return settings;
}

/** Rejects specs that are bugs in the caller, naming the field. */
function validateSpec(spec: PersonaSpec): void {
  const categorical = spec.categorical ?? [];
  if (spec.numeric.length + categorical.length === 0) throw new RangeError('spec names no numeric or categorical field to cluster on');
  const seen = new Set<string>();
  const once = (field: string, where: string): void => {
    if (typeof field !== 'string' || field === '') throw new RangeError(`${where}.field must be a field name, got ${String(field)}`);
    if (seen.has(field)) throw new RangeError(`${where}.field repeats ${field}`);
    seen.add(field);
  };
  spec.numeric.forEach((f, i) => {
    once(f.field, `spec.numeric[${i}]`);
    const weight = f.weight ?? 1;
    if (!Number.isFinite(weight) || weight <= 0)
      throw new RangeError(`spec.numeric[${i}].weight must be a finite number > 0, got ${weight}`);
  });
  categorical.forEach((f, i) => {
    once(f.field, `spec.categorical[${i}]`);
    const weight = f.weight ?? DEFAULTS.categoryWeight;
    if (!Number.isFinite(weight) || weight <= 0)
      throw new RangeError(`spec.categorical[${i}].weight must be a finite number > 0, got ${weight}`);
    const maxLevels = f.maxLevels ?? DEFAULTS.maxLevels;
    if (!Number.isInteger(maxLevels) || maxLevels < 1)
      throw new RangeError(`spec.categorical[${i}].maxLevels must be a whole number ≥ 1, got ${maxLevels}`);
  });
}

/**
 * Rows in clustering coordinates, kept compact: numeric coordinates as a dense n × p block, each
 * categorical field as one level code per row (−1 when missing) instead of its indicators. A centroid
 * is dense (p numeric coordinates, then each field's levels), and the squared distance of a row to it
 * only needs the centroid's indicator norm and its value at the row's level.
 */
interface Space {
  readonly n: number;
  /** Numeric coordinates per row. */
  readonly p: number;
  /** weight × z-score, n × p, row-major. */
  readonly x: Float64Array;
  /** Categorical fields with at least one level. */
  readonly c: number;
  /** Level code per row and field, n × c, row-major; −1 when missing. */
  readonly codes: Int32Array;
  /** Where each categorical field's levels start in a centroid. */
  readonly offsets: Int32Array;
  /** Indicator height per categorical field. */
  readonly weights: Float64Array;
  /** Centroid length: p + all levels. */
  readonly d: number;
}

interface NumericColumn {
  readonly field: string;
  readonly log1p: boolean;
  readonly weight: number;
  /** Values in original units, NaN when missing. */
  readonly raw: Float64Array;
  readonly missing: number;
  readonly constant: boolean;
  /** Mean of the (log1p'd) values, and what multiplies their difference from it: weight ÷ sd, 0 without spread. */
  readonly mean: number;
  readonly scale: number;
}

interface CategoricalColumn {
  readonly field: string;
  /** Levels by frequency, most common first; empty when the field is never set. */
  readonly levels: readonly string[];
  /** Index among the space's categorical fields; −1 when it has no levels. */
  readonly slot: number;
  readonly missing: number;
  /** Whether levels beyond the most common were pooled as the last level, `(other)`. */
  readonly pooled: boolean;
}

interface Features {
  readonly space: Space;
  readonly numeric: readonly NumericColumn[];
  readonly categorical: readonly CategoricalColumn[];
  readonly dimensions: readonly PersonaDimension[];
  /** Coordinates that vary at all, for the BIC's parameter count. */
  readonly activeDimensions: number;
  readonly notes: readonly string[];
}

function readFeatures(rows: readonly object[], spec: PersonaSpec): Features {
  const n = rows.length;
  const notes: string[] = [];
  const p = spec.numeric.length;
  const x = new Float64Array(n * p);
  const numeric: NumericColumn[] = [];
  let activeDimensions = 0;
  spec.numeric.forEach((feature, a) => {
    const raw = new Float64Array(n);
    const t = new Float64Array(n);
    const log1p = feature.log1p ?? false;
    let known = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const value = (rows[i] as Record<string, unknown>)[feature.field];
      if (value === null || value === undefined) {
        raw[i] = NaN;
        t[i] = NaN;
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new RangeError(`rows[${i}].${feature.field} must be a finite number or null, got ${describe(value)}`);
      raw[i] = value;
      const v = log1p ? Math.sign(value) * Math.log1p(Math.abs(value)) : value;
      t[i] = v;
      sum += v;
      known++;
    }
    const mean = known > 0 ? sum / known : 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const v = t[i] as number;
      if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
    }
    const sd = known > 1 ? Math.sqrt(squares / known) : 0;
    // A spread within rounding of the mean is no spread: z-scores of it would be amplified noise.
    const constant = !(sd > 1e-12 * Math.max(1, Math.abs(mean)));
    if (known === 0) notes.push(`${feature.field} is missing in every row; it cannot tell clusters apart.`);
    else if (constant) notes.push(`${feature.field} is the same in every row that has it; it cannot tell clusters apart.`);
    const scale = known === 0 || constant ? 0 : (feature.weight ?? 1) / sd;
    if (scale > 0) {
      activeDimensions++;
      for (let i = 0; i < n; i++) {
        const v = t[i] as number;
        x[i * p + a] = Number.isNaN(v) ? 0 : (v - mean) * scale;
      }
    }
    numeric.push({ field: feature.field, log1p, weight: feature.weight ?? 1, raw, missing: n - known, constant, mean, scale });
  });

  const categorical: CategoricalColumn[] = [];
  const codeColumns: Int32Array[] = [];
  const weights: number[] = [];
  for (const feature of spec.categorical ?? []) {
    const provisional = new Int32Array(n);
    const ids = new Map<string, number>();
    const counts: number[] = [];
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const level = toLevel((rows[i] as Record<string, unknown>)[feature.field], i, feature.field);
      if (level === null) {
        provisional[i] = -1;
        missing++;
        continue;
      }
      let id = ids.get(level);
      if (id === undefined) {
        id = counts.length;
        ids.set(level, id);
        counts.push(0);
      }
      counts[id] = (counts[id] as number) + 1;
      provisional[i] = id;
    }
    const ranked = [...ids.entries()].sort((a, b) => (counts[b[1]] as number) - (counts[a[1]] as number) || compareText(a[0], b[0]));
    const maxLevels = feature.maxLevels ?? DEFAULTS.maxLevels;
    const pooled = ranked.length > maxLevels;
    const kept = pooled ? ranked.slice(0, maxLevels - 1) : ranked;
    const levels = kept.map(([level]) => level);
    const finalId = new Int32Array(counts.length).fill(levels.length);
    kept.forEach(([, id], code) => (finalId[id] = code));
    if (pooled) {
      levels.push(OTHER_LEVEL);
      notes.push(`${feature.field} has ${ranked.length} levels; all but the ${maxLevels - 1} most common are pooled as ${OTHER_LEVEL}.`);
    }
    if (levels.length === 0) {
      notes.push(`${feature.field} is missing in every row; it cannot tell clusters apart.`);
      categorical.push({ field: feature.field, levels, slot: -1, missing, pooled });
      continue;
    }
    if (levels.length === 1) notes.push(`${feature.field} has one level (${levels[0]}) in every row that has it.`);
    for (let i = 0; i < n; i++) {
      const id = provisional[i] as number;
      provisional[i] = id < 0 ? -1 : (finalId[id] as number);
    }
    // An indicator varies unless its level is everybody's.
    activeDimensions += levels.length === 1 && missing === 0 ? 0 : levels.length;
    categorical.push({ field: feature.field, levels, slot: codeColumns.length, missing, pooled });
    codeColumns.push(provisional);
    weights.push(feature.weight ?? DEFAULTS.categoryWeight);
  }

  const c = codeColumns.length;
  const codes = new Int32Array(n * c);
  codeColumns.forEach((column, f) => {
    for (let i = 0; i < n; i++) codes[i * c + f] = column[i] as number;
  });
  const offsets = new Int32Array(c);
  let d = p;
  const dimensions: PersonaDimension[] = numeric.map((col) => ({ kind: 'numeric', field: col.field, log1p: col.log1p }));
  for (const col of categorical) {
    if (col.slot < 0) continue;
    offsets[col.slot] = d;
    d += col.levels.length;
    for (const level of col.levels) dimensions.push({ kind: 'category', field: col.field, level });
  }
  return {
    space: { n, p, x, c, codes, offsets, weights: Float64Array.from(weights), d },
    numeric,
    categorical,
    dimensions,
    activeDimensions,
    notes,
  };
}

/** A category value as its level text; null when missing. */
function toLevel(value: unknown, row: number, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new RangeError(`rows[${row}].${field} must be a string, number, boolean or null, got ${describe(value)}`);
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'object'
      ? Object.prototype.toString.call(value)
      : String(value);
}

/** Code-point order, the same on every machine (no locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first `m` indices of a seeded shuffle of 0…n−1 (partial Fisher–Yates). */
function shuffledPrefix(n: number, m: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order.subarray(0, m);
}

/** The space restricted to some rows, in the given order. */
function subset(space: Space, rows: Int32Array): Space {
  const { p, c } = space;
  const m = rows.length;
  const x = new Float64Array(m * p);
  const codes = new Int32Array(m * c);
  for (let r = 0; r < m; r++) {
    const i = rows[r] as number;
    for (let a = 0; a < p; a++) x[r * p + a] = space.x[i * p + a] as number;
    for (let f = 0; f < c; f++) codes[r * c + f] = space.codes[i * c + f] as number;
  }
  return { ...space, n: m, x, codes };
}

/** Distinct rows in the space, counting no further than `limit`. */
function countDistinct(space: Space, limit: number): number {
  const { p, c } = space;
  const seen = new Set<string>();
  for (let i = 0; i < space.n && seen.size < limit; i++) {
    const key =
      Array.prototype.join.call(space.x.subarray(i * p, i * p + p), ',') +
      '|' +
      Array.prototype.join.call(space.codes.subarray(i * c, i * c + c), ',');
    seen.add(key);
  }
  return seen.size;
}

/** Result of one k-means run on the fitting sample. */
interface KMeansFit {
  /** k × d, row-major. */
  readonly centroids: Float64Array;
  readonly labels: Int32Array;
  readonly withinSS: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Sets centroid j to row i of the space (its indicators spelled out). */
function setCentroidToRow(space: Space, i: number, centroids: Float64Array, j: number): void {
  const { p, c, d } = space;
  const base = j * d;
  centroids.fill(0, base, base + d);
  centroids.set(space.x.subarray(i * p, i * p + p), base);
  for (let f = 0; f < c; f++) {
    const code = space.codes[i * c + f] as number;
    if (code >= 0) centroids[base + (space.offsets[f] as number) + code] = space.weights[f] as number;
  }
}

/** Squared norm of each centroid's indicator part: the constant term of a row's distance to it. */
function indicatorNorms(space: Space, centroids: Float64Array, k: number, out: Float64Array): void {
  const { p, d } = space;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = j * d + p; t < (j + 1) * d; t++) s += (centroids[t] as number) * (centroids[t] as number);
    out[j] = s;
  }
}

/** Assigns every row of the space to its nearest centroid; writes labels and squared distances and returns how many labels changed. */
function assignNearest(space: Space, centroids: Float64Array, k: number, labels: Int32Array, distances: Float64Array): number {
  const norms = new Float64Array(k);
  indicatorNorms(space, centroids, k, norms);
  const squaredDistance = distanceFunction(space, centroids, norms);
  let changed = 0;
  for (let i = 0; i < space.n; i++) {
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0; j < k; j++) {
      const s = squaredDistance(i, j);
      if (s < best) {
        best = s;
        bestJ = j;
      }
    }
    if (labels[i] !== bestJ) changed++;
    labels[i] = bestJ;
    distances[i] = best;
  }
  return changed;
}

/**
 * Squared distance of row i to centroid j, as a closure over the arrays so the hot loops read no
 * object properties. For a row at level l of a field with indicator height w, the field's part is
 * ‖c‖² − 2·w·c_l + w² (‖c‖² alone when missing), so `norms` holds each centroid's indicator ‖c‖²
 * summed over fields and a row's level code is all it needs of the indicators.
 */
function distanceFunction(space: Space, centroids: Float64Array, norms: Float64Array): (i: number, j: number) => number {
  const { p, c, d, x, codes, offsets, weights } = space;
  return (i, j) => {
    const base = j * d;
    const xi = i * p;
    const ci = i * c;
    let s = norms[j] as number;
    for (let a = 0; a < p; a++) {
      const diff = (x[xi + a] as number) - (centroids[base + a] as number);
      s += diff * diff;
    }
    for (let f = 0; f < c; f++) {
      const code = codes[ci + f] as number;
      if (code >= 0) {
        const w = weights[f] as number;
        s += w * (w - 2 * (centroids[base + (offsets[f] as number) + code] as number));
      }
    }
    // The expanded form can dip a rounding error below zero.
    return s > 0 ? s : 0;
  };
}

/**
 * k-means++ seeding, then Lloyd iterations until no label changes. The iterations use Hamerly's
 * bounds (2010), which give the same labels as plain Lloyd while skipping most distance computations:
 * each row keeps an upper bound on the distance to its centroid and a lower bound on the distance to
 * any other; when the upper bound is below both the lower bound and half the distance from its
 * centroid to the nearest other centroid, the row cannot change cluster and is not looked at. After
 * the centroids move, the bounds are loosened by how far they moved.
 */
function fitKMeans(space: Space, k: number, rng: Rng, maxIterations: number): KMeansFit {
  const { n, p, c, d, x, codes, offsets, weights } = space;
  const centroids = new Float64Array(k * d);
  const norms = new Float64Array(k);
  const labels = new Int32Array(n).fill(-1);
  const nearest = new Float64Array(n);
  const squaredDistance = distanceFunction(space, centroids, norms);

  // Seeding (greedy k-means++): each new centre is the best of a few rows drawn with probability ∝
  // their squared distance to the nearest centre so far (D² sampling), "best" meaning the one that
  // leaves the smallest total squared distance. Spread-out starts need fewer Lloyd iterations.
  setCentroidToRow(space, rng.int(n), centroids, 0);
  indicatorNorms(space, centroids, 1, norms);
  for (let i = 0; i < n; i++) nearest[i] = squaredDistance(i, 0);
  const trials = 2 + Math.floor(Math.log(k));
  const trial = new Float64Array(n);
  const kept = new Float64Array(n);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += nearest[i] as number;
    let bestPick = -1;
    let bestPotential = Infinity;
    for (let attempt = 0; attempt < trials; attempt++) {
      let pick = n - 1;
      let target = rng.next() * total;
      for (let i = 0; i < n; i++) {
        target -= nearest[i] as number;
        if (target < 0) {
          pick = i;
          break;
        }
      }
      setCentroidToRow(space, pick, centroids, j);
      indicatorNorms(space, centroids, j + 1, norms);
      let potential = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(nearest[i] as number, squaredDistance(i, j));
        trial[i] = v;
        potential += v;
      }
      if (potential < bestPotential) {
        bestPotential = potential;
        bestPick = pick;
        kept.set(trial);
      }
    }
    setCentroidToRow(space, bestPick, centroids, j);
    nearest.set(kept);
  }

  // Hamerly's bounds, as plain (not squared) distances.
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const halfGap = new Float64Array(k);
  const moved = new Float64Array(k);
  const previous = new Float64Array(k * d);
  // Running sums and sizes per cluster, updated only for rows that change cluster.
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const move = (i: number, from: number, to: number): void => {
    for (let a = 0; a < p; a++) {
      const v = x[i * p + a] as number;
      if (from >= 0) sums[from * d + a] = (sums[from * d + a] as number) - v;
      sums[to * d + a] = (sums[to * d + a] as number) + v;
    }
    for (let f = 0; f < c; f++) {
      const code = codes[i * c + f] as number;
      if (code < 0) continue;
      const w = weights[f] as number;
      const t = (offsets[f] as number) + code;
      if (from >= 0) sums[from * d + t] = (sums[from * d + t] as number) - w;
      sums[to * d + t] = (sums[to * d + t] as number) + w;
    }
    if (from >= 0) counts[from] = (counts[from] as number) - 1;
    counts[to] = (counts[to] as number) + 1;
  };
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    indicatorNorms(space, centroids, k, norms);
    for (let j = 0; j < k; j++) {
      let gap = Infinity;
      for (let o = 0; o < k; o++) if (o !== j) gap = Math.min(gap, centroidDistance(centroids, d, j, o));
      halfGap[j] = gap / 2;
    }
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i] as number;
      if (own >= 0) {
        const bound = Math.max(halfGap[own] as number, lower[i] as number);
        if ((upper[i] as number) <= bound) continue;
        upper[i] = Math.sqrt(squaredDistance(i, own));
        if ((upper[i] as number) <= bound) continue;
      }
      let first = Infinity;
      let second = Infinity;
      let best = 0;
      for (let j = 0; j < k; j++) {
        const s = squaredDistance(i, j);
        if (s < first) {
          second = first;
          first = s;
          best = j;
        } else if (s < second) second = s;
      }
      if (best !== own) {
        changed++;
        move(i, own, best);
        labels[i] = best;
      }
      upper[i] = Math.sqrt(first);
      lower[i] = Math.sqrt(second);
    }
    if (changed === 0) {
      converged = true;
      break;
    }
    // Update: each centroid moves to the mean of its rows; an indicator's mean is its level's share × height.
    previous.set(centroids);
    const reseeded: number[] = [];
    for (let j = 0; j < k; j++) {
      const count = counts[j] as number;
      if (count > 0) {
        for (let t = j * d; t < (j + 1) * d; t++) centroids[t] = (sums[t] as number) / count;
        continue;
      }
      // An empty cluster restarts at the row worst served by its centroid (by its upper bound), a
      // second empty cluster at the next worst.
      let worst = -1;
      for (let i = 0; i < n; i++) if (!reseeded.includes(i) && (worst < 0 || (upper[i] as number) > (upper[worst] as number))) worst = i;
      setCentroidToRow(space, worst, centroids, j);
      reseeded.push(worst);
    }
    let most = 0;
    let mostJ = -1;
    let runnerUp = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = j * d; t < (j + 1) * d; t++) s += ((centroids[t] as number) - (previous[t] as number)) ** 2;
      moved[j] = Math.sqrt(s);
      if ((moved[j] as number) > most) {
        runnerUp = most;
        most = moved[j] as number;
        mostJ = j;
      } else if ((moved[j] as number) > runnerUp) runnerUp = moved[j] as number;
    }
    for (let i = 0; i < n; i++) {
      const own = labels[i] as number;
      upper[i] = (upper[i] as number) + (moved[own] as number);
      lower[i] = (lower[i] as number) - (own === mostJ ? runnerUp : most);
    }
    // A row that seeded a cluster is looked at in full next time.
    for (const i of reseeded) {
      upper[i] = Infinity;
      lower[i] = 0;
    }
  }
  // Exact squared distances for the within-cluster sum of squares (and labels, if the cap was hit).
  const exact = new Float64Array(n);
  assignNearest(space, centroids, k, labels, exact);
  let withinSS = 0;
  for (let i = 0; i < n; i++) withinSS += exact[i] as number;
  return { centroids, labels, withinSS, iterations, converged };
}

/** Euclidean distance between centroids a and b. */
function centroidDistance(centroids: Float64Array, d: number, a: number, b: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += ((centroids[a * d + t] as number) - (centroids[b * d + t] as number)) ** 2;
  return Math.sqrt(s);
}

/** Euclidean distances between the first `s` rows of the space, upper triangle packed row by row. */
function pairwiseDistances(space: Space, s: number): Float64Array {
  const { p, c, x, codes, weights } = space;
  const out = new Float64Array((s * (s - 1)) / 2);
  let t = 0;
  for (let i = 0; i < s; i++) {
    for (let j = i + 1; j < s; j++) {
      let sum = 0;
      for (let a = 0; a < p; a++) {
        const diff = (x[i * p + a] as number) - (x[j * p + a] as number);
        sum += diff * diff;
      }
      for (let f = 0; f < c; f++) {
        const ci = codes[i * c + f] as number;
        const cj = codes[j * c + f] as number;
        if (ci === cj) continue;
        const w = weights[f] as number;
        // Different levels differ in two indicators; a missing level in one.
        sum += ci < 0 || cj < 0 ? w * w : 2 * w * w;
      }
      out[t++] = Math.sqrt(sum);
    }
  }
  return out;
}

/** Mean silhouette of the first `s` rows under `labels`, overall and by cluster (null for a cluster with none there). */
function meanSilhouette(pairs: Float64Array, s: number, labels: Int32Array, k: number): { mean: number; byCluster: (number | null)[] } {
  const sizes = new Float64Array(k);
  for (let i = 0; i < s; i++) sizes[labels[i] as number] = (sizes[labels[i] as number] as number) + 1;
  // sums[i × k + j]: total distance from row i to the rows of cluster j.
  const sums = new Float64Array(s * k);
  let t = 0;
  for (let i = 0; i < s; i++) {
    const li = labels[i] as number;
    for (let j = i + 1; j < s; j++) {
      const dist = pairs[t++] as number;
      const lj = labels[j] as number;
      sums[i * k + lj] = (sums[i * k + lj] as number) + dist;
      sums[j * k + li] = (sums[j * k + li] as number) + dist;
    }
  }
  let total = 0;
  const clusterTotals = new Float64Array(k);
  for (let i = 0; i < s; i++) {
    const own = labels[i] as number;
    const ownSize = sizes[own] as number;
    // A user alone in its cluster scores 0 by convention: there is no cohesion to measure.
    if (ownSize <= 1) continue;
    const a = (sums[i * k + own] as number) / (ownSize - 1);
    let b = Infinity;
    for (let j = 0; j < k; j++) {
      if (j === own || (sizes[j] as number) === 0) continue;
      b = Math.min(b, (sums[i * k + j] as number) / (sizes[j] as number));
    }
    const value = b === Infinity || Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
    total += value;
    clusterTotals[own] = (clusterTotals[own] as number) + value;
  }
  const byCluster = Array.from(clusterTotals, (sum, j) => ((sizes[j] as number) > 0 ? sum / (sizes[j] as number) : null));
  return { mean: total / s, byCluster };
}

/**
 * BIC = −2·log-likelihood + parameters·ln m of a mixture of k spherical Gaussians with one shared
 * variance, fitted by the k-means partition (Pelleg & Moore 2000, with the per-dimension variance
 * withinSS ÷ (dims × (m − k))). Parameters: k − 1 mixing shares, k × dims means, one variance.
 */
function sphericalBic(fit: KMeansFit, space: Space, k: number, dims: number): number | null {
  const m = space.n;
  if (dims === 0 || m <= k || !(fit.withinSS > 0)) return null;
  const variance = fit.withinSS / (dims * (m - k));
  const sizes = new Float64Array(k);
  for (let i = 0; i < m; i++) sizes[fit.labels[i] as number] = (sizes[fit.labels[i] as number] as number) + 1;
  let logLikelihood = -((m * dims) / 2) * Math.log(2 * Math.PI * variance) - (dims * (m - k)) / 2;
  for (const size of sizes) if (size > 0) logLikelihood += size * Math.log(size / m);
  const parameters = k - 1 + k * dims + 1;
  return -2 * logLikelihood + parameters * Math.log(m);
}

/** The assignment rule of the chosen fit; `originalId[id]` is the fit's index of persona `id`'s centroid. */
function personaModel(features: Features, centroids: Float64Array, originalId: ArrayLike<number>): PersonaModel {
  const { d } = features.space;
  return {
    numeric: features.numeric.map((col) => ({ field: col.field, log1p: col.log1p, mean: col.mean, scale: col.scale })),
    categorical: features.categorical
      .filter((col) => col.slot >= 0)
      .map((col) => ({ field: col.field, weight: features.space.weights[col.slot] as number, levels: col.levels, pooled: col.pooled })),
    centroids: Array.from(originalId, (j) => Array.from(centroids.subarray(j * d, (j + 1) * d))),
  };
}

/** Profiles of the clusters and the population over all rows, clusters renumbered by size. */
function summarise(
  rows: readonly object[],
  features: Features,
  labels: Int32Array,
  k: number,
  centroids: Float64Array,
): {
  clusters: Omit<PersonaCluster, 'silhouette'>[];
  assignment: Int32Array;
  population: PersonaProfile;
  /** Cluster id → index of its centroid in the fit. */
  originalId: Int32Array;
} {
  const n = rows.length;
  const { space, numeric, categorical } = features;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i] as number] = (sizes[labels[i] as number] as number) + 1;
  // Largest first; equal sizes by the centroid's first coordinates, which do not depend on row order.
  const originalId = Int32Array.from({ length: k }, (_, j) => j).sort(
    (a, b) => (sizes[b] as number) - (sizes[a] as number) || compareCentroids(centroids, space.d, a, b),
  );
  const newId = new Int32Array(k);
  originalId.forEach((j, id) => (newId[j] = id));
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) assignment[i] = newId[labels[i] as number] as number;

  // Numeric: sums of raw values and of z-scores (unweighted, over users who have the field).
  const p = numeric.length;
  const rawSums = new Float64Array((k + 1) * p);
  const zSums = new Float64Array((k + 1) * p);
  const known = new Float64Array((k + 1) * p);
  numeric.forEach((col, a) => {
    for (let i = 0; i < n; i++) {
      const v = col.raw[i] as number;
      if (Number.isNaN(v)) continue;
      const j = assignment[i] as number;
      const z = (space.x[i * space.p + a] as number) / col.weight;
      for (const g of [j, k]) {
        rawSums[g * p + a] = (rawSums[g * p + a] as number) + v;
        zSums[g * p + a] = (zSums[g * p + a] as number) + z;
        known[g * p + a] = (known[g * p + a] as number) + 1;
      }
    }
  });
  // Categorical: level counts per group (group k is everybody).
  const levelCounts = categorical.map((col) => {
    const counts = new Float64Array((k + 1) * col.levels.length);
    if (col.slot < 0) return counts;
    const L = col.levels.length;
    for (let i = 0; i < n; i++) {
      const code = space.codes[i * space.c + col.slot] as number;
      if (code < 0) continue;
      const j = assignment[i] as number;
      counts[j * L + code] = (counts[j * L + code] as number) + 1;
      counts[k * L + code] = (counts[k * L + code] as number) + 1;
    }
    return counts;
  });

  const profile = (g: number, size: number): PersonaProfile & { standardCentroid: number[] } => {
    const means: Record<string, number | null> = {};
    const missing: Record<string, number> = {};
    const shares: Record<string, Record<string, number>> = {};
    const standardCentroid: number[] = [];
    numeric.forEach((col, a) => {
      const count = known[g * p + a] as number;
      means[col.field] = count > 0 ? (rawSums[g * p + a] as number) / count : null;
      missing[col.field] = size > 0 ? (size - count) / size : 0;
      standardCentroid.push(count > 0 && !col.constant ? (zSums[g * p + a] as number) / count : 0);
    });
    categorical.forEach((col, f) => {
      const counts = levelCounts[f] as Float64Array;
      const L = col.levels.length;
      let total = 0;
      for (let l = 0; l < L; l++) total += counts[g * L + l] as number;
      let everybody = 0;
      for (let l = 0; l < L; l++) everybody += counts[k * L + l] as number;
      const levelShares: Record<string, number> = {};
      col.levels.forEach((level, l) => {
        const share = total > 0 ? (counts[g * L + l] as number) / total : 0;
        levelShares[level] = share;
        const overall = everybody > 0 ? (counts[k * L + l] as number) / everybody : 0;
        const sd = Math.sqrt(overall * (1 - overall));
        standardCentroid.push(total > 0 && sd > 0 ? (share - overall) / sd : 0);
      });
      shares[col.field] = levelShares;
      missing[col.field] = size > 0 ? (size - total) / size : 0;
    });
    return { size, share: size / n, means, shares, missing, standardCentroid };
  };

  const clusters = Array.from(originalId, (j, id) => ({ id, ...profile(id, sizes[j] as number) }));
  const { standardCentroid: _overall, ...population } = profile(k, n);
  return { clusters, assignment, population, originalId };
}

function compareCentroids(centroids: Float64Array, d: number, a: number, b: number): number {
  for (let t = 0; t < d; t++) {
    const diff = (centroids[a * d + t] as number) - (centroids[b * d + t] as number);
    if (diff !== 0) return diff;
  }
  return a - b;
}
