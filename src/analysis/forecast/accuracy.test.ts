import { describe, expect, it } from 'vitest';
import { coverage, mase, meanOfFinite, naiveScale, smape } from './accuracy.ts';

describe('naiveScale', () => {
  it('is the mean absolute difference with the value one period earlier', () => {
    // Differences at lag 2: |3 − 1|, |2 − 4|, |8 − 3| = 2, 2, 5.
    expect(naiveScale([1, 4, 3, 2, 8], 2)).toBeCloseTo(3, 12);
  });

  it('skips pairs with a missing value on either side', () => {
    // Lag 2 pairs: (1, 3) → 2; (NaN, 2) skipped; (3, NaN) skipped; (2, 10) → 8.
    expect(naiveScale([1, NaN, 3, 2, NaN, 10], 2)).toBeCloseTo(5, 12);
  });

  it('is NaN when the training data is no longer than one period', () => {
    expect(naiveScale([1, 2, 3], 3)).toBeNaN();
    expect(naiveScale([], 7)).toBeNaN();
  });
});

describe('mase', () => {
  it('divides the mean absolute error by the scale', () => {
    // Errors 1, 2, 3: mean 2, over a scale of 4.
    expect(mase([10, 20, 30], [11, 18, 33], 4)).toBeCloseTo(0.5, 12);
  });

  it('skips missing actuals', () => {
    expect(mase([10, NaN, 30], [11, 1000, 33], 2)).toBeCloseTo(1, 12);
  });

  it('is NaN with no actuals or a scale that is not positive', () => {
    expect(mase([NaN, NaN], [1, 2], 1)).toBeNaN();
    expect(mase([1, 2], [1, 2], 0)).toBeNaN();
    expect(mase([1, 2], [1, 2], NaN)).toBeNaN();
  });

  it('is exactly 1 for the seasonal naive forecast when the future repeats the history’s differences', () => {
    const training = [10, 20, 12, 22];
    const actual = [14, 24];
    const naive = [training[2] as number, training[3] as number];
    expect(mase(actual, naive, naiveScale(training, 2))).toBeCloseTo(1, 12);
  });
});

describe('smape', () => {
  it('averages 200 |f − a| / (|f| + |a|)', () => {
    // 200·10/210 and 200·5/45.
    expect(smape([100, 20], [110, 25])).toBeCloseTo((2000 / 210 + 1000 / 45) / 2, 10);
  });

  it('counts both zero as a perfect forecast and a forecast of zero as the worst', () => {
    expect(smape([0, 0], [0, 0])).toBe(0);
    expect(smape([5], [0])).toBe(200);
  });

  it('skips missing actuals and is NaN when all are missing', () => {
    expect(smape([NaN, 10], [3, 10])).toBe(0);
    expect(smape([NaN], [3])).toBeNaN();
  });
});

describe('coverage', () => {
  it('is the share of actuals inside the band, ends included', () => {
    expect(coverage([1, 5, 10, 11], [1, 0, 0, 0], [2, 4, 10, 10])).toBeCloseTo(0.5, 12);
  });

  it('skips missing actuals', () => {
    expect(coverage([NaN, 3, 9], [0, 0, 0], [5, 5, 5])).toBeCloseTo(0.5, 12);
    expect(coverage([NaN], [0], [1])).toBeNaN();
  });
});

describe('meanOfFinite', () => {
  it('ignores NaN and infinities, and is NaN when nothing is left', () => {
    expect(meanOfFinite([1, NaN, 3, Infinity])).toBe(2);
    expect(meanOfFinite([NaN])).toBeNaN();
    expect(meanOfFinite([])).toBeNaN();
  });
});
