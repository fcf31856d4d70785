/**
 * A titled panel holding one chart, its numbers as a table (one click away) and a CSV export of
 * those numbers: every chart of the dashboard is shown through it.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useAppContext } from '../app-context.ts';
import { CardHeader } from '../components/card-header.tsx';
import { commonText } from '../components/common-text.ts';
import { DataTable } from '../components/data-table.tsx';
import { EChart } from './echart.tsx';
import type { ChartOption } from './echarts-core.ts';
import { toCsv, type TableData } from './table-csv.ts';

export interface ChartCardProps<Row> {
  readonly title: string;
  /** Short note under the title (source, definition, accuracy…). */
  readonly subtitle?: ComponentChildren;
  readonly option: ChartOption;
  readonly table: TableData<Row>;
  /** File name of the export, without extension. */
  readonly exportName: string;
  readonly height?: number;
  readonly onClick?: (params: { name: string; data?: unknown; seriesName?: string }) => void;
  /** Controls placed in the header (a metric picker…). */
  readonly actions?: ComponentChildren;
  readonly class?: string;
}

/** Saves text as a file from the browser. */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ChartCard<Row>(props: ChartCardProps<Row>) {
  const text = commonText(useAppContext().locale);
  const [asTable, setAsTable] = useState(false);
  return (
    <section class={`card chart-card ${props.class ?? ''}`} data-card={props.exportName}>
      <CardHeader title={props.title} subtitle={props.subtitle}>
        {props.actions}
        <button type="button" class="toggle" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? text.showChart : text.showTable}
        </button>
        <button type="button" onClick={() => downloadText(`${props.exportName}.csv`, toCsv(props.table))}>
          {text.exportCsv}
        </button>
      </CardHeader>
      {asTable ? (
        <DataTable table={props.table} label={props.title} />
      ) : (
        <EChart option={props.option} height={props.height ?? 300} onClick={props.onClick} label={props.title} />
      )}
    </section>
  );
}
