/**
 * A titled card holding a table only (log templates, rejects, imports…), with the same CSV export
 * as a chart card; for lists whose numbers are the point and no chart would say more.
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
  readonly exportName: string;
  /** Shown instead of an empty table. */
  readonly emptyMessage?: string;
  readonly actions?: ComponentChildren;
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
      {props.table.rows.length === 0 ? (
        <div class="state state-empty">{props.emptyMessage ?? text.empty}</div>
      ) : (
        <DataTable table={props.table} label={props.title} />
      )}
    </section>
  );
}
