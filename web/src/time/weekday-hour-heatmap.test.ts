import { describe, expect, it } from 'vitest';
import { buildWeekdayHourHeatmap, toHeatmapGrid } from './weekday-hour-heatmap.ts';

describe('weekday × hour heatmap', () => {
  it('is a 7 × 24 grid, Monday first, with missing cells 0 for volumes and unknown for rates', () => {
    const rows = [
      { weekday: 1, hour_of_day: 9, visitors: 4 },
      { weekday: 7, hour_of_day: 23, visitors: 2 },
    ];
    const grid = toHeatmapGrid(rows, 'visitors', 0);
    expect(grid).toHaveLength(7);
    expect(grid.map((row) => row.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Object.keys(grid[0]!).filter((key) => key.startsWith('h'))).toHaveLength(24);
    expect([grid[0]!.h9, grid[0]!.h10, grid[6]!.h23]).toEqual([4, 0, 2]);
    expect(toHeatmapGrid(rows, 'visitors', null)[0]!.h10).toBeNull();
  });

  it('gives the chart one cell per weekday and hour and the table weekday names', () => {
    const { option, table } = buildWeekdayHourHeatmap({
      rows: [{ weekday: 3, hour_of_day: 12, orders: 5 }],
      metric: 'orders',
      metricName: 'Orders',
      zeroWhenMissing: true,
      locale: 'en',
      valueFormat: (v) => String(v),
    });
    const { series, visualMap } = option as { series: { data: [number, number, number | null][] }[]; visualMap: { max: number } };
    expect(series[0]!.data).toHaveLength(168);
    expect(series[0]!.data.find(([hour, y]) => hour === 12 && y === 2)).toEqual([12, 2, 5]);
    expect(visualMap.max).toBe(5);
    expect(table.columns).toHaveLength(25);
    expect(table.columns[0]!.format!(3, table.rows[2]!)).toBe('Wed');
  });
});
