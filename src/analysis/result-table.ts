/**
 * A query result as plain data: what the metrics layer, the SQL console, reports and exports pass
 * between them. Cells are JSON values; timestamps and dates travel as ISO strings.
 */
export type Cell = string | number | boolean | null;

export interface ResultColumn {
  /** Column name as the query produced it (a dimension or metric name, or an SQL alias). */
  readonly name: string;
  /** What the cells hold, for formatting and typed export (numbers stay numbers). */
  readonly type: 'string' | 'number' | 'boolean' | 'date' | 'timestamp';
  /** Human label, when the column has one (metric or dimension label). */
  readonly label?: string | undefined;
}

export interface ResultTable {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}
