import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/calendar/civil-date.ts';
import { parseSeriesTable, SeriesTableError } from './parse-series-table.ts';

/** Splits a small CSV literal into records (no quoting needed in these tests). */
const csv = (text: string): string[][] =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(';'));

const errorOf = (work: () => unknown): Error => {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('parseSeriesTable: the header', () => {
  it('names line 1 and the columns it found when ds or y is missing', () => {
    const error = errorOf(() => parseSeriesTable(csv('date;visits\n2024-01-01;5')));
    expect(error).toBeInstanceOf(SeriesTableError);
    expect(error.message).toBe('line 1: the header needs columns ds and y (found: date, visits)');
  });

  it('says the file is empty when there is no header', () => {
    expect(() => parseSeriesTable([])).toThrow(SeriesTableError);
    expect(() => parseSeriesTable([])).toThrow(/empty/);
  });

  it('finds ds and y in any case, any position, behind a byte-order mark', () => {
    const table = parseSeriesTable(csv('promo;Y;\uFEFFDS\n1;10;2024-01-01\n0;12;2024-01-02'));
    expect(table).toMatchObject({ frequency: 'daily', start: toDayNumber('2024-01-01'), y: [10, 12], futureSlots: 0, problems: [] });
    expect(table.covariates).toEqual([{ name: 'promo', values: [1, 0] }]);
  });
});

describe('parseSeriesTable: values', () => {
  it('reads an empty y in the middle as a missing value', () => {
    const table = parseSeriesTable(csv('ds;y\n2024-01-01;10\n2024-01-02;\n2024-01-03;NA\n2024-01-04;13'));
    expect(table.y).toEqual([10, null, null, 13]);
    expect(table.problems).toEqual([]);
  });

  it('reads rows after the last y as the future’s covariates', () => {
    const table = parseSeriesTable(csv('ds;y;promo\n2024-01-01;10;0\n2024-01-02;11;1\n2024-01-03;;1\n2024-01-04;;0\n2024-01-05;;1'));
    expect(table.y).toEqual([10, 11]);
    expect(table.futureSlots).toBe(3);
    expect(table.covariates).toEqual([{ name: 'promo', values: [0, 1, 1, 0, 1] }]);
  });

  it('sorts rows given out of order', () => {
    const table = parseSeriesTable(csv('ds;y\n2024-01-03;30\n2024-01-01;10\n2024-01-02;20'));
    expect(table.start).toBe(toDayNumber('2024-01-01'));
    expect(table.y).toEqual([10, 20, 30]);
  });

  it('fills gaps in ds with missing values on the grid', () => {
    const table = parseSeriesTable(csv('ds;y;temp\n2024-01-01;10;5\n2024-01-04;40;8'));
    expect(table.y).toEqual([10, null, null, 40]);
    expect(table.covariates).toEqual([{ name: 'temp', values: [5, null, null, 8] }]);
  });

  it('reads thousands separators, spaces and decimals as people write them', () => {
    const table = parseSeriesTable(csv('ds;y\n2024-01-01;1,234\n2024-01-02; 12 \n2024-01-03;1,234,567.5\n2024-01-04;-3.25'));
    expect(table.y).toEqual([1234, 12, 1234567.5, -3.25]);
    expect(table.problems).toEqual([]);
  });

  it('reports a bad y with its line, field and value, and reads it as missing', () => {
    const table = parseSeriesTable(csv('ds;y\n2024-01-01;10\n2024-01-02;ten\n2024-01-03;12,5\n2024-01-04;13'));
    expect(table.y).toEqual([10, null, null, 13]);
    expect(table.problems).toEqual([
      { line: 3, field: 'y', value: 'ten', reason: 'not a number; read as missing' },
      { line: 4, field: 'y', value: '12,5', reason: 'not a number; read as missing' },
    ]);
  });

  it('reports a bad covariate cell under the covariate’s name', () => {
    const table = parseSeriesTable(csv('ds;y;promo\n2024-01-01;10;x\n2024-01-02;11;1'));
    expect(table.problems).toEqual([{ line: 2, field: 'promo', value: 'x', reason: 'not a number; read as missing' }]);
    expect(table.covariates[0]?.values).toEqual([null, 1]);
  });
});

describe('parseSeriesTable: ds', () => {
  it('reports and skips a row whose ds is not a date, with the reason', () => {
    const table = parseSeriesTable(csv('ds;y\n2024-01-01;10\n2024-02-30;99\nsoon;98\n2024-01-02;11'));
    expect(table.y).toEqual([10, 11]);
    expect(table.problems).toEqual([
      { line: 3, field: 'ds', value: '2024-02-30', reason: 'no such date; row skipped' },
      { line: 4, field: 'ds', value: 'soon', reason: 'expected a date YYYY-MM-DD or an hour YYYY-MM-DD HH:00; row skipped' },
    ]);
  });

  it('keeps the first of two rows with the same ds and reports the second', () => {
    const table = parseSeriesTable(csv('ds;y\n2024-01-01;10\n2024-01-02;11\n2024-1-2;99'));
    expect(table.y).toEqual([10, 11]);
    expect(table.problems).toEqual([{ line: 4, field: 'ds', value: '2024-1-2', reason: 'repeats line 3; row skipped' }]);
  });

  it('reads hourly labels onto an hourly grid', () => {
    const table = parseSeriesTable(csv('ds;y\n2024-01-01 22:00;5\n2024-01-02T01:00:00;8'));
    expect(table.frequency).toBe('hourly');
    expect(table.start).toBe(toDayNumber('2024-01-01') * 24 + 22);
    expect(table.y).toEqual([5, null, null, 8]);
  });

  it('refuses daily and hourly labels mixed, naming the line', () => {
    const error = errorOf(() => parseSeriesTable(csv('ds;y\n2024-01-01;10\n2024-01-02;11\n2024-01-03 10:00;12')));
    expect(error).toBeInstanceOf(SeriesTableError);
    expect(error.message).toBe('line 4: ds 2024-01-03 10:00 is hourly but earlier rows are daily; use one or the other');
  });

  it('skips blank lines without counting them as problems, and keeps line numbers true', () => {
    const table = parseSeriesTable([['ds', 'y'], ['2024-01-01', '1'], [''], ['2024-01-02', 'x']]);
    expect(table.y).toEqual([1]);
    expect(table.problems).toEqual([{ line: 4, field: 'y', value: 'x', reason: 'not a number; read as missing' }]);
  });

  it('throws when no row has a usable ds, or no row has a y', () => {
    expect(() => parseSeriesTable(csv('ds;y\nnever;1'))).toThrow('no rows with a valid ds');
    expect(() => parseSeriesTable(csv('ds;y\n2024-01-01;\n2024-01-02;'))).toThrow('no row has a value in y');
  });
});
