/** Hot spots (GET /api/v1/flow/hotspots) as a bar chart of flow, busiest first, and a table with growth and utilisation. */
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { Format } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import { overviewText } from './overview-text.ts';

/** One ranked place, as the API answers it (the fields the overview shows). */
export interface HotspotRow {
  readonly key: string;
  readonly label: string;
  readonly current: number;
  readonly previous: number | null;
  readonly capacity: number | null;
  readonly forecast: number | null;
  /** 环比: current ÷ previous − 1. */
  readonly growth: number | null;
  readonly utilisation: number | null;
  readonly emerging: boolean;
  readonly ranks: { readonly flow: number };
}

export interface HotspotsAnswer {
  readonly days: number;
  readonly period: { readonly from: string; readonly to: string };
  readonly ranking: { readonly rows: readonly HotspotRow[] };
}

/** A row of the table: the place with its flow rank, so the CSV has it too. */
export type HotspotTableRow = HotspotRow & { readonly rank: number };

const EMERGING_COLOR = '#dc2626';

export function buildHotspotChart(
  rows: readonly HotspotRow[],
  locale: Locale,
  format: Format,
): { option: ChartOption; table: TableData<HotspotTableRow> } {
  const t = overviewText(locale);
  // Busiest at the top: a category axis draws its first item at the bottom, so it is inverted.
  const option: ChartOption = {
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const row = rows[items[0]?.dataIndex ?? -1];
        if (!row) return '';
        const lines = [
          `<b>${row.label}</b>${row.emerging ? ` · ${t.emerging}` : ''}`,
          `${t.flow}: ${format.number(row.current)}`,
          `${t.growth}: ${format.change(row.growth)}`,
          `${t.utilisation}: ${format.percent(row.utilisation)}`,
        ];
        return lines.join('<br/>');
      },
    },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => format.compact(v) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: t.flow,
        type: 'bar',
        barMaxWidth: 14,
        data: rows.map((r) => ({ value: r.current, itemStyle: r.emerging ? { color: EMERGING_COLOR } : undefined })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => format.change(rows[p.dataIndex]?.growth ?? null),
        },
      },
    ],
  };
  const table: TableData<HotspotTableRow> = {
    columns: [
      { key: 'rank', label: t.rank, numeric: true },
      { key: 'label', label: t.place },
      { key: 'current', label: t.flow, numeric: true, format: (v) => format.number(v as number) },
      { key: 'previous', label: t.previous, numeric: true, format: (v) => format.number(v as number | null) },
      { key: 'growth', label: t.growth, numeric: true, format: (v) => format.change(v as number | null) },
      { key: 'utilisation', label: t.utilisation, numeric: true, format: (v) => format.percent(v as number | null, 2) },
      { key: 'forecast', label: t.forecastNext, numeric: true, format: (v) => format.number(v as number | null) },
      { key: 'emerging', label: t.emerging, format: (v) => (v ? t.yes : t.no) },
    ],
    rows: rows.map((row) => ({ ...row, rank: row.ranks.flow })),
  };
  return { option, table };
}
