/**
 * `flowsight report <orders|logs>` — the order analysis report or the system-log report for a period,
 * as one self-contained HTML file, Markdown for chat, or JSON. Through the running server when it
 * holds the database, in the same zone, so the output is the same either way.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import type { LogReport, OrderReport } from '../../analysis/reports/report-model.ts';
import { buildLogReport, buildOrderReport } from '../../query/build-reports.ts';
import { parseReportRequest, REPORT_KINDS } from '../../query/report-request.ts';
import { renderReport } from '../../report/render/render-report.ts';
import { CliError } from '../cli-error.ts';
import { withQueryErrors } from '../query-errors.ts';
import { configFrom, lockWaitMs, withClientOptions, type StoreFlags } from '../common-options.ts';
import { accessStore, callServer } from '../store-access.ts';
import { writeOutput } from '../write-output.ts';

interface ReportFlags extends StoreFlags {
  from?: string;
  to?: string;
  where?: string[];
  format?: string;
  out?: string;
  locale?: 'zh-CN' | 'en';
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Refuses, before the report is built, an output path whose directory is missing or not a directory,
 * or that is a directory itself. The failing write says why in writeOutput's words, and changes
 * nothing, since such a path cannot be created.
 */
async function checkOutputPath(path: string): Promise<void> {
  const [directory, target] = await Promise.all([stat(dirname(path)).catch(() => undefined), stat(path).catch(() => undefined)]);
  if (!directory?.isDirectory() || target?.isDirectory()) await writeOutput(path, '');
}

export function reportCommand(): Command {
  return withClientOptions(new Command('report').description('Build the order analysis report or the system-log report for a period.'))
    .addArgument(new Command().createArgument('<kind>', `report: ${REPORT_KINDS.join(' or ')}`).choices(REPORT_KINDS))
    .option('--from <date>', 'first day, YYYY-MM-DD (default: 7 days before --to, or 7 days ago)')
    .option('--to <date>', 'last day, YYYY-MM-DD, inclusive (default: yesterday, at most 366 days after --from)')
    .option('--where <filter>', 'filter, repeatable, as in `flowsight query` (e.g. province=广东, channel=wechat,app)', collect)
    .addOption(
      new Option('--format <format>', 'html (one self-contained file), md (chat) or json').choices(['html', 'md', 'json']).default('html'),
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .addOption(new Option('--locale <locale>', 'language').choices(['zh-CN', 'en']).default('zh-CN'))
    .addHelpText('after', '\nexample:\n  flowsight report orders --from 2024-10-01 --to 2024-10-07 --format html --out golden-week.html')
    .action(async (kind: string, flags: ReportFlags) => {
      const config = configFrom(flags);
      const format = flags.json ? 'json' : flags.format;
      const request = await withQueryErrors(() =>
        parseReportRequest({ kind, from: flags.from, to: flags.to, where: flags.where, format, locale: flags.locale }, config.timeZone),
      );
      if (flags.out) await checkOutputPath(flags.out);
      const access = await accessStore(config, { waitMs: lockWaitMs(flags), onWait: (message) => process.stderr.write(`${message}\n`) });
      let report: OrderReport | LogReport;
      if (access.mode === 'local') {
        try {
          const build = request.kind === 'orders' ? buildOrderReport : buildLogReport;
          report = await withQueryErrors<OrderReport | LogReport>(() =>
            build(
              access.store,
              { period: request.period, where: request.where, locale: request.locale },
              { timeZone: request.timeZone, locale: request.locale },
            ),
          );
        } finally {
          await access.store.close();
        }
      } else {
        const params = new URLSearchParams({
          from: request.period.from,
          to: request.period.to,
          format: 'json',
          locale: request.locale,
          timeZone: request.timeZone,
        });
        for (const filter of flags.where ?? []) params.append('where', filter);
        report = (await (await callServer(access.server, `/api/v1/reports/${request.kind}?${params}`)).json()) as OrderReport | LogReport;
        // A server that does not take the zone answers in its own: say so rather than print other days.
        if (report.timeZone !== request.timeZone)
          throw new CliError(
            `the running server at ${access.server.url} built the report in ${report.timeZone}, not ${request.timeZone}; ask with --time-zone ${report.timeZone} or stop the server`,
          );
      }
      const { body } = renderReport(report, request.format, request.locale);
      if (flags.out) {
        await writeOutput(flags.out, body);
        process.stderr.write(`wrote ${flags.out} (${request.kind} report, ${report.period.from} … ${report.period.to})\n`);
      } else process.stdout.write(body);
    });
}
