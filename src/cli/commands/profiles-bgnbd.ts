/**
 * `flowsight profiles bgnbd` — fits the BG/NBD repeat-buying model (and, when amounts are given, the
 * gamma-gamma spend model) to a transaction CSV up to a calibration end date, then checks it on the
 * holdout period after that date: predicted against actual purchases, in total and by calibration
 * frequency, as in Fader, Hardie & Lee (2005). Time is in weeks.
 */
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { bgNbdDataProblem, BGNBD_MINIMUM, fitBgNbd, type BgNbdFit } from '../../analysis/profiles/bgnbd.ts';
import { fitGammaGamma, populationMeanSpend, type GammaGammaFit } from '../../analysis/profiles/gamma-gamma.ts';
import { compareHoldout, type HoldoutComparison } from '../../analysis/profiles/holdout-comparison.ts';
import { summariseTransactions, type Transaction } from '../../analysis/profiles/transaction-summary.ts';
import { addDays, isCivilDate } from '../../domain/calendar/civil-date.ts';
import { parseCsvRecords } from '../../util/parse-csv-records.ts';
import { CliError } from '../cli-error.ts';
import { printJson } from '../common-options.ts';

interface Flags {
  input?: string;
  calibrationEnd?: string;
  holdoutEnd?: string;
  json?: boolean;
}

/** A row that was skipped, with its line in the file. */
interface RowProblem {
  readonly line: number;
  readonly reason: string;
}

/** Transactions read from the file, what was wrong with the rest, and the last date seen. */
interface TransactionFile {
  readonly transactions: Transaction[];
  readonly hasAmounts: boolean;
  readonly problems: RowProblem[];
  readonly firstDate: string | undefined;
  readonly lastDate: string | undefined;
}

/** Bad rows printed one by one before the rest are only counted. */
const PROBLEMS_SHOWN = 20;

/**
 * Header names of each column, first match wins: the English names, and the Chinese ones of the
 * design document's order table (用户ID, 支付日期 — a purchase is dated by its payment —, 订单金额).
 */
const COLUMN_NAMES = {
  customer_id: ['customer_id', '用户id', '用户编号', '客户id', '顾客id'],
  date: ['date', '日期', '购买日期', '交易日期', '支付日期'],
  amount: ['amount', '金额', '订单金额', '消费金额'],
} as const;

const columnOf = (names: readonly string[], column: keyof typeof COLUMN_NAMES): number =>
  COLUMN_NAMES[column].map((name) => names.indexOf(name)).find((at) => at >= 0) ?? -1;

/** Reads `customer_id,date[,amount]` records (header first, any column order, other columns ignored); record i is line i + 1. */
function toTransactions(path: string, records: string[][]): TransactionFile {
  const [header = [], ...rows] = records;
  const names = header.map((name) => name.trim().toLowerCase());
  const idAt = columnOf(names, 'customer_id');
  const dateAt = columnOf(names, 'date');
  const amountAt = columnOf(names, 'amount');
  if (idAt < 0 || dateAt < 0) {
    throw new CliError(
      `${path}:1: the header needs columns customer_id (or 用户ID) and date (or 日期, 支付日期) (found: ${header.join(', ') || 'nothing'})`,
      1,
    );
  }
  const transactions: Transaction[] = [];
  const problems: RowProblem[] = [];
  let firstDate: string | undefined;
  let lastDate: string | undefined;
  for (const [index, fields] of rows.entries()) {
    const line = index + 2;
    if (fields.length === 1 && fields[0]?.trim() === '') continue;
    const customerId = fields[idAt]?.trim() ?? '';
    // Timestamps are welcome: their first ten characters are the day.
    const date = (fields[dateAt] ?? '').trim().slice(0, 10);
    const amountText = amountAt >= 0 ? (fields[amountAt] ?? '').trim() : '';
    const amount = amountText === '' ? undefined : Number(amountText);
    if (customerId === '') problems.push({ line, reason: 'no customer_id' });
    else if (!isCivilDate(date)) problems.push({ line, reason: `date "${fields[dateAt] ?? ''}" is not YYYY-MM-DD` });
    else if (amount !== undefined && !(Number.isFinite(amount) && amount >= 0))
      problems.push({ line, reason: `amount "${amountText}" is not a number ≥ 0` });
    else {
      transactions.push(amount === undefined ? { customerId, date } : { customerId, date, amount });
      if (lastDate === undefined || date > lastDate) lastDate = date;
      if (firstDate === undefined || date < firstDate) firstDate = date;
    }
  }
  return { transactions, hasAmounts: amountAt >= 0, problems, firstDate, lastDate };
}

async function readTransactionFile(path: string): Promise<TransactionFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, 1);
  }
  let records: string[][];
  try {
    // Spreadsheet exports start with a byte-order mark, which is no part of the first column's name.
    records = parseCsvRecords(text.startsWith('\ufeff') ? text.slice(1) : text);
  } catch (error) {
    if (error instanceof SyntaxError) throw new CliError(`${path}: ${error.message}`, 1);
    throw error;
  }
  const file = toTransactions(path, records);
  for (const p of file.problems.slice(0, PROBLEMS_SHOWN)) process.stderr.write(`${path}:${p.line}: ${p.reason}; row skipped\n`);
  if (file.problems.length > PROBLEMS_SHOWN)
    process.stderr.write(`${path}: ${file.problems.length - PROBLEMS_SHOWN} more bad rows skipped (${file.problems.length} in all)\n`);
  return file;
}

function dateFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isCivilDate(value)) throw new CliError(`${flag} must be a date YYYY-MM-DD, got "${value}"`, 2);
  return value;
}

/** Four significant digits: enough to compare with published estimates. */
const sig = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v));
const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

function fitLines(fit: BgNbdFit, spend: GammaGammaFit | undefined): string[] {
  const se = fit.standardErrors;
  const lines = [
    `BG/NBD (time in weeks): r ${sig(fit.r)} (se ${sig(se.r)})  alpha ${sig(fit.alpha)} (se ${sig(se.alpha)})  a ${sig(fit.a)} (se ${sig(se.a)})  b ${sig(fit.b)} (se ${sig(se.b)})`,
    `  log-likelihood ${fixed(fit.logLikelihood, 2)} over ${fit.customers} customers`,
  ];
  if (!fit.converged) lines.push(`  NOT CONVERGED — do not trust these estimates or the predictions below: ${fit.problems.join('; ')}`);
  if (spend) {
    const s = spend.standardErrors;
    lines.push(
      `Gamma-gamma spend: p ${sig(spend.p)} (se ${sig(s.p)})  q ${sig(spend.q)} (se ${sig(s.q)})  gamma ${sig(spend.gamma)} (se ${sig(s.gamma)})`,
      `  log-likelihood ${fixed(spend.logLikelihood, 2)} over ${spend.customers} customers with repeat purchases; mean spend per purchase ${sig(populationMeanSpend(spend))}; correlation of frequency and spend ${fixed(spend.frequencySpendCorrelation, 3)}`,
    );
  }
  return lines;
}

function holdoutLines(comparison: HoldoutComparison, from: string, to: string): string[] {
  const head = ['repeat purchases', 'customers', 'actual', 'predicted', 'actual/customer', 'predicted/customer'];
  const rows: { label: string; customers: number; actual: number; predicted: number }[] = [
    ...comparison.buckets,
    { label: 'total', customers: comparison.customers, actual: comparison.actual, predicted: comparison.predicted },
  ];
  const cells = rows.map((b) => [
    b.label,
    String(b.customers),
    String(b.actual),
    fixed(b.predicted, 1),
    b.customers > 0 ? fixed(b.actual / b.customers, 3) : '',
    b.customers > 0 ? fixed(b.predicted / b.customers, 3) : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (r: readonly string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [
    `Holdout ${from} to ${to} (${fixed(comparison.holdoutWeeks, 1)} weeks): predicted against actual purchases by calibration repeat purchases`,
    line(head),
    ...cells.map(line),
  ];
}

/** `bgnbd`: fit BG/NBD (and gamma-gamma) on a transaction CSV and compare with the holdout period. */
export function profilesBgnbdCommand(): Command {
  return new Command('bgnbd')
    .description(
      'Fit the BG/NBD repeat-buying model (and gamma-gamma spend when amounts are given) to transactions up to a calibration end, then compare predicted with actual purchases in the holdout period after it.',
    )
    .option(
      '--input <file>',
      'CSV with columns customer_id (or 用户ID), date (or 日期, 支付日期; YYYY-MM-DD or a timestamp) and optional amount (or 金额, 订单金额)',
    )
    .option('--calibration-end <date>', 'last day of the calibration period (YYYY-MM-DD)')
    .option('--holdout-end <date>', 'last day of the holdout period (default: the last date in the file)')
    .option('--json', 'print one JSON document instead of text')
    .addHelpText(
      'after',
      `
Same-day purchases of a customer count as one (amounts added). Customers whose first purchase comes
after the calibration end are left out. The fit is refused with fewer than ${BGNBD_MINIMUM.customers} customers or fewer
than ${BGNBD_MINIMUM.repeatBuyers} with a repeat purchase in the calibration period; a fit that ends on a boundary
(an estimate beyond 10^±6) or without finite standard errors is reported as not converged, with why. Rows with no customer_id, a bad date or a negative or
non-numeric amount are reported as FILE:LINE and skipped; an empty amount counts the purchase without
a value.`,
    )
    .action(async (flags: Flags) => {
      if (!flags.input) throw new CliError('give the transactions with --input FILE.csv (columns customer_id,date[,amount])', 2);
      const calibrationEnd = dateFlag('--calibration-end', flags.calibrationEnd);
      if (!calibrationEnd) throw new CliError('give the last day of the calibration period with --calibration-end YYYY-MM-DD', 2);
      const givenHoldoutEnd = dateFlag('--holdout-end', flags.holdoutEnd);
      if (givenHoldoutEnd !== undefined && givenHoldoutEnd <= calibrationEnd)
        throw new CliError(`--holdout-end ${givenHoldoutEnd} must come after --calibration-end ${calibrationEnd}`, 2);
      const file = await readTransactionFile(flags.input);
      const holdoutEnd = givenHoldoutEnd ?? (file.lastDate !== undefined && file.lastDate > calibrationEnd ? file.lastDate : undefined);
      const summary = summariseTransactions(file.transactions, { calibrationEnd, holdoutEnd });
      if (summary.customers.length === 0)
        throw new CliError(`${flags.input}: no customer made a first purchase on or before ${calibrationEnd}`, 1);
      const tooLittle = bgNbdDataProblem(summary.customers);
      if (tooLittle)
        throw new CliError(
          `${flags.input}: too little to fit BG/NBD with the calibration period ${file.firstDate ?? calibrationEnd} to ${calibrationEnd}: ${tooLittle}. Choose a later --calibration-end or a longer file.`,
          1,
        );
      const fit = fitBgNbd(summary.customers);
      if (!fit.converged) process.stderr.write(`warning: the BG/NBD fit is not trustworthy: ${fit.problems.join('; ')}\n`);
      let spend: GammaGammaFit | undefined;
      if (file.hasAmounts) {
        try {
          spend = fitGammaGamma(summary.customers);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          process.stderr.write('note: no customer has a repeat purchase with an amount; no spend model\n');
        }
      }
      const comparison = holdoutEnd === undefined ? undefined : compareHoldout(fit, summary.customers, summary.holdoutWeeks);
      if (flags.json) {
        printJson({
          input: flags.input,
          timeUnit: 'weeks',
          calibrationEnd,
          holdoutEnd: holdoutEnd ?? null,
          customers: summary.customers.length,
          laterCustomers: summary.laterCustomers,
          skippedRows: file.problems.length,
          bgnbd: fit,
          gammaGamma: spend ? { ...spend, meanSpend: populationMeanSpend(spend) } : null,
          holdout: comparison ?? null,
        });
        return;
      }
      const lines = [
        `${summary.customers.length} customers with a first purchase on or before ${calibrationEnd}` +
          (summary.laterCustomers > 0 ? ` (${summary.laterCustomers} later customers left out)` : ''),
        ...fitLines(fit, spend),
      ];
      if (comparison && holdoutEnd) lines.push('', ...holdoutLines(comparison, addDays(calibrationEnd, 1), holdoutEnd));
      else lines.push('', `no holdout: the file has no purchases after ${calibrationEnd}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
