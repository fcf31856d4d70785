import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import { dayLabel, periodRows, sankeyOption, stageAreaChart, stageRuns, stepMovesChart, type LifecycleWords } from './lifecycle-charts.ts';
import { ENTERED, type LifecycleFlow } from './profile-types.ts';

const format = createFormat('en');
const words: LifecycleWords = {
  day: 'Day',
  from: 'From',
  to: 'To',
  users: 'Users',
  shareOfFrom: 'Share of from',
  total: 'Total',
  periodStart: 'start',
  periodEnd: 'end',
  start: 'Start',
  end: 'End',
  otherMoves: 'Other',
  arrow: '→',
};
const label = (stage: string) => (stage === ENTERED ? 'Entered' : stage.toUpperCase());
const stages = (active: number, churned: number) => ({ new: 0, active, growing: 0, at_risk: 0, churned, reactivated: 0, registered: 0 });

const flow: LifecycleFlow = {
  grain: 'month',
  asOf: '2026-06-15',
  from: '2026-05-01',
  to: '2026-06-15',
  stages: ['new', 'active', 'growing', 'at_risk', 'churned', 'reactivated', 'registered'],
  snapshots: [
    { day: '2026-04-30', stages: stages(10, 0), users: 10 },
    { day: '2026-05-31', stages: stages(7, 3), users: 10 },
    { day: '2026-06-15', stages: stages(6, 6), users: 12 },
  ],
  steps: [
    {
      start: '2026-04-30',
      end: '2026-05-31',
      transitions: [
        { from: 'active', to: 'active', users: 7 },
        { from: 'active', to: 'churned', users: 3 },
      ],
    },
    {
      start: '2026-05-31',
      end: '2026-06-15',
      transitions: [
        { from: 'active', to: 'active', users: 4 },
        { from: 'churned', to: 'churned', users: 3 },
        { from: 'active', to: 'churned', users: 3 },
        { from: ENTERED, to: 'active', users: 2 },
      ],
    },
  ],
  period: {
    start: '2026-04-30',
    end: '2026-06-15',
    transitions: [
      { from: 'active', to: 'active', users: 4 },
      { from: 'active', to: 'churned', users: 6 },
      { from: ENTERED, to: 'active', users: 2 },
    ],
  },
};

describe('lifecycle charts', () => {
  it('draws the period as a Sankey whose start and end nodes never join into a loop', () => {
    const option = sankeyOption(flow.period, label, format, words) as {
      series: { data: { name: string }[]; links: { source: string; target: string; value: number }[] }[];
    };
    const [series] = option.series;
    expect(series!.links).toEqual([
      { source: 'from:active', target: 'to:active', value: 4 },
      { source: 'from:active', target: 'to:churned', value: 6 },
      { source: `from:${ENTERED}`, target: 'to:active', value: 2 },
    ]);
    expect(series!.data.map((d) => d.name)).toEqual(['from:active', 'to:active', 'to:churned', `from:${ENTERED}`]);
  });

  it('gives each move its share of the users it started from', () => {
    expect(periodRows(flow.period, label).map((r) => [r.from, r.to, r.users, r.shareOfFrom])).toEqual([
      ['ACTIVE', 'ACTIVE', 4, 0.4],
      ['ACTIVE', 'CHURNED', 6, 0.6],
      ['Entered', 'ACTIVE', 2, 1],
    ]);
  });

  it('stacks the stage counts of each snapshot day, with their total in the table', () => {
    const { option, table } = stageAreaChart(flow, label, format, 'en', words);
    const series = (option as { series: { name: string; data: number[] }[] }).series;
    expect(series.find((s) => s.name === 'CHURNED')!.data).toEqual([0, 3, 6]);
    expect(table.rows.map((r) => r.total)).toEqual([10, 10, 12]);
    expect((option as { xAxis: { data: string[] } }).xAxis.data).toEqual(['Apr 30', 'May 31', 'Jun 15']);
  });

  it('counts only real changes of stage per step, every move in the table', () => {
    const { option, table, moves } = stepMovesChart(flow, label, format, 'en', words);
    const series = (option as { series: { name: string; data: number[] }[] }).series;
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['ACTIVE → CHURNED', [3, 3]],
      ['Entered → ACTIVE', [0, 2]],
    ]);
    expect(moves).toBe(8);
    expect(table.rows).toHaveLength(6);
  });

  it('groups the rarer kinds of move together past the top ones', () => {
    const { option } = stepMovesChart(flow, label, format, 'en', words, 1);
    expect((option as { series: { name: string; data: number[] }[] }).series.map((s) => [s.name, s.data])).toEqual([
      ['ACTIVE → CHURNED', [3, 3]],
      ['Other', [0, 2]],
    ]);
  });

  it("turns a user's changes into runs that cover the history", () => {
    expect(
      stageRuns(
        [
          { stage: null, since: '2026-01-04' },
          { stage: 'new', since: '2026-03-01' },
          { stage: 'active', since: '2026-03-29' },
        ],
        '2026-04-30',
      ),
    ).toEqual([
      { stage: null, since: '2026-01-04', until: '2026-03-01', days: 56 },
      { stage: 'new', since: '2026-03-01', until: '2026-03-29', days: 28 },
      { stage: 'active', since: '2026-03-29', until: '2026-04-30', days: 32 },
    ]);
    expect(dayLabel('2026-03-01', 'zh-CN')).toBe('3月1日');
  });
});
