/**
 * A titled card holding a table meant to be read as a table (an allocation plan, log templates,
 * rejects, imports…), with the same CSV export every chart has.
 */
import type { ComponentChildren } from 'preact';
import { useAppContext } from '../app-context.ts';
import { downloadText } from '../charts/chart-card.tsx';
import { toCsv, type TableData } from '../charts/table-csv.ts';
import { CardHeader } from './card-header.tsx';
import { commonText } from './common-text.ts';
import { DataTable } from './data-table.tsx';

export interface TableCardProps<Row> {
  readonly title: string;
  readonly subtitle?: ComponentChildren;
  readonly table: TableData<Row>;
  /** File name of the export, without extension. */
  readonly exportName: string;
  /** Shown instead of an empty table. */
  readonly emptyMessage?: string;
  /** Controls placed in the header. */
  readonly actions?: ComponentChildren;
  readonly class?: string;
  /** Shown instead of the table (a custom rendering of the same rows). */
  readonly children?: ComponentChildren;
}

export function TableCard<Row>(props: TableCardProps<Row>) {
  const text = commonText(useAppContext().locale);
  return (
    <section class={`card table-card ${props.class ?? ''}`} data-card={props.exportName}>
      <CardHeader title={props.title} subtitle={props.subtitle}>
        {props.actions}
        <button type="button" onClick={() => downloadText(`${props.exportName}.csv`, toCsv(props.table))}>
          {text.exportCsv}
        </button>
      </CardHeader>
      {props.children ??
        (props.table.rows.length === 0 ? (
          <div class="state state-empty">{props.emptyMessage ?? text.empty}</div>
        ) : (
          <DataTable table={props.table} label={props.title} />
        ))}
    </section>
  );
}
