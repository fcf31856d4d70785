import { describe, expect, it } from 'vitest';
import { parseDate, parseTimestamp, zoneResolver } from './parse-timestamp.ts';

const shanghai = zoneResolver('Asia/Shanghai');
const iso = (input: unknown, zone = shanghai) => {
  const result = parseTimestamp(input, zone);
  return result.ok ? new Date(result.value).toISOString() : `rejected: ${result.reason}`;
};

describe('parseTimestamp', () => {
  it('reads naive times in the configured zone (Asia/Shanghai is UTC+8)', () => {
    expect(iso('2024-01-05 13:04:05')).toBe('2024-01-05T05:04:05.000Z');
    expect(iso('2024-01-05T13:04:05')).toBe('2024-01-05T05:04:05.000Z');
  });

  it('reads the common Chinese forms', () => {
    expect(iso('2024/1/5 13:04')).toBe('2024-01-05T05:04:00.000Z');
    expect(iso('2024年1月5日 13时04分')).toBe('2024-01-05T05:04:00.000Z');
    expect(iso('2024年1月5日 13时04分05秒')).toBe('2024-01-05T05:04:05.000Z');
    expect(iso('2024年01月05日')).toBe('2024-01-04T16:00:00.000Z');
    expect(iso('2024.1.5')).toBe('2024-01-04T16:00:00.000Z');
    expect(iso('2024-1-5 9:04:05')).toBe('2024-01-05T01:04:05.000Z');
  });

  it('honours an explicit offset or Z instead of the zone', () => {
    expect(iso('2024-01-05T13:04:05Z')).toBe('2024-01-05T13:04:05.000Z');
    expect(iso('2024-01-05T13:04:05.250+09:00')).toBe('2024-01-05T04:04:05.250Z');
    expect(iso('2024-01-05 13:04:05 -0500')).toBe('2024-01-05T18:04:05.000Z');
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(iso(1704431045)).toBe('2024-01-05T05:04:05.000Z');
    expect(iso('1704431045000')).toBe('2024-01-05T05:04:05.000Z');
    expect(iso(946684800)).toBe('2000-01-01T00:00:00.000Z');
  });

  it('does not take other numbers for epoch times before 2000', () => {
    const refused = 'rejected: a number that is not an epoch time from 2000 on (an Excel serial date or yyyymmdd? send the date as text)';
    // An Excel serial date, a yyyymmdd day as a JSON number, a fraction of a day, a nine-digit cell.
    for (const input of [45296, 20240105, 45296.5, '100000000', 946684799]) expect(iso(input), String(input)).toBe(refused);
  });

  it('follows daylight saving in zones that have it', () => {
    const newYork = zoneResolver('America/New_York');
    expect(iso('2024-07-01 12:00:00', newYork)).toBe('2024-07-01T16:00:00.000Z');
    expect(iso('2024-01-01 12:00:00', newYork)).toBe('2024-01-01T17:00:00.000Z');
  });

  it('refuses impossible dates and times with a reason', () => {
    expect(iso('2024-02-30 10:00:00')).toBe('rejected: impossible date');
    expect(iso('2023-02-29')).toBe('rejected: impossible date');
    expect(iso('2024-13-01')).toBe('rejected: impossible date');
    expect(iso('2024-01-05 25:00:00')).toBe('rejected: impossible time of day');
    expect(iso('2024-01-05 13:61')).toBe('rejected: impossible time of day');
    expect(iso('1850-01-01')).toMatch(/rejected: year 1850 out of range/);
    expect(iso('yesterday')).toBe('rejected: not a recognised date/time');
    expect(iso('2024-01-05 13:04:05 trailing')).toBe('rejected: not a recognised date/time');
    expect(iso({})).toBe('rejected: not a timestamp');
  });
});

describe('parseDate', () => {
  it('reads calendar dates without any zone arithmetic', () => {
    expect(parseDate('2024/2/29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('2024年10月1日')).toEqual({ ok: true, value: '2024-10-01' });
    expect(parseDate('2024-02-30')).toEqual({ ok: false, reason: 'impossible date' });
  });

  it('takes a spreadsheet date at midnight, and refuses a time of day instead of dropping it', () => {
    expect(parseDate('2025-06-01 00:00:00')).toEqual({ ok: true, value: '2025-06-01' });
    expect(parseDate('2025/6/1 0:00')).toEqual({ ok: true, value: '2025-06-01' });
    for (const input of ['2025-06-01 09:00', '2025-06-01 00:30', '2025-06-01T00:00:01', '2025年6月1日 10时30分'])
      expect(parseDate(input), input).toEqual({
        ok: false,
        reason: 'a day with a time of day; an hourly row gives its hour (0–23) in the hour column (小时)',
      });
  });
});
