/**
 * `flowsight forecast` — forecasts any series from a CSV (`ds,y[,covariates…]`), back-tests the
 * forecaster on it, or forecasts the customer flow held in the store (`forecast flow`).
 */
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import {
  forecastSeries,
  futureCovariateGaps,
  horizonNotes,
  maxHorizon,
  type SeriesForecast,
} from '../../analysis/forecast/forecast-series.ts';
import { slotLabel } from '../../analysis/forecast/time-grid.ts';
import { parseSeriesTable, SeriesTableError, type SeriesTable } from '../../analysis/forecast/parse-series-table.ts';
import { parseCsvRecords } from '../../util/parse-csv-records.ts';
import { CliError } from '../cli-error.ts';
import { writeOutput } from '../write-output.ts';
import { printJson } from '../common-options.ts';
import { choiceOption, flowForecastCommand, formatMase } from './forecast-flow.ts';

interface FileFlags {
  input?: string;
  horizon?: string;
  holidays?: 'cn' | 'none';
  windows?: string;
  json?: boolean;
}

/** Reads and checks the input table, printing cell problems to stderr. */
export async function readSeriesFile(path: string | undefined): Promise<SeriesTable> {
  if (!path) throw new CliError('give the series with --input FILE.csv (columns ds,y and optional covariates)', 2);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, 1);
  }
  let table: SeriesTable;
  try {
    table = parseSeriesTable(parseCsvRecords(text));
  } catch (error) {
    if (error instanceof SeriesTableError || error instanceof SyntaxError) throw new CliError(`${path}: ${error.message}`, 1);
    throw error;
  }
  for (const p of table.problems) process.stderr.write(`${path}:${p.line}: ${p.field} "${p.value}": ${p.reason}\n`);
  return table;
}

/** Parses --horizon for the table's frequency; defaults to the future rows given, else 28 days / 48 hours. */
function horizonOf(flags: FileFlags, table: SeriesTable): number {
  const fallback = table.futureSlots > 0 ? table.futureSlots : table.frequency === 'daily' ? 28 : 48;
  const horizon = flags.horizon === undefined ? fallback : Number(flags.horizon);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > maxHorizon(table.frequency)) {
    throw new CliError(
      `--horizon must be a whole number from 1 to ${maxHorizon(table.frequency)} for ${table.frequency} data, got "${flags.horizon}"`,
      2,
    );
  }
  return horizon;
}

/** Parses --windows: a whole number of back-test windows from 1 to 52. */
function windowsOf(flags: FileFlags): number {
  const windows = Number(flags.windows ?? '4');
  if (!Number.isInteger(windows) || windows < 1 || windows > 52) {
    throw new CliError(`--windows must be a whole number from 1 to 52, got "${flags.windows}"`, 2);
  }
  return windows;
}

/** `733–740, 745`: line numbers as runs. */
function lineRuns(lines: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === (lines[j] as number) + 1) j++;
    runs.push(i === j ? String(lines[i]) : `${lines[i]}–${lines[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/**
 * One note per covariate without a value on some forecast slots: which column, which CSV lines (or
 * slots past the file's last row), and the value assumed there. A note, not an error: a covariate
 * not known for every future day is common (a promotion calendar that stops), and the forecast is
 * still useful; but it must not look as if the value had been given.
 */
function covariateNotes(table: SeriesTable, horizon: number): string[] {
  const unit = table.frequency === 'daily' ? 'days' : 'hours';
  return futureCovariateGaps({ frequency: table.frequency, start: table.start, y: table.y, covariates: table.covariates }, horizon).map(
    (gap) => {
      const blank: number[] = [];
      const noRow: number[] = [];
      for (const step of gap.steps) {
        const line = table.lines[step - table.start];
        if (line == null) noRow.push(step);
        else blank.push(line);
      }
      const where = [
        blank.length > 0 ? `is empty on line${blank.length > 1 ? 's' : ''} ${lineRuns(blank)}` : '',
        noRow.length > 0
          ? `has no row for ${noRow.length} forecast ${unit} (${slotLabel(noRow[0]!, table.frequency)}${
              noRow.length > 1 ? ` to ${slotLabel(noRow.at(-1)!, table.frequency)}` : ''
            })`
          : '',
      ].filter(Boolean);
      const assumed = Math.round(gap.assumed * 1e4) / 1e4;
      return `covariate ${gap.name} ${where.join(' and ')}: its historical mean, ${assumed}, is assumed there (no effect either way); give its future values to forecast their effect`;
    },
  );
}

function runForecast(table: SeriesTable, horizon: number, flags: FileFlags, windows?: number): SeriesForecast {
  const forecast = forecastSeries(
    { frequency: table.frequency, start: table.start, y: table.y, covariates: table.covariates },
    { horizon, holidays: (flags.holidays ?? 'cn') === 'cn', windows },
  );
  return { ...forecast, notes: [...covariateNotes(table, horizon), ...forecast.notes] };
}

const fixed = (value: number): string => (Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6) : '');

/** The back-test scores as text lines. */
function backtestLines(forecast: SeriesForecast): string[] {
  const bt = forecast.backtest;
  // Without a back-test the fallback or the notes say why.
  if (!bt) return forecast.fallback ? [forecast.fallback] : [];
  const lines = [
    `rolling origin: ${bt.windows} windows of ${bt.horizon} ${forecast.frequency === 'daily' ? 'days' : 'hours'}, origins ${bt.origins.join(', ')}`,
    `${'method'.padEnd(16)} ${'MASE'.padStart(8)} ${'sMAPE %'.padStart(9)}`,
  ];
  for (const s of bt.scores) lines.push(`${s.method.padEnd(16)} ${formatMase(s.mase).padStart(8)} ${s.smape.toFixed(2).padStart(9)}`);
  const chosen = forecast.method === 'combined' ? `combined (${forecast.combines.join(' + ')})` : forecast.method;
  lines.push(
    `selected: ${chosen}, MASE ${formatMase(bt.selected.mase)}${bt.seasonalNaive ? ` vs seasonal naive ${formatMase(bt.seasonalNaive.mase)}` : ''}`,
  );
  return lines;
}

const noteLines = (forecast: SeriesForecast): string[] => forecast.notes.map((note) => `note: ${note}`);

export function forecastCommand(): Command {
  const command = new Command('forecast')
    // `forecast flow --horizon` and `forecast backtest --horizon` are the subcommands' own flags.
    .enablePositionalOptions()
    .description(
      'Forecast a series from a CSV (ds,y[,covariates]) with Chinese holidays; see also `forecast flow` and `forecast backtest`.',
    )
    .option('--input <file>', 'CSV with columns ds (YYYY-MM-DD or YYYY-MM-DD HH:00), y, and optional numeric covariates')
    .option('--horizon <n>', 'slots to forecast (days or hours; default: the future rows given, else 28 days / 48 hours)')
    .option('--out <file>', 'write ds,yhat,yhat_lower,yhat_upper here (default stdout)')
    .addOption(choiceOption('--level <percent>', 'prediction interval of yhat_lower/yhat_upper', ['80', '95']).default('80'))
    .addOption(choiceOption('--holidays <calendar>', 'holiday calendar', ['cn', 'none']).default('cn'))
    .option('--windows <n>', 'back-test windows used to choose the method and size the bands', '4')
    .option('--json', 'print one JSON document (forecast, components, back-test, effects)')
    .action(async (flags: FileFlags & { out?: string; level: '80' | '95' }) => {
      const windows = windowsOf(flags);
      const table = await readSeriesFile(flags.input);
      const forecast = runForecast(table, horizonOf(flags, table), flags, windows);
      if (flags.json) {
        printJson(forecast);
        return;
      }
      const lower = flags.level === '95' ? 'lower95' : 'lower80';
      const upper = flags.level === '95' ? 'upper95' : 'upper80';
      const csv =
        [
          'ds,yhat,yhat_lower,yhat_upper',
          ...forecast.points.map((p) => `${p.ds},${fixed(p.yhat)},${fixed(p[lower])},${fixed(p[upper])}`),
        ].join('\n') + '\n';
      if (flags.out) {
        await writeOutput(flags.out, csv);
        for (const line of backtestLines(forecast)) process.stderr.write(`${line}\n`);
        process.stderr.write(`wrote ${forecast.points.length} rows to ${flags.out}\n`);
      } else {
        process.stdout.write(csv);
      }
      // Notes go to stderr, so the CSV on stdout stays a CSV.
      for (const line of noteLines(forecast)) process.stderr.write(`${line}\n`);
    });

  command.addCommand(
    new Command('backtest')
      .description('Score the forecaster on a CSV series by rolling origin: MASE and sMAPE per method against seasonal naive.')
      .option('--input <file>', 'CSV with columns ds, y and optional covariates')
      .option('--horizon <n>', 'slots each window forecasts (default 28 days / 48 hours)')
      .option('--windows <n>', 'number of rolling-origin windows', '4')
      .addOption(choiceOption('--holidays <calendar>', 'holiday calendar', ['cn', 'none']).default('cn'))
      .option('--json', 'print one JSON document')
      .action(async (flags: FileFlags) => {
        const windows = windowsOf(flags);
        const table = await readSeriesFile(flags.input);
        const horizon = horizonOf(
          { ...flags, horizon: flags.horizon ?? (table.frequency === 'daily' ? '28' : '48') },
          { ...table, futureSlots: 0 },
        );
        const holidays = (flags.holidays ?? 'cn') === 'cn';
        const forecast = forecastSeries(
          { frequency: table.frequency, start: table.start, y: table.y, covariates: table.covariates },
          { horizon, holidays, windows, backtestHorizon: horizon },
        );
        // Only the back-test's notes: the forecast after the history is not shown here.
        const futureOnly = new Set(horizonNotes(forecast, holidays));
        const notes = forecast.notes.filter((note) => !futureOnly.has(note));
        if (flags.json)
          printJson({
            frequency: forecast.frequency,
            history: forecast.history,
            method: forecast.method,
            combines: forecast.combines,
            backtest: forecast.backtest,
            fallback: forecast.fallback,
            notes,
          });
        else for (const line of [...backtestLines(forecast), ...notes.map((note) => `note: ${note}`)]) process.stdout.write(`${line}\n`);
      }),
  );
  command.addCommand(flowForecastCommand());
  return command;
}
