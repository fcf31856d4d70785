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

/** The nonzero columns of a design row, into `into`; returns how many. */
function nonzeroColumns(values: Float64Array, row: number, p: number, into: Int32Array): number {
  let count = 0;
  for (let j = 0; j < p; j++) if (values[row + j] !== 0) into[count++] = j;
  return count;
}

/**
 * Adds w·xᵣxᵣᵀ to the upper triangle of `gram` for each row r with its weight w (all rows, weight 1,
 * when `rows` is undefined).
 */
function addToGram(design: Design, gram: Float64Array, rows?: readonly { r: number; w: number }[]): void {
  const p = design.spec.columns.length;
  const { values } = design;
  const nonzero = new Int32Array(p);
  const add = (r: number, w: number): void => {
    const row = r * p;
    const count = nonzeroColumns(values, row, p, nonzero);
    for (let a = 0; a < count; a++) {
      const ja = nonzero[a] as number;
      const va = (values[row + ja] as number) * w;
      const base = ja * p;
      for (let b = a; b < count; b++) {
        const jb = nonzero[b] as number;
        gram[base + jb] = (gram[base + jb] as number) + va * (values[row + jb] as number);
      }
    }
  };
  if (rows) for (const { r, w } of rows) add(r, w);
  else for (let r = 0; r < design.steps.length; r++) add(r, 1);
}

/**
 * XᵀX of a design (upper triangle, row-major), skipping the zeros most calendar columns hold. It does
 * not depend on the series, so fits of several series (or scales) to one design can share it.
 */
export function gramOf(design: Design): Float64Array {
  const p = design.spec.columns.length;
  const gram = new Float64Array(p * p);
  addToGram(design, gram);
  return gram;
}

/** Xᵀ W z. */
function weightedRhs(design: Design, z: Float64Array, weights: Float64Array | undefined): Float64Array {
  const p = design.spec.columns.length;
  const { values } = design;
  const rhs = new Float64Array(p);
  for (let r = 0; r < design.steps.length; r++) {
    const wz = (z[r] as number) * (weights ? (weights[r] as number) : 1);
    if (wz === 0) continue;
    const row = r * p;
    for (let j = 0; j < p; j++) {
      const v = values[row + j] as number;
      if (v !== 0) rhs[j] = (rhs[j] as number) + v * wz;
    }
  }
  return rhs;
}

/**
 * Solves (G + Λ) β = rhs over the `active` columns (all when undefined; the others' β is 0), Λ the
 * prior's penalty: noise variance ÷ prior scale² per column.
 */
function solvePenalised(design: Design, gram: Float64Array, rhs: Float64Array, sigma2: number, active?: readonly number[]): Float64Array {
  const p = design.spec.columns.length;
  const columns = active ?? Array.from({ length: p }, (_, j) => j);
  const m = columns.length;
  const a = new Matrix(m, m);
  for (let i = 0; i < m; i++) {
    const ci = columns[i] as number;
    const scale = design.spec.columns[ci]!.scale;
    const penalty = Number.isFinite(scale) ? sigma2 / (scale * scale) : 1e-8;
    for (let j = i; j < m; j++) {
      const cj = columns[j] as number;
      // Only the upper triangle is kept: (ci, cj) or (cj, ci), whichever has the smaller row.
      const v = (ci <= cj ? (gram[ci * p + cj] as number) : (gram[cj * p + ci] as number)) + (i === j ? penalty : 0);
      a.set(i, j, v);
      a.set(j, i, v);
    }
  }
  const b = Matrix.columnVector(columns.map((c) => rhs[c] as number));
  const cholesky = new CholeskyDecomposition(a);
  const x = cholesky.isPositiveDefinite() ? cholesky.solve(b) : solve(a, b, true);
  const beta = new Float64Array(p);
  columns.forEach((c, i) => (beta[c] = x.get(i, 0)));
  return beta;
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

export interface RidgeOptions {
  /** XᵀX of the design from gramOf, when it is shared with other fits. */
  readonly gram?: Float64Array | undefined;
  /** Columns to fit (indices); the others are left out (β = 0). Default all. */
  readonly active?: readonly number[] | undefined;
  /** Refit with Huber weights (default true); false is plain penalised least squares. */
  readonly robust?: boolean | undefined;
}

/**
 * Fits z ≈ X β. `period` is the seasonal period in rows, used for the first guess of the noise.
 */
export function fitRidge(design: Design, z: Float64Array, period: number, options: RidgeOptions = {}): RidgeFit {
  const n = z.length;
  const seasonalDiffs: number[] = [];
  for (let i = period; i < n; i++) seasonalDiffs.push(((z[i] as number) - (z[i - period] as number)) / Math.SQRT2);
  const guess = seasonalDiffs.length >= 8 ? robustScale(seasonalDiffs) : 0.1;
  let sigma = Math.max(guess, 1e-3);
  const gram = options.gram ?? gramOf(design);
  let beta = solvePenalised(design, gram, weightedRhs(design, z, undefined), sigma * sigma, options.active);
  let fitted = predictDesign(design, beta);
  if (options.robust === false) return { beta, sigma, fitted };

  const residuals = Float64Array.from(z, (v, i) => v - (fitted[i] as number));
  sigma = Math.max(robustScale(residuals), 1e-4);
  const weights = new Float64Array(n).fill(1);
  // Most rows keep weight 1, so the weighted Gram is the shared one corrected by the few that do not.
  const downweighted: { r: number; w: number }[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.abs(residuals[i] as number);
    if (r <= HUBER_K * sigma) continue;
    weights[i] = (HUBER_K * sigma) / r;
    downweighted.push({ r: i, w: (weights[i] as number) - 1 });
  }
  const weightedGram = Float64Array.from(gram);
  addToGram(design, weightedGram, downweighted);
  beta = solvePenalised(design, weightedGram, weightedRhs(design, z, weights), sigma * sigma, options.active);
  fitted = predictDesign(design, beta);
  return { beta, sigma, fitted };
}
