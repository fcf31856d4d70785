/**
 * Seeded pseudo-random numbers for the demo generator. sfc32 is small, fast in plain 32-bit integer
 * arithmetic and passes PractRand far beyond what a demo needs; the same seed always yields the same
 * stream on every platform, which is what makes generated files byte-identical run to run.
 */

/** A deterministic random stream; every method consumes draws in a fixed order. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal deviate. */
  normal(): number;
  /** Poisson-distributed count with mean lambda. */
  poisson(lambda: number): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/** Mixes any number of integers into one 32-bit seed (murmur3 finaliser per part). */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Fold numbers above 2^32 in as two halves so large seeds still matter.
    const low = part >>> 0;
    const high = Math.floor(part / 4294967296) >>> 0;
    for (const word of [low, high]) {
      let k = Math.imul(word, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  private spare: number | undefined;

  constructor(seed: number) {
    this.a = mixSeed(seed, 1);
    this.b = mixSeed(seed, 2);
    this.c = mixSeed(seed, 3);
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  normal(): number {
    if (this.spare !== undefined) {
      const value = this.spare;
      this.spare = undefined;
      return value;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      // Knuth's product method: exact and cheap for the small means of one venue-day.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    // Large means: a continuity-corrected normal is within sampling noise of the true law.
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** A random stream seeded from one or more integers (e.g. run seed, day, purpose). */
export function createRng(...seeds: readonly number[]): Rng {
  return new Sfc32(mixSeed(...seeds));
}

/**
 * Walker/Vose alias table: O(1) draws from a fixed discrete distribution, used to pick users and
 * venues by weight millions of times without a search.
 */
export interface AliasTable {
  readonly size: number;
  /** An index (or its value) drawn with probability proportional to its weight. */
  sample(rng: Rng): number;
}

/**
 * Builds an alias table over non-negative weights (at least one positive). With `values`, a draw
 * returns values[i] instead of i; probability and both outcomes sit side by side in one array, so
 * a draw from a table of a million entries touches one cache line.
 */
export function createAliasTable(weights: ArrayLike<number>, values?: ArrayLike<number>): AliasTable {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] ?? 0;
  if (n === 0 || !(total > 0)) throw new RangeError('alias table needs a positive weight');
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = ((weights[i] ?? 0) * n) / total;
    if ((scaled[i] as number) < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns] as number;
    const l = large[--nl] as number;
    prob[s] = scaled[s] as number;
    alias[s] = l;
    scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
    if ((scaled[l] as number) < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  while (nl > 0) {
    const l = large[--nl] as number;
    prob[l] = 1;
    alias[l] = l;
  }
  while (ns > 0) {
    const s = small[--ns] as number;
    prob[s] = 1;
    alias[s] = s;
  }
  // Probability as a 30-bit fixed-point fraction next to both outcomes: 12 bytes per entry.
  const table = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) {
    table[3 * i] = Math.min(ONE, Math.round((prob[i] as number) * ONE));
    table[3 * i + 1] = values ? (values[i] as number) : i;
    table[3 * i + 2] = values ? (values[alias[i] as number] as number) : (alias[i] as number);
  }
  return {
    size: n,
    sample(rng: Rng): number {
      const x = rng.next() * n;
      const i = Math.floor(x);
      const k = 3 * i;
      return (x - i) * ONE < (table[k] as number) ? (table[k + 1] as number) : (table[k + 2] as number);
    },
  };
}

const ONE = 1 << 30;
