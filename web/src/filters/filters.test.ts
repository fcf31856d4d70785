import { describe, expect, it } from 'vitest';
import { addDays, clockIn, daysBetween, isDay, isStaleSegment, previousPeriod, readFilters, todayIn, toWhere } from './filters.ts';

describe('dashboard filters', () => {
  it('defaults to the last 30 days ending today', () => {
    expect(readFilters(new URLSearchParams(''), '2026-11-26')).toMatchObject({ from: '2026-10-28', to: '2026-11-26' });
  });

  it('reads region, venue, channel and segment from the URL and passes them on as metric filters', () => {
    const filters = readFilters(new URLSearchParams('from=2026-01-01&to=2026-01-31&province=广东&channel=wechat&segment=3'), '2026-11-26');
    expect(filters).toMatchObject({ from: '2026-01-01', to: '2026-01-31', province: '广东', channel: 'wechat', segment: '3' });
    expect(toWhere(filters)).toEqual(['province=广东', 'channel=wechat', 'segment=3']);
    expect(toWhere(filters, ['province'])).toEqual(['channel=wechat', 'segment=3']);
  });

  it('puts a reversed period in order and ignores malformed dates', () => {
    expect(readFilters(new URLSearchParams('from=2026-02-10&to=2026-02-01'), '2026-11-26')).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-10',
    });
    expect(readFilters(new URLSearchParams('from=yesterday&to=2026-13-45'), '2026-11-26')).toMatchObject({
      from: '2026-10-28',
      to: '2026-11-26',
    });
  });

  it('takes only real days between 1970 and 2999, and says which URL dates it replaced', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-04-31')).toBe(false);
    expect(isDay('2026-00-10')).toBe(false);
    expect(isDay('0202-05-01')).toBe(false);
    expect(isDay('1969-12-31')).toBe(false);
    expect(isDay('1970-01-01')).toBe(true);
    expect(isDay('2999-12-31')).toBe(true);
    expect(isDay('3000-01-01')).toBe(false);
    const filters = readFilters(new URLSearchParams('from=2026-02-30&to=2026-03-10'), '2026-11-26');
    expect(filters).toMatchObject({ from: '2026-02-09', to: '2026-03-10', rejected: ['from'] });
    expect(readFilters(new URLSearchParams('from=2026-02-01'), '2026-11-26').rejected).toBeUndefined();
  });

  it('drops a segment filter once the saved segments are known and it is not among them', () => {
    expect(isStaleSegment('9f1c', [{ id: 'a' }])).toBe(true);
    expect(isStaleSegment('7', [{ id: 7 }])).toBe(false);
    expect(isStaleSegment('9f1c', undefined)).toBe(false);
    expect(isStaleSegment(undefined, [])).toBe(false);
  });

  it('counts days across month ends and finds the period before', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(daysBetween('2026-11-01', '2026-11-30')).toBe(30);
    expect(previousPeriod({ from: '2026-11-01', to: '2026-11-07' })).toEqual({ from: '2026-10-25', to: '2026-10-31' });
  });

  it("tells today's date in the business time zone, not the browser's", () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-11-25T17:30:00Z'))).toBe('2026-11-26');
    expect(todayIn('UTC', new Date('2026-11-25T17:30:00Z'))).toBe('2026-11-25');
  });

  it('tells the time of day in the business time zone, on a 24-hour clock', () => {
    expect(clockIn('Asia/Shanghai', new Date('2026-11-25T16:05:59Z'))).toBe('00:05');
    expect(clockIn('UTC', new Date('2026-11-25T23:59:00Z'))).toBe('23:59');
  });
});
