import { describe, expect, it } from 'vitest';
import { QueryError } from '../analysis/metrics/metric-query.ts';
import { parseReportRequest } from './report-request.ts';

// 2026-01-20 02:00 in Shanghai, still 2026-01-19 in UTC.
const now = new Date('2026-01-19T18:00:00Z');
const periodOf = (input: { from?: string; to?: string; timeZone?: string }) =>
  parseReportRequest({ kind: 'orders', ...input }, 'Asia/Shanghai', now).period;

function fieldOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof QueryError) return error.field;
    throw error;
  }
  return undefined;
}

describe('parseReportRequest', () => {
  it('reports the last seven complete days when no day is given', () => {
    expect(periodOf({})).toEqual({ from: '2026-01-13', to: '2026-01-19' });
  });

  it('reports the seven days ending on `to` when only `to` is given', () => {
    expect(periodOf({ to: '2025-01-31' })).toEqual({ from: '2025-01-25', to: '2025-01-31' });
    expect(periodOf({ to: '1970-01-03' })).toEqual({ from: '1970-01-01', to: '1970-01-03' });
  });

  it('reports from `from` to the last complete day, at most a year, when only `from` is given', () => {
    expect(periodOf({ from: '2026-01-01' })).toEqual({ from: '2026-01-01', to: '2026-01-19' });
    expect(periodOf({ from: '2024-06-01' })).toEqual({ from: '2024-06-01', to: '2025-06-01' });
    expect(fieldOf(() => periodOf({ from: '2026-01-20' }))).toBe('from');
  });

  it('counts days in the zone asked, and refuses a zone it does not know', () => {
    const request = parseReportRequest({ kind: 'logs', timeZone: 'UTC' }, 'Asia/Shanghai', now);
    expect(request.timeZone).toBe('UTC');
    expect(request.period).toEqual({ from: '2026-01-12', to: '2026-01-18' });
    expect(parseReportRequest({ kind: 'logs' }, 'Asia/Shanghai', now).timeZone).toBe('Asia/Shanghai');
    expect(fieldOf(() => parseReportRequest({ kind: 'logs', timeZone: 'Mars/Olympus' }, 'Asia/Shanghai', now))).toBe('timeZone');
  });

  it('still refuses a period given backwards', () => {
    expect(fieldOf(() => periodOf({ from: '2026-01-10', to: '2026-01-01' }))).toBe('to');
  });
});
