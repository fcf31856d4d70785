/**
 * The natural logarithm of the gamma function, which likelihoods of count models (NBD, beta-geometric,
 * gamma-gamma) are full of. JavaScript has no Math.lgamma, so this is the Lanczos approximation with
 * Godfrey's coefficients (g = 7, nine terms), good to about 1e-15 relative in Γ and so about 1e-15
 * absolute in ln Γ over the positive reals. Working with ln Γ rather than Γ is what keeps the
 * likelihoods finite: Γ(x) overflows a double beyond x ≈ 171.
 *
 * Below 1/2 the reflection formula Γ(x)Γ(1 − x) = π / sin(πx) moves the argument to where the series
 * is accurate; that also keeps small arguments (a shape of 0.01) exact to the last digits.
 */

const G = 7;
const COEFFICIENTS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.9189385332046728;

/** ln |Γ(x)|: +Infinity at 0 and the negative integers, NaN for NaN. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    if (Number.isInteger(x)) return Infinity;
    // Reflection: ln|Γ(x)| = ln π − ln|sin πx| − ln Γ(1 − x).
    return Math.log(Math.PI) - Math.log(Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  // Γ(z + 1) with z = x − 1: sqrt(2π) t^(z + 1/2) e^(−t) A(z), t = z + g + 1/2.
  const z = x - 1;
  let sum = COEFFICIENTS[0] as number;
  for (let k = 1; k < COEFFICIENTS.length; k++) sum += (COEFFICIENTS[k] as number) / (z + k);
  const t = z + G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
