/**
 * Reads a series to forecast from a table with a `ds` column, a `y` column and any number of numeric
 * covariate columns (the shape Prophet users know). Rows after the last `y` carry the covariates of
 * the future; an empty `y` before that is a missing value, as real sensor data has. Rows may come in
 * any order; gaps in `ds` become missing values on the regular grid.
 *
 * Problems with single cells are values, not exceptions: a bad `y` or covariate is reported with its
 * line and column and read as missing, a bad or repeated `ds` row is reported and skipped. Problems
 * that make the whole table unusable (no `ds`/`y` column, no rows, daily and hourly labels mixed)
 * throw a SeriesTableError.
 */
import type { Covariate } from './design-matrix.ts';
import { parseSlotLabel, type Frequency } from './time-grid.ts';

/** A problem with one cell, located in the file. */
export interface TableProblem {
  readonly line: number;
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

export class SeriesTableError extends Error {
  override readonly name = 'SeriesTableError';
}

export interface SeriesTable {
  readonly frequency: Frequency;
  readonly start: number;
  /** History, from `start` to the last row with a `y`. */
  readonly y: readonly (number | null)[];
  /** Covariate values from `start` through the last row of the table. */
  readonly covariates: readonly Covariate[];
  /** Slots after the history for which the table gives covariates. */
  readonly futureSlots: number;
  /** The file line of each slot from `start` through the last row, null where no row has that slot. */
  readonly lines: readonly (number | null)[];
  readonly problems: readonly TableProblem[];
}

/** Reads a number as people write it in a CSV: `1,234.5`, ` 12 `; empty is missing. */
function readNumber(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || /^(na|nan|null)$/i.test(trimmed)) return null;
  const value = Number(trimmed.replace(/(\d),(?=\d{3}\b)/g, '$1'));
  return Number.isFinite(value) ? value : undefined;
}

/** Reads CSV `records` (header first) into a series; record i is reported as line i + 1. */
export function parseSeriesTable(records: readonly (readonly string[])[]): SeriesTable {
  const [header, ...rows] = records;
  if (!header) throw new SeriesTableError('the file is empty: expected a header with ds and y columns');
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const dsAt = names.findIndex((n) => n.toLowerCase() === 'ds');
  const yAt = names.findIndex((n) => n.toLowerCase() === 'y');
  if (dsAt < 0 || yAt < 0) {
    throw new SeriesTableError(`line 1: the header needs columns ds and y (found: ${names.join(', ') || 'nothing'})`);
  }
  const covariateColumns = names.map((name, i) => ({ name, i })).filter(({ i }) => i !== dsAt && i !== yAt && names[i] !== '');
  const problems: TableProblem[] = [];
  const bySlot = new Map<number, { line: number; y: number | null; covariates: (number | null)[] }>();
  let frequency: Frequency | undefined;
  rows.forEach((fields, index) => {
    const line = index + 2;
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    const ds = (fields[dsAt] ?? '').trim();
    const label = parseSlotLabel(ds);
    if (!label.ok) {
      problems.push({ line, field: 'ds', value: ds, reason: `${label.reason}; row skipped` });
      return;
    }
    if (frequency && label.frequency !== frequency) {
      throw new SeriesTableError(`line ${line}: ds ${ds} is ${label.frequency} but earlier rows are ${frequency}; use one or the other`);
    }
    frequency = label.frequency;
    if (bySlot.has(label.step)) {
      problems.push({ line, field: 'ds', value: ds, reason: `repeats line ${bySlot.get(label.step)!.line}; row skipped` });
      return;
    }
    const cell = (at: number, field: string): number | null => {
      const text = fields[at] ?? '';
      const value = readNumber(text);
      if (value === undefined) {
        problems.push({ line, field, value: text, reason: 'not a number; read as missing' });
        return null;
      }
      return value;
    };
    bySlot.set(label.step, { line, y: cell(yAt, 'y'), covariates: covariateColumns.map(({ name, i }) => cell(i, name)) });
  });
  if (!frequency || bySlot.size === 0) throw new SeriesTableError('no rows with a valid ds');
  const steps = [...bySlot.keys()].sort((a, b) => a - b);
  const start = steps[0] as number;
  const lastStep = steps[steps.length - 1] as number;
  const withY = steps.filter((s) => bySlot.get(s)!.y !== null);
  if (withY.length === 0) throw new SeriesTableError('no row has a value in y');
  const historyEnd = withY[withY.length - 1] as number;
  const y: (number | null)[] = [];
  for (let s = start; s <= historyEnd; s++) y.push(bySlot.get(s)?.y ?? null);
  const covariates = covariateColumns.map(({ name }, c): Covariate => {
    const values: (number | null)[] = [];
    for (let s = start; s <= lastStep; s++) values.push(bySlot.get(s)?.covariates[c] ?? null);
    return { name, values };
  });
  const lines: (number | null)[] = [];
  for (let s = start; s <= lastStep; s++) lines.push(bySlot.get(s)?.line ?? null);
  return { frequency, start, y, covariates, futureSlots: lastStep - historyEnd, lines, problems };
}
