/**
 * Asymptotic standard errors of maximum-likelihood estimates: the square roots of the diagonal of
 * the inverse observed information, i.e. of the inverse Hessian of the negative log-likelihood at
 * its minimum. The Hessian comes from central finite differences, which is plenty for a handful of
 * parameters and a smooth likelihood; the inverse goes through a Cholesky factorisation, which also
 * tells when the point is not a proper minimum (the Hessian is then not positive definite and every
 * standard error is NaN).
 */

/** Standard errors of the estimates `at` that minimise the negative log-likelihood `f`; NaN when `at` is not a strict minimum. */
export function standardErrors(f: (x: readonly number[]) => number, at: readonly number[], step = 1e-3): number[] {
  const n = at.length;
  const h = step;
  // f at `at` moved by di along axis i and dj along axis j.
  const moved = (i: number, di: number, j: number, dj: number): number => {
    const x = at.slice();
    x[i] = (x[i] as number) + di;
    x[j] = (x[j] as number) + dj;
    return f(x);
  };
  const centre = f(at);
  const hessian: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    hessian[i]![i] = (moved(i, h, i, 0) - 2 * centre + moved(i, -h, i, 0)) / (h * h);
    for (let j = 0; j < i; j++) {
      const value = (moved(i, h, j, h) - moved(i, h, j, -h) - moved(i, -h, j, h) + moved(i, -h, j, -h)) / (4 * h * h);
      hessian[i]![j] = value;
      hessian[j]![i] = value;
    }
  }
  const inverse = invertPositiveDefinite(hessian);
  return inverse ? inverse.map((row, i) => Math.sqrt(row[i] as number)) : new Array<number>(n).fill(NaN);
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; undefined when it is not positive definite. */
function invertPositiveDefinite(m: readonly (readonly number[])[]): number[][] | undefined {
  const n = m.length;
  const lower: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i]![j] as number;
      for (let k = 0; k < j; k++) sum -= (lower[i]![k] as number) * (lower[j]![k] as number);
      if (i === j) {
        if (!(sum > 0)) return undefined;
        lower[i]![i] = Math.sqrt(sum);
      } else lower[i]![j] = sum / (lower[j]![j] as number);
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inverse: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let col = 0; col < n; col++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let sum = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= (lower[i]![k] as number) * (y[k] as number);
      y[i] = sum / (lower[i]![i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i] as number;
      for (let k = i + 1; k < n; k++) sum -= (lower[k]![i] as number) * (inverse[k]![col] as number);
      inverse[i]![col] = sum / (lower[i]![i] as number);
    }
  }
  return inverse;
}
