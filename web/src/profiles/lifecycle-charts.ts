/**
 * The lifecycle flow (GET /profile-insights/lifecycle-flow) as charts and tables: a Sankey of where
 * the users of each stage at the start of the period stand at its end, the stage counts on each
 * snapshot day as a stacked area, and the moves between stages in each week or month as stacked bars.
 */
import type { ChartOption } from '../charts/echarts-core.ts';
import { PALETTE } from '../charts/palette.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { Format } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import { ENTERED, type LifecycleFlow, type LifecycleStep } from './profile-types.ts';

/** One colour per stage, the same in every chart: green for active, amber at risk, red churned. */
export const STAGE_COLORS: Readonly<Record<string, string>> = {
  new: '#06b6d4',
  active: '#10b981',
  growing: '#2563eb',
  reactivated: '#8b5cf6',
  at_risk: '#f59e0b',
  churned: '#ef4444',
  registered: '#94a3b8',
  [ENTERED]: '#cbd5e1',
};

const MOVE_COLORS = [...PALETTE.slice(0, 8), '#0f766e', '#a16207'];

export interface LifecycleWords {
  readonly day: string;
  readonly from: string;
  readonly to: string;
  readonly users: string;
  readonly shareOfFrom: string;
  readonly total: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly start: string;
  readonly end: string;
  readonly otherMoves: string;
  readonly arrow: string;
}

/** `M月D日` / `Mar 31` of a YYYY-MM-DD day. */
export function dayLabel(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

export interface SankeyRow {
  readonly from: string;
  readonly to: string;
  readonly users: number;
  readonly shareOfFrom: number;
}

/** The period's moves with each one's share of the users it started from. */
export function periodRows(step: LifecycleStep, stageLabel: (stage: string) => string): SankeyRow[] {
  const fromTotals = new Map<string, number>();
  for (const t of step.transitions) fromTotals.set(t.from, (fromTotals.get(t.from) ?? 0) + t.users);
  return step.transitions.map((t) => ({
    from: stageLabel(t.from),
    to: stageLabel(t.to),
    users: t.users,
    shareOfFrom: t.users / (fromTotals.get(t.from) ?? 1),
  }));
}

export function periodTable(rows: readonly SankeyRow[], format: Format, words: LifecycleWords): TableData<SankeyRow> {
  return {
    columns: [
      { key: 'from', label: words.from },
      { key: 'to', label: words.to },
      { key: 'users', label: words.users, numeric: true, format: (v) => format.number(v as number) },
      { key: 'shareOfFrom', label: words.shareOfFrom, numeric: true, format: (v) => format.percent(v as number) },
    ],
    rows,
  };
}

/** Stage at the start (left) to stage at the end (right); node names carry their side so no link loops. */
export function sankeyOption(
  step: LifecycleStep,
  stageLabel: (stage: string) => string,
  format: Format,
  words: LifecycleWords,
): ChartOption {
  const names = new Map<string, string>();
  const node = (side: 'from' | 'to', stage: string) => {
    const name = `${side}:${stage}`;
    names.set(name, stageLabel(stage));
    return name;
  };
  const links = step.transitions
    .filter((t) => t.users > 0)
    .map((t) => ({ source: node('from', t.from), target: node('to', t.to), value: t.users }));
  const data = [...names.keys()].map((name) => ({
    name,
    itemStyle: { color: STAGE_COLORS[name.slice(name.indexOf(':') + 1)] ?? '#64748b' },
  }));
  const display = (name: string) => names.get(name) ?? name;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataType: string; name: string; value: number; data: { source?: string; target?: string } }) =>
        p.dataType === 'edge'
          ? `${display(p.data.source ?? '')} ${words.arrow} ${display(p.data.target ?? '')}<br/>${format.number(p.value)}`
          : `${display(p.name)} (${p.name.startsWith('from:') ? words.periodStart : words.periodEnd})<br/>${format.number(p.value)}`,
    },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 150,
        top: 8,
        bottom: 8,
        nodeGap: 10,
        nodeAlign: 'justify',
        emphasis: { focus: 'adjacency' },
        data,
        links,
        label: { formatter: (p: { name: string; value: number }) => `${display(p.name)} ${format.compact(p.value)}` },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
      },
    ],
  };
}

export type StageCountRow = Readonly<Record<string, string | number>>;

/** Users per stage on each snapshot day: a stacked area, and the table of the same numbers. */
export function stageAreaChart(
  flow: LifecycleFlow,
  stageLabel: (stage: string) => string,
  format: Format,
  locale: Locale,
  words: LifecycleWords,
): { option: ChartOption; table: TableData<StageCountRow> } {
  const days = flow.snapshots.map((s) => dayLabel(s.day, locale));
  const option: ChartOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => format.number(v) },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', boundaryGap: false, data: days },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format.compact(v) } },
    series: flow.stages.map((stage) => ({
      name: stageLabel(stage),
      type: 'line',
      stack: 'stages',
      areaStyle: { opacity: 0.7 },
      symbol: flow.snapshots.length > 20 ? 'none' : 'circle',
      lineStyle: { width: 1 },
      color: STAGE_COLORS[stage],
      emphasis: { focus: 'series' },
      data: flow.snapshots.map((s) => s.stages[stage] ?? 0),
    })),
  };
  const table: TableData<StageCountRow> = {
    columns: [
      { key: 'day', label: words.day },
      ...flow.stages.map((stage) => ({
        key: stage,
        label: stageLabel(stage),
        numeric: true,
        format: (v: unknown) => format.number(v as number),
      })),
      { key: 'total', label: words.total, numeric: true, format: (v: unknown) => format.number(v as number) },
    ],
    rows: flow.snapshots.map((s) => ({ day: s.day, ...s.stages, total: s.users })),
  };
  return { option, table };
}

export interface MoveRow {
  readonly start: string;
  readonly end: string;
  readonly from: string;
  readonly to: string;
  readonly users: number;
}

/**
 * Moves between different stages in each step, as stacked bars: the `top` most common kinds of move
 * by name, the rest together. The table lists every move of every step (staying put included).
 */
export function stepMovesChart(
  flow: LifecycleFlow,
  stageLabel: (stage: string) => string,
  format: Format,
  locale: Locale,
  words: LifecycleWords,
  top = 10,
): { option: ChartOption; table: TableData<MoveRow>; moves: number } {
  const key = (from: string, to: string) => `${from}>${to}`;
  const totals = new Map<string, number>();
  for (const step of flow.steps)
    for (const t of step.transitions) if (t.from !== t.to) totals.set(key(t.from, t.to), (totals.get(key(t.from, t.to)) ?? 0) + t.users);
  const kinds = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const named = kinds.slice(0, top).map(([k]) => k);
  const rest = kinds.length > top;
  const label = (k: string) => {
    const [from = '', to = ''] = k.split('>');
    return `${stageLabel(from)} ${words.arrow} ${stageLabel(to)}`;
  };
  const moved = (step: LifecycleStep, k: string) =>
    step.transitions.filter((t) => key(t.from, t.to) === k).reduce((sum, t) => sum + t.users, 0);
  // Kinds of move are told apart by the palette: colouring by stage would give two moves one colour.
  const series = named.map((k, i) => ({
    name: label(k),
    type: 'bar',
    stack: 'moves',
    color: MOVE_COLORS[i % MOVE_COLORS.length] ?? '#64748b',
    emphasis: { focus: 'series' },
    data: flow.steps.map((step) => moved(step, k)),
  }));
  if (rest)
    series.push({
      name: words.otherMoves,
      type: 'bar',
      stack: 'moves',
      color: '#64748b',
      emphasis: { focus: 'series' },
      data: flow.steps.map((step) =>
        step.transitions.filter((t) => t.from !== t.to && !named.includes(key(t.from, t.to))).reduce((sum, t) => sum + t.users, 0),
      ),
    });
  const option: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => format.number(v) },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: flow.steps.map((step) => `${dayLabel(step.start, locale)}–${dayLabel(step.end, locale)}`) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format.compact(v) } },
    series,
  };
  const rows: MoveRow[] = flow.steps.flatMap((step) =>
    step.transitions.map((t) => ({ start: step.start, end: step.end, from: stageLabel(t.from), to: stageLabel(t.to), users: t.users })),
  );
  const table: TableData<MoveRow> = {
    columns: [
      { key: 'start', label: words.start },
      { key: 'end', label: words.end },
      { key: 'from', label: words.from },
      { key: 'to', label: words.to },
      { key: 'users', label: words.users, numeric: true, format: (v) => format.number(v as number) },
    ],
    rows,
  };
  return { option, table, moves: [...totals.values()].reduce((a, b) => a + b, 0) };
}

export interface StageRun {
  /** null: not a user yet. */
  readonly stage: string | null;
  readonly since: string;
  /** The last snapshot day of the run (the next run's start, or the history's end). */
  readonly until: string;
  readonly days: number;
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** A user's stage changes as runs with their length in days, for a timeline strip. */
export function stageRuns(changes: readonly { stage: string | null; since: string }[], to: string): StageRun[] {
  return changes.map((change, i) => {
    const until = changes[i + 1]?.since ?? to;
    return { stage: change.stage, since: change.since, until, days: Math.max(1, dayNumber(until) - dayNumber(change.since)) };
  });
}
