/**
 * A token bucket per caller id: `burst` requests at once, then `ratePerSecond` on average. Memory
 * stays bounded: a bucket idle long enough to have refilled is the same as a new one and is dropped,
 * and beyond `maxBuckets` the least recently used go first.
 */

export type RateCheck = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** Bucket size: how many requests may arrive at once. */
  readonly burst: number;
  /** Most buckets kept (default 10 000). */
  readonly maxBuckets?: number;
  /** Milliseconds clock. */
  readonly now?: () => number;
}

export interface RateLimiter {
  /**
   * Takes `cost` tokens from `id`'s bucket, or says how long to wait. A cost above the burst is let
   * through once the bucket is full and leaves it in debt, so it can never be refused forever.
   */
  take(id: string, cost?: number): RateCheck;
  /** Buckets held now (for tests and metrics). */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * @example
 * const limiter = createRateLimiter({ ratePerSecond: 50, burst: 200 });
 * const check = limiter.take(key.id);
 * if (!check.ok) c.header('Retry-After', String(check.retryAfterSeconds));
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { ratePerSecond, burst, maxBuckets = 10_000, now = () => performance.now() } = options;
  if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('ratePerSecond must be above 0 and burst at least 1');
  const refillMs = (burst / ratePerSecond) * 1000;
  // Map order is least recently used first: every take moves its bucket to the end.
  const buckets = new Map<string, Bucket>();

  const evict = (at: number) => {
    for (const [id, bucket] of buckets) {
      if (buckets.size <= maxBuckets && at - bucket.updatedAt < refillMs) break;
      buckets.delete(id);
    }
  };

  return {
    take(id, cost = 1) {
      const at = now();
      const bucket = buckets.get(id) ?? { tokens: burst, updatedAt: at };
      buckets.delete(id);
      bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.updatedAt) / 1000) * ratePerSecond);
      bucket.updatedAt = at;
      buckets.set(id, bucket);
      evict(at);
      const needed = Math.min(cost, burst);
      if (bucket.tokens >= needed) {
        bucket.tokens -= cost;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - bucket.tokens) / ratePerSecond)) };
    },
    get size() {
      return buckets.size;
    },
  };
}
