/**
 * `flowsight query` — the metrics layer from the command line: metrics × dimensions × filters over a
 * period, with 环比/同比, as a table, JSON, CSV, XLSX or Markdown. Works through a running server
 * when it holds the database, with the same output.
 */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { DIMENSIONS } from '../../analysis/metrics/dimensions.ts';
import { METRICS } from '../../analysis/metrics/metrics.ts';
import { MAX_ANSWER_ROWS, parseMetricQuery, type MetricQueryInput } from '../../analysis/metrics/metric-query.ts';
import type { ResultTable } from '../../analysis/result-table.ts';
import { queryMetrics, type MetricsResult } from '../../query/query-metrics.ts';
import { exportTable } from '../../report/export/export-table.ts';
import { renderTextTable } from '../../report/format/render-text-table.ts';
import { CliError } from '../cli-error.ts';
import { withQueryErrors } from '../query-errors.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { accessStore, callServer } from '../store-access.ts';
import { writeOutput } from '../write-output.ts';

interface QueryFlags extends StoreFlags {
  metric?: string[];
  by?: string[];
  from?: string;
  to?: string;
  where?: string[];
  compare?: string;
  order?: string[];
  limit?: string;
  format?: 'table' | 'json' | 'csv' | 'xlsx' | 'md';
  out?: string;
  raw?: boolean;
  locale?: 'zh-CN' | 'en';
  list?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The catalog of metrics and dimensions, as text. */
function catalogText(): string {
  const lines = ['metrics:'];
  for (const m of Object.values(METRICS)) lines.push(`  ${m.name.padEnd(16)} ${m.zh} / ${m.en} — ${m.description}`);
  lines.push('', 'dimensions (--by, --where):');
  for (const d of Object.values(DIMENSIONS)) lines.push(`  ${d.name.padEnd(16)} ${d.zh} / ${d.en} — ${d.description}`);
  return lines.join('\n');
}

/** Writes an exported table to --out or stdout. */
export async function emitTable(
  table: ResultTable,
  format: 'csv' | 'xlsx' | 'md',
  out: string | undefined,
  sheetName: string,
): Promise<void> {
  const file = exportTable(table, format, { sheetName });
  if (out) {
    if (typeof file.body === 'string') await writeOutput(out, file.body);
    else {
      // writeOutput takes text: the file is created through it, so a path that cannot be written is
      // one line naming it and why, then the workbook's bytes are written into it.
      await writeOutput(out, '');
      await writeFile(out, file.body);
    }
    process.stderr.write(`wrote ${out}\n`);
    return;
  }
  if (format === 'xlsx' && process.stdout.isTTY) throw new CliError('XLSX is binary: give --out FILE.xlsx (or redirect stdout)', 2);
  process.stdout.write(file.body);
}

export function queryCommand(): Command {
  return withClientOptions(
    new Command('query').description('Query metrics by dimensions over a period, with period-over-period comparison.'),
  )
    .option('--metric <names>', 'metric(s), comma-separated or repeated (see --list)', collect)
    .option(
      '--by <dimensions>',
      'dimension(s) to split by: a time grain (hour, day, week, month, quarter, year) and/or province, channel…',
      collect,
    )
    .option('--from <date>', 'first day of the period, YYYY-MM-DD (in the configured zone)')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD (inclusive)')
    .option('--where <filter>', 'filter, repeatable: D=V, D=V1,V2 (in), D!=V1,V2 (not in), D=A..B, D>=A, D<=B', collect)
    .addOption(
      new Option('--compare <kind>', 'compare with the previous period (环比) or the same period last year (同比)').choices([
        'previous',
        'year',
      ]),
    )
    .option('--order <key[:asc|desc]>', 'sort by a metric or dimension, repeatable', collect)
    .option('--limit <n>', 'keep the first n rows (after sorting)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'xlsx', 'md']).default('table'))
    .option('--out <file>', 'write the output to a file')
    .option('--raw', 'answer from the raw tables even where a rollup could (for checking)')
    .addOption(new Option('--locale <locale>', 'labels and number format').choices(['zh-CN', 'en']).default('zh-CN'))
    .option('--list', 'list the metrics and dimensions with their definitions')
    .addHelpText(
      'after',
      '\nexample:\n  flowsight query --metric orders,revenue --by day,province --from 2024-05-01 --to 2024-05-05 --where channel=wechat --compare year',
    )
    .action(async (flags: QueryFlags) => {
      if (flags.list) {
        if (flags.json || flags.format === 'json') printJson({ metrics: Object.values(METRICS), dimensions: Object.values(DIMENSIONS) });
        else process.stdout.write(`${catalogText()}\n`);
        return;
      }
      const format = flags.json ? 'json' : (flags.format ?? 'table');
      const input: MetricQueryInput = {
        metric: flags.metric,
        by: flags.by,
        from: flags.from,
        to: flags.to,
        where: flags.where,
        compare: flags.compare,
        order: flags.order,
        limit: flags.limit,
      };
      const query = await withQueryErrors(() => parseMetricQuery(input));
      const config = configFrom(flags);
      const access = await accessStore(config, { waitMs: lockWaitMs(flags), onWait: (message) => process.stderr.write(`${message}\n`) });
      let result: MetricsResult;
      if (access.mode === 'local') {
        try {
          result = await withQueryErrors(() =>
            queryMetrics(
              access.store,
              query,
              {},
              { timeZone: config.timeZone, rawOnly: flags.raw, locale: flags.locale, maxRows: MAX_ANSWER_ROWS },
            ),
          );
        } finally {
          await access.store.close();
        }
      } else {
        const response = await callServer(access.server, '/api/v1/query', {
          method: 'POST',
          // The zone this command cuts days in (its --time-zone or the configured one), as locally.
          body: JSON.stringify({ ...input, raw: flags.raw === true, locale: flags.locale, timeZone: config.timeZone }),
        });
        result = (await response.json()) as MetricsResult;
      }
      if (format === 'json') {
        if (flags.out) await writeOutput(flags.out, `${JSON.stringify(result, null, 2)}\n`);
        else printJson(result);
        return;
      }
      if (format !== 'table') return emitTable(result, format, flags.out, 'query');
      const notes = (result.notes ?? []).map((note) => `note: ${note}\n`).join('');
      const text = `${renderTextTable(result, { locale: flags.locale })}\n\n${result.rows.length} rows · ${Object.entries(result.sources)
        .map(([fact, source]) => `${fact} from ${source}`)
        .join(', ')} · ${Math.round(result.elapsedMs)} ms · zone ${result.timeZone}\n${notes}`;
      if (flags.out) await writeOutput(flags.out, text);
      else process.stdout.write(text);
    });
}
