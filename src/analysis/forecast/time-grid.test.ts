import { describe, expect, it } from 'vitest';
import { parseSlotLabel, slotAt, slotLabel, weekOf } from './time-grid.ts';

// 2024-01-01 is day 19723 since 1970-01-01 (54 years, 13 of them leap years: 54 × 365 + 13).
const JAN_1_2024 = 19723;

describe('parseSlotLabel', () => {
  it('reads a civil date as a daily slot numbered in days since 1970-01-01', () => {
    expect(parseSlotLabel('1970-01-01')).toEqual({ ok: true, frequency: 'daily', step: 0 });
    expect(parseSlotLabel('2024-01-01')).toEqual({ ok: true, frequency: 'daily', step: JAN_1_2024 });
    expect(parseSlotLabel('2024-03-01')).toEqual({ ok: true, frequency: 'daily', step: JAN_1_2024 + 31 + 29 });
  });

  it('accepts single-digit months and days and surrounding spaces', () => {
    expect(parseSlotLabel('2024-3-1')).toEqual(parseSlotLabel('2024-03-01'));
    expect(parseSlotLabel('  2024-01-01 ')).toEqual({ ok: true, frequency: 'daily', step: JAN_1_2024 });
  });

  it('reads an hour label as an hourly slot numbered day × 24 + hour', () => {
    expect(parseSlotLabel('2024-01-01 00:00')).toEqual({ ok: true, frequency: 'hourly', step: JAN_1_2024 * 24 });
    expect(parseSlotLabel('2024-01-01 13:00')).toEqual({ ok: true, frequency: 'hourly', step: JAN_1_2024 * 24 + 13 });
    expect(parseSlotLabel('2024-01-01 23:00')).toEqual({ ok: true, frequency: 'hourly', step: JAN_1_2024 * 24 + 23 });
  });

  it('reads the ISO T form, seconds and fractional seconds of the same hour alike', () => {
    const expected = { ok: true, frequency: 'hourly', step: JAN_1_2024 * 24 + 9 };
    for (const label of ['2024-01-01T09:00', '2024-01-01 09:00:00', '2024-01-01T09:00:00', '2024-01-01T09:00:00.000', '2024-01-01 9:00']) {
      expect(parseSlotLabel(label)).toEqual(expected);
    }
  });

  it('rejects an hour that is not on the hour, and says so', () => {
    for (const label of ['2024-01-01 09:30', '2024-01-01T09:00:15', '2024-01-01T14:00:00.500']) {
      expect(parseSlotLabel(label)).toEqual({ ok: false, reason: 'hourly labels must be on the hour' });
    }
  });

  it('rejects hour 24 instead of rolling it into the next day', () => {
    expect(parseSlotLabel('2024-01-01 24:00')).toEqual({ ok: false, reason: 'hour must be 0-23' });
  });

  it('rejects dates that do not exist, leap days included', () => {
    for (const label of ['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10']) {
      expect(parseSlotLabel(label)).toEqual({ ok: false, reason: 'no such date' });
    }
    expect(parseSlotLabel('2024-02-29').ok).toBe(true);
  });

  it('rejects text that is not a date, and a time zone it would otherwise silently drop', () => {
    for (const label of ['', 'yesterday', '01/02/2024', '2024/01/02', '20240102', '2024-01-01T09:00:00Z', '2024-01-01 09:00+08:00']) {
      const parsed = parseSlotLabel(label);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toBe('expected a date YYYY-MM-DD or an hour YYYY-MM-DD HH:00');
    }
  });
});

describe('slotAt and slotLabel', () => {
  it('splits an hourly position into its date and hour', () => {
    expect(slotAt(JAN_1_2024 * 24 + 37, 'hourly')).toEqual({
      step: JAN_1_2024 * 24 + 37,
      dayNumber: JAN_1_2024 + 1,
      date: '2024-01-02',
      hour: 13,
    });
    expect(slotAt(JAN_1_2024, 'daily')).toEqual({ step: JAN_1_2024, dayNumber: JAN_1_2024, date: '2024-01-01', hour: 0 });
  });

  it('writes labels in the form the CLI writes', () => {
    expect(slotLabel(JAN_1_2024 + 59, 'daily')).toBe('2024-02-29');
    expect(slotLabel(JAN_1_2024 * 24 + 5, 'hourly')).toBe('2024-01-01 05:00');
    expect(slotLabel(JAN_1_2024 * 24 - 1, 'hourly')).toBe('2023-12-31 23:00');
  });

  it('round-trips every label it writes, across leap years and before 1970', () => {
    for (let step = -800; step <= 25_000; step += 37) {
      expect(parseSlotLabel(slotLabel(step, 'daily'))).toEqual({ ok: true, frequency: 'daily', step });
    }
    for (let step = JAN_1_2024 * 24 - 100; step <= JAN_1_2024 * 24 + 24 * 400; step += 7) {
      expect(parseSlotLabel(slotLabel(step, 'hourly'))).toEqual({ ok: true, frequency: 'hourly', step });
    }
  });
});

describe('weekOf', () => {
  it('is seven slots on a daily grid and 168 on an hourly one', () => {
    expect(weekOf('daily')).toBe(7);
    expect(weekOf('hourly')).toBe(168);
  });
});
