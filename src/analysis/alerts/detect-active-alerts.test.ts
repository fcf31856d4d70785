import { describe, expect, it } from 'vitest';
import { detectActiveAlerts } from './detect-active-alerts.ts';

/** 63 days ending 2026-11-25, weekends busier, with a little wobble; `last` replaces the final day. */
function series(last?: number) {
  const points = [];
  for (let i = 0; i < 63; i++) {
    const date = new Date(Date.UTC(2026, 10, 25) - (62 - i) * 86_400_000).toISOString().slice(0, 10);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    points.push({ at: date, value: (weekday === 0 || weekday === 6 ? 200 : 100) + ((i * 7) % 5) });
  }
  if (last !== undefined) points[62] = { at: points[62]!.at, value: last };
  return points;
}

describe('active alerts', () => {
  it('raises nothing on an ordinary day', () => {
    expect(
      detectActiveAlerts({ lastDay: '2026-11-25', place: { level: 'all' }, flow: [{ metric: 'visitors', points: series() }] }),
    ).toEqual([]);
  });

  it('flags a collapse in flow on the last complete day, saying what was expected', () => {
    const [alert, ...rest] = detectActiveAlerts({
      lastDay: '2026-11-25',
      place: { level: 'province', value: '广东', name: '广东' },
      flow: [
        { metric: 'visitors', points: series(20) },
        { metric: 'orders', points: series() },
      ],
    });
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      kind: 'unusual_flow',
      severity: 'critical',
      date: '2026-11-25',
      value: 20,
      id: 'unusual_flow:visitors:province:广东:2026-11-25',
    });
    expect(alert!.expected).toBeGreaterThan(99);
    expect(alert!.title.zh).toBe('广东 客流异常偏低');
    expect(alert!.detail.en).toMatch(/^2026-11-25: 20, usually about 10\d .*\(-8\d%\)\.$/);
  });

  it('ignores a series that does not reach the last complete day', () => {
    expect(
      detectActiveAlerts({ lastDay: '2026-11-26', place: { level: 'all' }, flow: [{ metric: 'visitors', points: series(5) }] }),
    ).toEqual([]);
  });

  it('reports emerging hot spots, places forecast over capacity and rejected records, most severe first', () => {
    const alerts = detectActiveAlerts({
      lastDay: '2026-11-25',
      place: { level: 'all' },
      flow: [],
      hotspotDays: 7,
      hotspots: [
        {
          key: 'V1',
          label: '石林',
          level: 'venue',
          current: 90,
          growth: 1.5,
          typicalGrowth: 0.1,
          emerging: true,
          capacity: 1000,
          forecast: 100,
        },
        {
          key: 'V2',
          label: '长城',
          level: 'venue',
          current: 900,
          growth: 0,
          typicalGrowth: 0,
          emerging: false,
          capacity: 1000,
          forecast: 1040,
        },
        {
          key: 'V3',
          label: '故宫',
          level: 'venue',
          current: 900,
          growth: 0,
          typicalGrowth: 0,
          emerging: false,
          capacity: 1000,
          forecast: 800,
        },
      ],
      rejects: [
        { source: 'api', kind: 'orders', rejected: 3, latestReason: 'line 2: amount "abc": not a number', at: '2026-11-26T01:00:00Z' },
        { source: 'pos', kind: 'orders', rejected: 0, at: '2026-11-26T01:00:00Z' },
      ],
    });
    expect(alerts.map((a) => [a.kind, a.severity, a.place?.value ?? a.title.en])).toEqual([
      ['over_capacity', 'critical', 'V2'],
      ['ingest_rejects', 'warning', 'Records rejected: api / orders'],
      ['emerging_hotspot', 'info', 'V1'],
    ]);
    expect(alerts[0]!.detail.zh).toBe('未来 7 天预测客流 1040，占容量 104%。');
    expect(alerts[1]!.detail.en).toBe('Rejected records: 3. Latest reason: line 2: amount "abc": not a number');
  });
});
