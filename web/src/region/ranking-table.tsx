/**
 * The ranking of the current level as a table whose names drill down (a province opens its cities, a
 * city its venues, a venue becomes the venue filter). Sorted by the column in the URL's `rank_by`.
 */
import type { TableData } from '../charts/table-csv.ts';
import { updateParams } from '../url-state.ts';
import { RANK_SORT_PARAM, readRankSort, sortRows, type RegionRow } from './region-model.ts';

export function RankingTable(props: {
  readonly table: TableData<RegionRow>;
  readonly sortParam: string | null;
  readonly label: string;
  readonly selected?: string | undefined;
  readonly openLabel: (name: string) => string;
  readonly onOpen: (row: RegionRow) => void;
}) {
  const keys = props.table.columns.map((column) => column.key);
  const sort = readRankSort(props.sortParam, keys);
  const rows = sortRows(props.table.rows, sort);
  return (
    <div class="table-wrap ranking-table">
      <table class="data-table" aria-label={props.label}>
        <thead>
          <tr>
            {props.table.columns.map((column) => (
              <th
                key={column.key}
                class={column.numeric ? 'numeric' : undefined}
                aria-sort={sort.key === column.key ? (sort.ascending ? 'ascending' : 'descending') : undefined}
                onClick={() => {
                  if (column.key === 'label') return;
                  // Largest first on the first click, then smallest first; by value, largest first, is the default.
                  const next = sort.key === column.key && !sort.ascending ? `${column.key}:asc` : column.key;
                  updateParams({ [RANK_SORT_PARAM]: next === 'value' ? undefined : next }, { replace: true });
                }}
              >
                {column.label}
                {sort.key === column.key && <span aria-hidden="true">{sort.ascending ? ' ↑' : ' ↓'}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-place={row.key} class={row.key === props.selected ? 'selected' : undefined}>
              {props.table.columns.map((column) => {
                const value = (row as unknown as Record<string, unknown>)[column.key];
                const text = column.format ? column.format(value, row) : value === null || value === undefined ? '—' : String(value);
                if (column.key === 'label')
                  return (
                    <td key={column.key} class="text">
                      <button
                        type="button"
                        class="link-button place-link"
                        title={`${row.label} · ${props.openLabel(row.label)}`}
                        onClick={() => props.onOpen(row)}
                      >
                        {text}
                      </button>
                    </td>
                  );
                if (column.key === 'emerging') return <td key={column.key}>{row.emerging && <span class="badge warn">{text}</span>}</td>;
                const tone =
                  (column.key === 'growth' || column.key === 'yoy' || column.key === 'forecastGrowth') && typeof value === 'number'
                    ? value > 0
                      ? 'up'
                      : value < 0
                        ? 'down'
                        : undefined
                    : undefined;
                return (
                  <td key={column.key} class={[column.numeric ? 'numeric' : '', tone ?? ''].join(' ').trim() || undefined}>
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
