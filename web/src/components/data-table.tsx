/** A plain, sortable table of rows; what every chart can switch to. */
import { useMemo, useState } from 'preact/hooks';
import type { TableData } from '../charts/table-csv.ts';

export function DataTable<Row>({ table, maxRows = 500, label }: { table: TableData<Row>; maxRows?: number; label?: string }) {
  const [sort, setSort] = useState<{ key: string; descending: boolean } | null>(null);
  const rows = useMemo(() => {
    if (!sort) return table.rows;
    const value = (row: Row) => (row as Record<string, unknown>)[sort.key];
    return [...table.rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
  }, [table.rows, sort]);
  return (
    <div class="table-wrap">
      <table class="data-table" aria-label={label}>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th
                key={column.key}
                class={column.numeric ? 'numeric' : undefined}
                aria-sort={sort?.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
                onClick={() => setSort((s) => ({ key: column.key, descending: s?.key === column.key ? !s.descending : true }))}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, maxRows).map((row, index) => (
            <tr key={index}>
              {table.columns.map((column) => {
                const value = (row as Record<string, unknown>)[column.key];
                const text = column.format ? column.format(value, row) : value === null || value === undefined ? '—' : String(value);
                // Long texts (a venue's full name) are cut with an ellipsis by the style; the title shows them whole.
                return (
                  <td key={column.key} class={column.numeric ? 'numeric' : 'text'} title={column.numeric ? undefined : text}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
