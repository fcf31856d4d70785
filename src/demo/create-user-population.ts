/**
 * The demo user base held in typed arrays (a million users fit in a few tens of megabytes): where
 * each user lives, when they registered and activated, how active they are, and their lifecycle —
 * new, active, lapsing, churned and possibly returning — which scales how often they visit and buy.
 * Descriptive attributes that do not drive behaviour are derived later, per user, from the seed.
 */
import { CN_CITIES, cityPopulationWeights } from './cn-regions.ts';
import { createAliasTable, createRng, type AliasTable, type Rng } from './create-rng.ts';

export const LIFECYCLE_STAGES = ['new', 'active', 'lapsing', 'churned', 'returning'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** The generating lifecycle; written to truth.json. */
export const LIFECYCLE_MODEL = {
  /** Multiplier on a user's visit and purchase rate in each stage. */
  stageWeight: { new: 1.5, active: 1, lapsing: 0.3, churned: 0.02, returning: 1.2 } as Readonly<Record<LifecycleStage, number>>,
  newDays: 30,
  /** Days of fading activity before a user counts as churned. */
  lapsingDays: 45,
  returningDays: 30,
  /** Chance per 30 days that an established user starts to churn. */
  monthlyChurnRate: 0.045,
  /** Share of churned users who come back, after a mean of `meanChurnedDays` (at least 30). */
  returnProbability: 0.25,
  meanChurnedDays: 150,
  neverActivatedShare: 0.04,
  /** Personal activity is lognormal with mean ~1 (sigma below), capped. */
  activitySigma: 0.8,
  activityCap: 6,
  /** Share of users already registered before the first generated day, over the preceding years. */
  registeredBeforeStartShare: 0.55,
  historyDays: 1095,
} as const;

const NEVER = 2_000_000_000;
export const CHANNELS = ['pc', 'mobile', 'wechat', 'app'] as const;

/** The user base: index i is user `U` + (i + 1). Days are relative to the first generated day. */
export interface UserPopulation {
  readonly size: number;
  readonly cityIndex: Uint16Array;
  readonly provinceIndex: Uint8Array;
  readonly age: Uint8Array;
  /** 0 male, 1 female, 2 unknown. */
  readonly gender: Uint8Array;
  /** Preferred channel, index into CHANNELS. */
  readonly channel: Uint8Array;
  readonly registeredDay: Int32Array;
  /** Seconds after midnight of the registration day. */
  readonly registeredSecond: Int32Array;
  readonly activity: Float32Array;
  /** Last day with any activity inside the generated window (-1 none); filled by the simulation. */
  readonly lastActiveDay: Int32Array;
  /**
   * Draws users in proportion to activity × peak stage weight, nationwide and per province; a draw
   * is then kept with probability stage weight / peak, so users are picked in proportion to their
   * weight on the day, and users who are dormant all window long are rarely drawn at all.
   */
  readonly anywhere: AliasTable;
  /** Per province: draws a user index of that province (undefined when nobody lives there). */
  readonly byProvince: readonly (AliasTable | undefined)[];
  /**
   * The lifecycle, LIFECYCLE_STRIDE ints per user so one user is one cache line for the hot path:
   * activation day (NEVER_DAY when never activated), lapsing, churn and return days (NEVER_DAY when
   * the user never returns), then the highest stage weight reached inside the window × 1000.
   */
  readonly lifecycle: Int32Array;
}

export const NEVER_DAY = NEVER;
export const LIFECYCLE_STRIDE = 8;

/** Field offsets within a user's LIFECYCLE_STRIDE ints. */
export const LIFECYCLE_FIELD = { activated: 0, lapsing: 1, churn: 2, back: 3, peak: 4 } as const;

/** A lifecycle day of user `u` (activation, lapsing, churn or return). */
export function lifecycleDay(users: UserPopulation, u: number, field: 'activated' | 'lapsing' | 'churn' | 'back'): number {
  return users.lifecycle[u * LIFECYCLE_STRIDE + LIFECYCLE_FIELD[field]] as number;
}

/** Lifecycle stage of a user on a day, or undefined before activation. */
export function lifecycleStageAt(users: UserPopulation, u: number, day: number): LifecycleStage | undefined {
  const k = u * LIFECYCLE_STRIDE;
  const lc = users.lifecycle;
  const activated = lc[k] as number;
  if (day < activated) return undefined;
  if (day < activated + LIFECYCLE_MODEL.newDays) return 'new';
  if (day < (lc[k + 1] as number)) return 'active';
  if (day < (lc[k + 2] as number)) return 'lapsing';
  const back = lc[k + 3] as number;
  if (day < back) return 'churned';
  if (day < back + LIFECYCLE_MODEL.returningDays) return 'returning';
  return 'active';
}

/** The lifecycle multiplier of a user on a day (0 before activation). */
export function stageWeightAt(users: UserPopulation, u: number, day: number): number {
  const stage = lifecycleStageAt(users, u, day);
  return stage === undefined ? 0 : LIFECYCLE_MODEL.stageWeight[stage];
}

function drawAge(rng: Rng): number {
  const r = rng.next();
  if (r < 0.02) return 14 + rng.int(4);
  if (r < 0.2) return 18 + rng.int(7);
  if (r < 0.52) return 25 + rng.int(10);
  if (r < 0.76) return 35 + rng.int(10);
  if (r < 0.9) return 45 + rng.int(10);
  return 55 + rng.int(18);
}

function drawChannel(rng: Rng, age: number): number {
  // Young users live in apps; older ones in WeChat mini-programs and on PCs.
  const r = rng.next();
  if (age < 35) return r < 0.5 ? 3 : r < 0.8 ? 2 : r < 0.94 ? 1 : 0;
  if (age < 55) return r < 0.35 ? 3 : r < 0.75 ? 2 : r < 0.88 ? 1 : 0;
  return r < 0.2 ? 3 : r < 0.7 ? 2 : r < 0.82 ? 1 : 0;
}

/** Creates `size` users for a window of `days` days; deterministic for the seed. */
export function createUserPopulation(size: number, days: number, seed: number): UserPopulation {
  const rng = createRng(seed, 0x05e5);
  const m = LIFECYCLE_MODEL;
  const cityTable = createAliasTable(cityPopulationWeights());
  const users = {
    size,
    cityIndex: new Uint16Array(size),
    provinceIndex: new Uint8Array(size),
    age: new Uint8Array(size),
    gender: new Uint8Array(size),
    channel: new Uint8Array(size),
    registeredDay: new Int32Array(size),
    registeredSecond: new Int32Array(size),
    activity: new Float32Array(size),
    lastActiveDay: new Int32Array(size).fill(-1),
    lifecycle: new Int32Array(size * LIFECYCLE_STRIDE),
  };
  const meanFix = Math.exp((-m.activitySigma * m.activitySigma) / 2);
  const drawWeight = new Float64Array(size);
  let anyone = false;
  for (let u = 0; u < size; u++) {
    const c = cityTable.sample(rng);
    users.cityIndex[u] = c;
    users.provinceIndex[u] = CN_CITIES[c]?.provinceIndex ?? 0;
    const age = drawAge(rng);
    users.age[u] = age;
    const g = rng.next();
    users.gender[u] = g < 0.485 ? 0 : g < 0.97 ? 1 : 2;
    users.channel[u] = drawChannel(rng, age);
    // Registrations grow over time: older history is sparser (square-root spacing).
    const registered = rng.chance(m.registeredBeforeStartShare)
      ? -Math.floor(m.historyDays * (1 - Math.sqrt(rng.next()))) - 1
      : Math.floor(days * Math.sqrt(rng.next()));
    users.registeredDay[u] = Math.min(days - 1, registered);
    users.registeredSecond[u] = 7 * 3600 + rng.int(16 * 3600);
    const activated = rng.chance(m.neverActivatedShare) ? NEVER : registered + (rng.chance(0.7) ? 0 : 1 + rng.int(5));
    const churn = Math.min(NEVER, activated + m.newDays + Math.floor(rng.exponential(30 / m.monthlyChurnRate)));
    const lapse = Math.max(activated + m.newDays, churn - m.lapsingDays);
    const back = rng.chance(m.returnProbability)
      ? Math.min(NEVER, churn + 30 + Math.floor(rng.exponential(m.meanChurnedDays - 30)))
      : NEVER;
    const activity = Math.min(m.activityCap, Math.exp(m.activitySigma * rng.normal()) * meanFix);
    const peak = peakStageWeight(activated, lapse, churn, back, days);
    users.activity[u] = activity;
    const k = u * LIFECYCLE_STRIDE;
    users.lifecycle[k] = activated;
    users.lifecycle[k + 1] = lapse;
    users.lifecycle[k + 2] = churn;
    users.lifecycle[k + 3] = back;
    users.lifecycle[k + 4] = Math.round(peak * 1000);
    drawWeight[u] = activity * peak;
    if ((drawWeight[u] as number) > 0) anyone = true;
  }
  // With nobody active at all (tiny runs), draw uniformly; every draw is then turned down.
  if (!anyone) drawWeight.fill(1);
  const anywhere = createAliasTable(drawWeight);
  const provinceCount = 1 + users.provinceIndex.reduce((a, b) => Math.max(a, b), 0);
  const counts = new Int32Array(provinceCount);
  for (let u = 0; u < size; u++) {
    const p = users.provinceIndex[u] as number;
    counts[p] = (counts[p] as number) + 1;
  }
  const byProvince = Array.from({ length: provinceCount }, (_, p) => {
    const count = counts[p] as number;
    return count === 0 ? undefined : { members: new Int32Array(count) };
  });
  const fill = new Int32Array(provinceCount);
  for (let u = 0; u < size; u++) {
    const p = users.provinceIndex[u] as number;
    const slot = byProvince[p];
    if (slot) {
      slot.members[fill[p] as number] = u;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  const provinces = byProvince.map((slot) => {
    if (!slot) return undefined;
    const weights = new Float64Array(slot.members.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] = drawWeight[slot.members[i] as number] as number;
    if (total === 0) weights.fill(1);
    return createAliasTable(weights, slot.members);
  });
  return { ...users, anywhere, byProvince: provinces };
}

/** True when [from, to) is a non-empty interval overlapping the window [0, days). */
function overlaps(from: number, to: number, days: number): boolean {
  return from < days && to > 0 && from < to;
}

/** The highest stage weight of a lifecycle within days [0, days). */
function peakStageWeight(activated: number, lapse: number, churn: number, back: number, days: number): number {
  const w = LIFECYCLE_MODEL.stageWeight;
  if (activated >= days) return 0;
  const newEnd = activated + LIFECYCLE_MODEL.newDays;
  const returningEnd = back + LIFECYCLE_MODEL.returningDays;
  let peak = 0;
  if (overlaps(activated, newEnd, days)) peak = Math.max(peak, w.new);
  if (overlaps(newEnd, lapse, days) || overlaps(returningEnd, NEVER, days)) peak = Math.max(peak, w.active);
  if (overlaps(lapse, churn, days)) peak = Math.max(peak, w.lapsing);
  if (overlaps(churn, back, days)) peak = Math.max(peak, w.churned);
  if (overlaps(back, returningEnd, days)) peak = Math.max(peak, w.returning);
  return peak;
}

/**
 * Total activity weight (Σ activity × stage weight) of the user base on each generated day: the
 * demand scale of that day. Built with a difference array, one pass over users.
 */
export function activityMassByDay(users: UserPopulation, days: number): Float64Array {
  const diff = new Float64Array(days + 1);
  const w = LIFECYCLE_MODEL.stageWeight;
  const add = (from: number, to: number, weight: number) => {
    const a = Math.max(0, from);
    const b = Math.min(days, to);
    if (a >= b) return;
    diff[a] = (diff[a] as number) + weight;
    diff[b] = (diff[b] as number) - weight;
  };
  for (let u = 0; u < users.size; u++) {
    const k = u * LIFECYCLE_STRIDE;
    const activated = users.lifecycle[k] as number;
    if (activated >= days) continue;
    const a = users.activity[u] as number;
    const lapse = users.lifecycle[k + 1] as number;
    const churn = users.lifecycle[k + 2] as number;
    const back = users.lifecycle[k + 3] as number;
    add(activated, activated + LIFECYCLE_MODEL.newDays, a * w.new);
    add(activated + LIFECYCLE_MODEL.newDays, lapse, a * w.active);
    add(lapse, churn, a * w.lapsing);
    add(churn, back, a * w.churned);
    add(back, back + LIFECYCLE_MODEL.returningDays, a * w.returning);
    add(back + LIFECYCLE_MODEL.returningDays, NEVER, a * w.active);
  }
  const mass = new Float64Array(days);
  let running = 0;
  for (let d = 0; d < days; d++) {
    running += diff[d] as number;
    mass[d] = running;
  }
  return mass;
}
