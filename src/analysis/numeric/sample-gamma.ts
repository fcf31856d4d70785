/**
 * Gamma and beta random variates for simulating heterogeneous customer populations (a purchase rate
 * λ ~ Gamma(r, α), a dropout probability p ~ Beta(a, b), a spend scale ν ~ Gamma(q, γ)).
 *
 * Gamma uses Marsaglia & Tsang (2000), "A simple method for generating gamma variables": for shape
 * k ≥ 1 it squeezes a cubed normal deviate and accepts over 95% of the time. For k < 1 (the CDNOW
 * fits have r ≈ 0.24) it draws Gamma(k + 1) and multiplies by U^(1/k), done in logs because for a
 * small k that factor underflows to 0 often enough to matter. Beta(a, b) is X / (X + Y) of two
 * gammas, again from the logs so that two underflowing draws still give a proportion.
 */

/** The uniform and normal draws the samplers need; `createRng` from demo/ provides them. */
export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal deviate. */
  normal(): number;
}

/** ln of a Gamma(shape, 1) variate (shape > 0). */
function logStandardGamma(rng: RandomSource, shape: number): number {
  if (shape < 1) {
    // Gamma(k) = Gamma(k + 1) · U^(1/k); 1 − next() lies in (0, 1], so its log is finite.
    return logStandardGamma(rng, shape + 1) + Math.log(1 - rng.next()) / shape;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const root = 1 + c * x;
    if (root <= 0) continue;
    const v = root * root * root;
    const u = 1 - rng.next();
    // The cheap squeeze first; the exact log test only when it fails.
    if (u < 1 - 0.0331 * x * x * x * x) return Math.log(d * v);
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return Math.log(d * v);
  }
}

/** A Gamma(shape, rate) variate: mean shape / rate. */
export function sampleGamma(rng: RandomSource, shape: number, rate = 1): number {
  if (!(shape > 0) || !(rate > 0)) throw new RangeError(`gamma needs a positive shape and rate, got ${shape} and ${rate}`);
  return Math.exp(logStandardGamma(rng, shape)) / rate;
}

/** A Beta(a, b) variate: mean a / (a + b). */
export function sampleBeta(rng: RandomSource, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`beta needs positive shapes, got ${a} and ${b}`);
  const logX = logStandardGamma(rng, a);
  const logY = logStandardGamma(rng, b);
  return 1 / (1 + Math.exp(logY - logX));
}
