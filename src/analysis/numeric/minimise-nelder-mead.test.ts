import { describe, expect, it } from 'vitest';
import { minimiseNelderMead, minimiseNelderMeadRestarted } from './minimise-nelder-mead.ts';

const rosenbrock = (x: readonly number[]): number => {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) sum += 100 * ((x[i + 1] as number) - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2;
  return sum;
};

describe('minimiseNelderMead', () => {
  it('finds the minimum of a shifted, stretched quadratic', () => {
    const f = (x: readonly number[]): number => ((x[0] as number) - 3) ** 2 + 10 * ((x[1] as number) + 1) ** 2 + 1;
    const [a, b] = minimiseNelderMead(f, [0, 0], 300);
    expect(a).toBeCloseTo(3, 4);
    expect(b).toBeCloseTo(-1, 4);
  });

  it('stops after the given number of iterations', () => {
    let calls = 0;
    minimiseNelderMead(
      (x) => {
        calls++;
        return rosenbrock(x);
      },
      [-1.2, 1],
      5,
    );
    // Three points to start, then at most 2 + dim evaluations per iteration (a shrink).
    expect(calls).toBeLessThanOrEqual(3 + 5 * 4);
  });
});

describe('minimiseNelderMeadRestarted', () => {
  it('reaches the minimum of the four-dimensional Rosenbrock valley', () => {
    const result = minimiseNelderMeadRestarted(rosenbrock, [-1.2, 1, -1.2, 1], { iterations: 5000, tolerance: 1e-14 });
    expect(result.converged).toBe(true);
    for (const v of result.point) expect(v).toBeCloseTo(1, 4);
    expect(result.value).toBeLessThan(1e-8);
    expect(result.runs).toBeGreaterThan(1);
  });

  it('reads NaN as a refused point and stays inside the region where f is defined', () => {
    const f = (x: readonly number[]): number => ((x[0] as number) <= 0 ? NaN : (Math.log(x[0] as number) - 1) ** 2);
    const result = minimiseNelderMeadRestarted(f, [5], { step: 10 });
    expect(result.point[0]).toBeCloseTo(Math.E, 5);
  });

  it('reports no convergence when the iterations run out', () => {
    const result = minimiseNelderMeadRestarted(rosenbrock, [-1.2, 1, -1.2, 1], { iterations: 10, restarts: 1 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(20);
  });
});
