/**
 * Penalised (ridge) least squares with a Gaussian prior per coefficient, made robust to outliers.
 *
 * The normal equations (XᵀWX + Λ) β = XᵀWz are formed here, skipping the zeros that most calendar
 * columns hold, and solved by Cholesky decomposition from ml-matrix. Λ is diagonal: noise variance ÷
 * prior scale² per column, so the noise variance must be known first. It is estimated in two passes:
 * a first fit with a robust guess (from week-over-week differences), then a refit with the variance
 * of that fit's residuals and Huber weights, which keep a handful of odd days (a closure, a data
 * outage) from bending the whole model.
 */
import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';
import type { Design } from './design-matrix.ts';

export interface RidgeFit {
  readonly beta: Float64Array;
  /** Robust standard deviation of the in-sample residuals (log scale). */
  readonly sigma: number;
  /** Fitted values for the training rows. */
  readonly fitted: Float64Array;
}

const HUBER_K = 2.5;
const MAD_TO_SD = 1.4826;

function median(values: Float64Array | number[]): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Robust scale (1.4826 × median absolute deviation from the median). */
export function robustScale(values: Float64Array | number[]): number {
  const m = median(values);
  const deviations = Float64Array.from(values, (v) => Math.abs(v - m));
  return MAD_TO_SD * median(deviations);
}

function solveWeighted(design: Design, z: Float64Array, weights: Float64Array, sigma2: number): Float64Array {
  const p = design.spec.columns.length;
  const n = design.steps.length;
  const { values } = design;
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const nonzero = new Int32Array(p);
  for (let r = 0; r < n; r++) {
    const w = weights[r] as number;
    if (w === 0) continue;
    const row = r * p;
    let count = 0;
    for (let j = 0; j < p; j++) if (values[row + j] !== 0) nonzero[count++] = j;
    const zr = z[r] as number;
    for (let a = 0; a < count; a++) {
      const ja = nonzero[a] as number;
      const va = (values[row + ja] as number) * w;
      rhs[ja] = (rhs[ja] as number) + va * zr;
      const base = ja * p;
      for (let b = a; b < count; b++) {
        const jb = nonzero[b] as number;
        gram[base + jb] = (gram[base + jb] as number) + va * (values[row + jb] as number);
      }
    }
  }
  const a = new Matrix(p, p);
  for (let i = 0; i < p; i++) {
    const scale = design.spec.columns[i]!.scale;
    const penalty = Number.isFinite(scale) ? sigma2 / (scale * scale) : 1e-8;
    for (let j = i; j < p; j++) {
      const v = (gram[i * p + j] as number) + (i === j ? penalty : 0);
      a.set(i, j, v);
      a.set(j, i, v);
    }
  }
  const b = Matrix.columnVector(Array.from(rhs));
  const cholesky = new CholeskyDecomposition(a);
  const x = cholesky.isPositiveDefinite() ? cholesky.solve(b) : solve(a, b, true);
  return Float64Array.from(x.getColumn(0));
}

/** X β for every row of a design. */
export function predictDesign(design: Design, beta: Float64Array): Float64Array {
  const p = design.spec.columns.length;
  const out = new Float64Array(design.steps.length);
  for (let r = 0; r < out.length; r++) {
    let sum = 0;
    const row = r * p;
    for (let j = 0; j < p; j++) {
      const v = design.values[row + j] as number;
      if (v !== 0) sum += v * (beta[j] as number);
    }
    out[r] = sum;
  }
  return out;
}

/**
 * Fits z ≈ X β. `period` is the seasonal period in rows, used for the first guess of the noise.
 */
export function fitRidge(design: Design, z: Float64Array, period: number): RidgeFit {
  const n = z.length;
  const weights = new Float64Array(n).fill(1);
  const seasonalDiffs: number[] = [];
  for (let i = period; i < n; i++) seasonalDiffs.push(((z[i] as number) - (z[i - period] as number)) / Math.SQRT2);
  const guess = seasonalDiffs.length >= 8 ? robustScale(seasonalDiffs) : 0.1;
  let sigma = Math.max(guess, 1e-3);
  let beta = solveWeighted(design, z, weights, sigma * sigma);
  let fitted = predictDesign(design, beta);
  for (let pass = 0; pass < 1; pass++) {
    const residuals = Float64Array.from(z, (v, i) => v - (fitted[i] as number));
    sigma = Math.max(robustScale(residuals), 1e-4);
    for (let i = 0; i < n; i++) {
      const r = Math.abs(residuals[i] as number);
      weights[i] = r <= HUBER_K * sigma ? 1 : (HUBER_K * sigma) / r;
    }
    beta = solveWeighted(design, z, weights, sigma * sigma);
    fitted = predictDesign(design, beta);
  }
  return { beta, sigma, fitted };
}
