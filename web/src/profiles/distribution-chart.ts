/**
 * A profile distribution as rows, a chart and a table: values in their natural order (stages and
 * segments as the rules list them, months in time order, bins from low to high, other values by
 * size), with a row for users without a value and one for the values past the API's top 50, so the
 * rows of a single-valued field add up to the users counted. A second distribution (a segment or a
 * persona to compare with) becomes a second series when the values line up.
 */
import type { TableData } from '../charts/table-csv.ts';
import type { ChartOption } from '../charts/echarts-core.ts';
import type { Format } from '../i18n/format.ts';
import type { Distribution } from './profile-types.ts';
import { formatFieldNumber, type Vocabulary } from './profile-vocabulary.ts';

export const MISSING = '__missing';
export const OTHER = '__other';

export interface DistributionRow {
  readonly key: string;
  readonly label: string;
  readonly users: number;
  /** Of all users counted (with or without a value). */
  readonly share: number;
  readonly compareUsers?: number;
  readonly compareShare?: number;
}

export interface DistributionWords {
  readonly missing: string;
  readonly other: string;
  readonly value: string;
  readonly users: string;
  readonly share: string;
  /** Names of the two series. */
  readonly base: string;
  readonly compare: string;
}

/** Whether two distributions of the field can share one axis (binned numbers cut at different points). */
export function canOverlay(d: Distribution): boolean {
  return d.kind !== 'number' || d.discrete === true;
}

function bucketLabel(d: Distribution, bucket: Distribution['buckets'][number], vocabulary: Vocabulary, format: Format): string {
  if (d.kind === 'number' && !d.discrete && bucket.from !== undefined && bucket.to !== undefined)
    return `${formatFieldNumber(d.field, bucket.from, format)}–${formatFieldNumber(d.field, bucket.to, format)}`;
  return vocabulary.valueLabel(d.field, bucket.value);
}

/** The buckets in the order the field reads best. */
function ordered(d: Distribution, vocabulary: Vocabulary): Distribution['buckets'] {
  const buckets = [...d.buckets];
  const values = vocabulary.field(d.field)?.values?.map((v) => v.value);
  if (values) {
    const rank = (value: string) => (values.includes(value) ? values.indexOf(value) : values.length);
    return buckets.sort((a, b) => rank(a.value) - rank(b.value) || b.users - a.users);
  }
  if (d.kind === 'number') return buckets.sort((a, b) => (a.from ?? Number(a.value)) - (b.from ?? Number(b.value)));
  if (d.kind === 'date') return buckets.sort((a, b) => a.value.localeCompare(b.value));
  return buckets;
}

/** The rows of one distribution, with the missing and other rows where they apply. */
export function distributionRows(d: Distribution, vocabulary: Vocabulary, format: Format, words: DistributionWords): DistributionRow[] {
  const share = (users: number) => (d.users > 0 ? users / d.users : 0);
  const rows: DistributionRow[] = ordered(d, vocabulary).map((bucket) => ({
    key: bucket.value,
    label: bucketLabel(d, bucket, vocabulary, format),
    users: bucket.users,
    share: share(bucket.users),
  }));
  if (d.kind !== 'list') {
    const other = d.users - d.missing - d.buckets.reduce((sum, b) => sum + b.users, 0);
    if (other > 0) rows.push({ key: OTHER, label: words.other, users: other, share: share(other) });
  }
  if (d.missing > 0) rows.push({ key: MISSING, label: words.missing, users: d.missing, share: share(d.missing) });
  return rows;
}

/** Rows of `base` with `compare`'s counts beside them (values only `compare` has are added at the end). */
export function compareRows(base: readonly DistributionRow[], compare: readonly DistributionRow[]): DistributionRow[] {
  const byKey = new Map(compare.map((row) => [row.key, row]));
  const rows = base.map((row) => ({ ...row, compareUsers: byKey.get(row.key)?.users ?? 0, compareShare: byKey.get(row.key)?.share ?? 0 }));
  const seen = new Set(base.map((row) => row.key));
  for (const row of compare)
    if (!seen.has(row.key))
      rows.push({ key: row.key, label: row.label, users: 0, share: 0, compareUsers: row.users, compareShare: row.share });
  return rows;
}

export function distributionTable(rows: readonly DistributionRow[], format: Format, words: DistributionWords): TableData<DistributionRow> {
  const compared = rows.some((row) => row.compareUsers !== undefined);
  const users = (value: unknown) => format.number(value as number);
  const share = (value: unknown) => format.percent(value as number);
  return {
    columns: [
      { key: 'label', label: words.value },
      { key: 'users', label: compared ? `${words.base} · ${words.users}` : words.users, numeric: true, format: users },
      { key: 'share', label: compared ? `${words.base} · ${words.share}` : words.share, numeric: true, format: share },
      ...(compared
        ? [
            { key: 'compareUsers', label: `${words.compare} · ${words.users}`, numeric: true, format: users },
            { key: 'compareShare', label: `${words.compare} · ${words.share}`, numeric: true, format: share },
          ]
        : []),
    ],
    rows,
  };
}

/** Most slices a pie shows; smaller values go together into one "other" slice. */
export const MAX_SLICES = 12;

/** The rows as pie slices: the largest MAX_SLICES − 1 by name, the rest summed. */
export function pieSlices(rows: readonly DistributionRow[], other: string): { name: string; value: number }[] {
  if (rows.length <= MAX_SLICES) return rows.map((row) => ({ name: row.label, value: row.users }));
  const sorted = [...rows].sort((a, b) => b.users - a.users);
  const kept = sorted.slice(0, MAX_SLICES - 1);
  const rest = sorted.slice(MAX_SLICES - 1).reduce((sum, row) => sum + row.users, 0);
  return [...kept.map((row) => ({ name: row.label, value: row.users })), { name: other, value: rest }];
}

/**
 * Bars (horizontal for names, vertical for numbers and months) or a pie. One series shows users;
 * two show shares, since the groups differ in size.
 */
export function distributionOption(
  rows: readonly DistributionRow[],
  options: { chart: 'bar' | 'pie'; horizontal: boolean; format: Format; words: DistributionWords },
): ChartOption {
  const { format, words } = options;
  const compared = rows.some((row) => row.compareUsers !== undefined);
  if (options.chart === 'pie' && !compared) {
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number; percent: number }) =>
          `${p.name}<br/>${format.number(p.value)} (${format.percent(p.percent / 100)})`,
      },
      legend: { type: 'scroll', bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '45%'],
          data: pieSlices(rows, words.other),
          label: { formatter: '{b}: {d}%' },
        },
      ],
    };
  }
  const categories = rows.map((row) => row.label);
  const valueAxis = {
    type: 'value',
    axisLabel: { formatter: (v: number) => (compared ? format.percent(v, 0) : format.compact(v)) },
  };
  const categoryAxis = {
    type: 'category',
    data: categories,
    inverse: options.horizontal,
    axisLabel: options.horizontal ? { width: 120, overflow: 'truncate' } : { rotate: categories.length > 8 ? 30 : 0, interval: 0 },
  };
  const series = compared
    ? [
        { name: words.base, type: 'bar', data: rows.map((row) => row.share) },
        { name: words.compare, type: 'bar', data: rows.map((row) => row.compareShare ?? 0) },
      ]
    : [
        {
          name: words.users,
          type: 'bar',
          data: rows.map((row) => row.users),
          label: { show: rows.length <= 12, position: options.horizontal ? 'right' : 'top' },
        },
      ];
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => (compared ? format.percent(v) : format.number(v)),
    },
    legend: compared ? { top: 0 } : undefined,
    grid: {
      left: options.horizontal ? 130 : 48,
      right: 40,
      top: compared ? 30 : 16,
      bottom: options.horizontal ? 24 : 56,
      containLabel: false,
    },
    xAxis: options.horizontal ? valueAxis : categoryAxis,
    yAxis: options.horizontal ? categoryAxis : valueAxis,
    series,
  };
}
