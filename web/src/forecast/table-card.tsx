/**
 * A titled card holding a table that is meant to be read as a table (an allocation plan, a ranking),
 * with the same CSV export every chart has.
 */
import type { ComponentChildren } from 'preact';
import { useAppContext } from '../app-context.ts';
import { downloadText } from '../charts/chart-card.tsx';
import { toCsv, type TableData } from '../charts/table-csv.ts';
import { commonText } from '../components/common-text.ts';
import { DataTable } from '../components/data-table.tsx';

export interface TableCardProps<Row> {
  readonly title: string;
  readonly subtitle?: ComponentChildren;
  readonly table: TableData<Row>;
  /** File name of the export, without extension. */
  readonly exportName: string;
  /** Controls placed in the header. */
  readonly actions?: ComponentChildren;
  /** Shown instead of the table (a custom rendering of the same rows). */
  readonly children?: ComponentChildren;
  readonly class?: string;
}

export function TableCard<Row>(props: TableCardProps<Row>) {
  const text = commonText(useAppContext().locale);
  return (
    <section class={`card table-card ${props.class ?? ''}`} data-card={props.exportName}>
      <header class="card-header">
        <div>
          <h2>{props.title}</h2>
          {props.subtitle && <p class="card-subtitle">{props.subtitle}</p>}
        </div>
        <div class="card-actions">
          {props.actions}
          <button type="button" onClick={() => downloadText(`${props.exportName}.csv`, toCsv(props.table))}>
            {text.exportCsv}
          </button>
        </div>
      </header>
      {props.children ?? <DataTable table={props.table} label={props.title} />}
    </section>
  );
}
