import { describe, expect, it } from 'vitest';
import { summarisePurchaseTimes, summariseTransactions, type Transaction } from './transaction-summary.ts';

describe('summarisePurchaseTimes', () => {
  it('takes the earliest time as the first purchase and counts the later ones as repeats', () => {
    expect(summarisePurchaseTimes([10, 3, 7, 12], 11, 20)).toEqual({ x: 2, tx: 7, T: 8, holdout: 1 });
  });

  it('gives x = 0 and t_x = 0 to a one-time buyer', () => {
    expect(summarisePurchaseTimes([4], 10)).toEqual({ x: 0, tx: 0, T: 6, holdout: 0 });
  });
});

describe('summariseTransactions', () => {
  const period = { calibrationEnd: '2024-03-31', holdoutEnd: '2024-06-30' };

  it('measures x, t_x and T in weeks from the first purchase to the calibration end', () => {
    const { customers } = summariseTransactions(
      [
        { customerId: 'a', date: '2024-01-01' },
        { customerId: 'a', date: '2024-01-15' },
        { customerId: 'a', date: '2024-02-12' },
      ],
      period,
    );
    // 2024-01-01 → 2024-02-12 is 42 days; → 2024-03-31 is 90 days.
    expect(customers).toEqual([{ customerId: 'a', firstPurchase: '2024-01-01', x: 2, tx: 6, T: 90 / 7, holdout: 0, monetary: undefined }]);
  });

  it('counts several purchases on one day once, with the day’s amounts added', () => {
    const { customers } = summariseTransactions(
      [
        { customerId: 'a', date: '2024-01-01', amount: 5 },
        { customerId: 'a', date: '2024-01-01', amount: 7 },
        { customerId: 'a', date: '2024-02-01', amount: 10 },
        { customerId: 'a', date: '2024-02-01', amount: 20 },
        { customerId: 'a', date: '2024-03-01', amount: 50 },
      ],
      period,
    );
    expect(customers[0]?.x).toBe(2);
    // Repeat days only: (10 + 20 + 50) / 2; the first day's 12 is left out.
    expect(customers[0]?.monetary).toBe(40);
  });

  it('averages over the repeat days that have an amount and leaves the rest out', () => {
    const { customers } = summariseTransactions(
      [
        { customerId: 'a', date: '2024-01-01', amount: 5 },
        { customerId: 'a', date: '2024-01-08' },
        { customerId: 'a', date: '2024-01-15', amount: 30 },
      ],
      period,
    );
    expect(customers[0]?.x).toBe(2);
    expect(customers[0]?.monetary).toBe(30);
  });

  it('counts holdout purchase days after the calibration end up to the holdout end and ignores later ones', () => {
    const transactions: Transaction[] = [
      { customerId: 'a', date: '2024-03-31' },
      { customerId: 'a', date: '2024-04-01' },
      { customerId: 'a', date: '2024-04-01' },
      { customerId: 'a', date: '2024-06-30' },
      { customerId: 'a', date: '2024-07-01' },
    ];
    const summary = summariseTransactions(transactions, period);
    expect(summary.customers[0]).toMatchObject({ x: 0, T: 0, holdout: 2 });
    expect(summary.holdoutWeeks).toBe(91 / 7);
    expect(summary.ignoredTransactions).toBe(1);
  });

  it('leaves out customers whose first purchase comes after the calibration end', () => {
    const summary = summariseTransactions(
      [
        { customerId: 'early', date: '2024-02-01' },
        { customerId: 'late', date: '2024-04-02' },
        { customerId: 'late', date: '2024-05-02' },
      ],
      period,
    );
    expect(summary.customers.map((c) => c.customerId)).toEqual(['early']);
    expect(summary.laterCustomers).toBe(1);
  });

  it('has no holdout without a holdout end', () => {
    const summary = summariseTransactions(
      [
        { customerId: 'a', date: '2024-02-01' },
        { customerId: 'a', date: '2024-04-10' },
      ],
      { calibrationEnd: '2024-03-31' },
    );
    expect(summary.holdoutWeeks).toBe(0);
    expect(summary.customers[0]?.holdout).toBe(0);
    expect(summary.ignoredTransactions).toBe(1);
  });

  it('refuses a holdout end before the calibration end and a malformed date', () => {
    expect(() => summariseTransactions([], { calibrationEnd: '2024-03-31', holdoutEnd: '2024-03-01' })).toThrow(RangeError);
    expect(() => summariseTransactions([{ customerId: 'a', date: '1 March 2024' }], period)).toThrow(RangeError);
  });
});
