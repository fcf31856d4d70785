/**
 * Nelder-Mead downhill simplex: minimises a function of a few variables using function values only,
 * which suits objectives without a convenient gradient (a smoothing run's squared error, a
 * log-likelihood full of log-gamma terms). A simplex of dim + 1 points reflects, expands and
 * contracts away from its worst point; when nothing helps it shrinks towards its best.
 *
 * The simplex can collapse onto a line or stall on a long flat ridge and then report convergence
 * early, a known weakness of the method. `minimiseNelderMeadRestarted` therefore restarts a fresh,
 * full-size simplex from the best point until a restart no longer improves the minimum: cheap
 * insurance for maximum-likelihood fits, where stopping early biases every estimate.
 */

export type Objective = (x: readonly number[]) => number;

interface Run {
  point: number[];
  value: number;
  iterations: number;
}

/** One simplex run: stops after `iterations` or when the simplex's values agree to `tolerance` relative to the best. */
function runNelderMead(f: Objective, start: readonly number[], iterations: number, step: number, tolerance: number): Run {
  const dim = start.length;
  let simplex = [start.slice(), ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))];
  let values = simplex.map(f);
  let it = 0;
  for (; it < iterations; it++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    simplex = order.map(([, i]) => simplex[i] as number[]);
    values = order.map(([v]) => v);
    const best = values[0] as number;
    const worst = values[dim] as number;
    if (Math.abs(worst - best) <= tolerance * (Math.abs(best) + 1e-12)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j] = (centroid[j] as number) + (simplex[i]![j] as number) / dim;
    const towards = (t: number): number[] => centroid.map((c, j) => c + t * ((simplex[dim]![j] as number) - c));
    const reflected = towards(-1);
    const fr = f(reflected);
    if (fr < best) {
      const expanded = towards(-2);
      const fe = f(expanded);
      [simplex[dim], values[dim]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < (values[dim - 1] as number)) {
      [simplex[dim], values[dim]] = [reflected, fr];
    } else {
      const contracted = fr < worst ? towards(-0.5) : towards(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, worst)) {
        [simplex[dim], values[dim]] = [contracted, fc];
      } else {
        const bestPoint = simplex[0] as number[];
        simplex = simplex.map((point, i) =>
          i === 0 ? point : point.map((v, j) => (bestPoint[j] as number) + 0.5 * (v - (bestPoint[j] as number))),
        );
        values = simplex.map((point, i) => (i === 0 ? (values[0] as number) : f(point)));
      }
    }
  }
  const bestValue = Math.min(...values);
  const bestAt = values.indexOf(bestValue);
  return { point: simplex[bestAt] as number[], value: bestValue, iterations: it };
}

/** Nelder-Mead minimisation of `f` from `start`, a fixed number of iterations. */
export function minimiseNelderMead(f: Objective, start: readonly number[], iterations = 200, step = 1): number[] {
  return runNelderMead(f, start, iterations, step, 1e-10).point;
}

/** Settings of `minimiseNelderMeadRestarted`; every field has a default. */
export interface NelderMeadOptions {
  /** Iterations per run (default 1000). */
  readonly iterations?: number;
  /** Initial simplex edge along each axis, in the units of x (default 1). */
  readonly step?: number;
  /** A run stops when its simplex's values agree to this, relative to the best (default 1e-10). */
  readonly tolerance?: number;
  /** Most fresh runs after the first (default 10); they stop once one improves by less than `tolerance`. */
  readonly restarts?: number;
}

/** Where a restarted minimisation ended, and what it cost. */
export interface NelderMeadResult {
  readonly point: number[];
  readonly value: number;
  /** Runs made, the first included. */
  readonly runs: number;
  /** Simplex iterations over all runs. */
  readonly iterations: number;
  /** False when the last run used up its iterations or the restarts ran out while still improving. */
  readonly converged: boolean;
}

/** Nelder-Mead from `start`, restarted from the best point until a run no longer improves it. */
export function minimiseNelderMeadRestarted(
  objective: Objective,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  // NaN would break the simplex ordering; reading it as +Infinity lets an objective refuse a point with either.
  const f: Objective = (x) => {
    const value = objective(x);
    return Number.isNaN(value) ? Infinity : value;
  };
  const iterations = options.iterations ?? 1000;
  const step = options.step ?? 1;
  const tolerance = options.tolerance ?? 1e-10;
  const restarts = options.restarts ?? 10;
  let run = runNelderMead(f, start, iterations, step, tolerance);
  let total = run.iterations;
  let runs = 1;
  // Without restarts, the one run's own stopping rule is all there is to go by.
  let settled = restarts === 0 && run.iterations < iterations;
  while (runs <= restarts) {
    const next = runNelderMead(f, run.point, iterations, step, tolerance);
    total += next.iterations;
    runs++;
    const improved = run.value - next.value > tolerance * (Math.abs(run.value) + 1e-12);
    if (next.value <= run.value) run = next;
    if (!improved && next.iterations < iterations) {
      settled = true;
      break;
    }
  }
  return { point: run.point, value: run.value, runs, iterations: total, converged: settled };
}
