/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) = Σₙ (a)ₙ (b)ₙ / ((c)ₙ n!) zⁿ for real
 * parameters and real z < 1, as the BG/NBD model's expected-purchase formulas need it (there z is a
 * share of time, in [0, 1)).
 *
 * Convergence: the power series converges for |z| < 1, geometrically at a rate tending to |z|.
 * - For 0 ≤ z < 1 the series is summed directly. The ratio of successive terms,
 *   (a + n)(b + n) z / ((c + n)(n + 1)), may exceed 1 for a while (large a, b) before it settles
 *   towards z, so the sum stops only once that ratio q is below 1 and the remaining tail, bounded by
 *   |term| q' / (1 − q') with q' = max(q, z), is under 1e-15 of the sum. Near z = 1 this takes many
 *   terms, about 35 / (1 − z): a thousand at z = 0.97, fine for BG/NBD horizons in weeks (t = 10
 *   years with α = 4 weeks gives z ≈ 0.99). Past `MAX_TERMS` (z above about 0.99996) it throws
 *   rather than return a truncated value.
 * - For z < 0 Pfaff's transformation 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1))
 *   maps the argument into [0, 1), so every negative z is reached, however large.
 * - If a or b is a non-positive integer the series is a polynomial and ends by itself.
 * Terms are summed in plain doubles: for positive a, b, c, z they are all positive and nothing
 * cancels; mixed signs can lose digits, as with any direct summation. Each term is the previous one
 * times a ratio, so it carries the rounding of all before it: the result is good to about 1e-15 for
 * z up to 0.9, 1e-14 at 0.99 and 1e-12 at 0.9999.
 */

const MAX_TERMS = 1_000_000;

/** 2F1(a, b; c; z) for real a, b, c (c not 0, −1, −2, …) and real z < 1. */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z < 1)) throw new RangeError(`hypergeometric2F1 needs z < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hypergeometric2F1 is undefined for c = ${c}`);
  if (z < 0) return Math.pow(1 - z, -a) * sumSeries(a, c - b, c, z / (z - 1));
  return sumSeries(a, b, c, z);
}

/** The power series at 0 ≤ z < 1, summed until the bounded tail is negligible. */
function sumSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    // A zero term means a or b was a non-positive integer (or z = 0): every later term is zero too.
    if (term === 0) return sum;
    const q = Math.abs(ratio);
    if (q < 1) {
      const bound = Math.max(q, z);
      if ((Math.abs(term) * bound) / (1 - bound) <= 1e-15 * Math.abs(sum)) return sum;
    }
  }
  throw new RangeError(`hypergeometric2F1(${a}, ${b}; ${c}; ${z}) did not converge in ${MAX_TERMS} terms`);
}
