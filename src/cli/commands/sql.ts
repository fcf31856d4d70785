/**
 * `flowsight sql "SELECT …"` — the analyst SQL console: one read-only SELECT on a locked-down
 * connection (no file access, no ATTACH/INSTALL/COPY, configuration locked), with a timeout and a row
 * limit. Through the running server when it holds the database.
 */
import { Command, Option } from 'commander';
import type { AnalystResult } from '../../store/store.ts';
import { renderTextTable } from '../../report/format/render-text-table.ts';
import { CliError } from '../cli-error.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { accessStore, callServer } from '../store-access.ts';
import { emitTable } from './query.ts';

interface SqlFlags extends StoreFlags {
  format: 'table' | 'json' | 'csv' | 'xlsx';
  out?: string;
  timeout: string;
  rowLimit: string;
}

export function sqlCommand(): Command {
  return withClientOptions(new Command('sql').description('Run one read-only SELECT on the analyst SQL console.'))
    .argument('<query>', 'one SELECT statement over users, orders, events, logs, catalog, weather, venues and the rollup_* tables')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'xlsx']).default('table'))
    .option('--out <file>', 'write the output to a file')
    .option('--timeout <seconds>', 'statement timeout', '10')
    .option('--row-limit <n>', 'rows to return at most', '10000')
    .addHelpText('after', `\nexample:\n  flowsight sql "SELECT channel, count(*) AS orders FROM orders GROUP BY ALL ORDER BY 2 DESC"`)
    .action(async (text: string, flags: SqlFlags) => {
      const timeoutMs = Number(flags.timeout) * 1000;
      const rowLimit = Number(flags.rowLimit);
      if (!(timeoutMs > 0 && timeoutMs <= 600_000)) throw new CliError(`--timeout must be 1–600 seconds, got "${flags.timeout}"`, 2);
      if (!Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > 1_000_000)
        throw new CliError(`--row-limit must be a whole number 1–1000000, got "${flags.rowLimit}"`, 2);
      const access = await accessStore(configFrom(flags), {
        waitMs: lockWaitMs(flags),
        onWait: (message) => process.stderr.write(`${message}\n`),
      });
      let result: AnalystResult;
      if (access.mode === 'local') {
        try {
          result = await access.store.analystSql(text, { timeoutMs, rowLimit });
        } finally {
          await access.store.close();
        }
      } else {
        const response = await fetch(new URL('/api/v1/sql', access.server.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${access.server.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sql: text, timeoutMs, rowLimit }),
        }).catch((error: unknown) => callServer(access.server, '/healthz').then(() => Promise.reject(error)));
        const body = (await response.json()) as AnalystResult | { error: { code: string; message: string } };
        result =
          'error' in body ? { ok: false, code: body.error.code.replace(/^sql_/, '') as 'refused', message: body.error.message } : body;
      }
      if (!result.ok) throw new CliError(result.message, result.code === 'error' ? 1 : 2);
      const format = flags.json ? 'json' : flags.format;
      if (format === 'json') return printJson(result);
      if (format === 'csv' || format === 'xlsx') return emitTable(result.table, format, flags.out, 'sql');
      process.stdout.write(
        `${renderTextTable(result.table)}\n\n${result.table.rows.length} rows${result.truncated ? ` (truncated at --row-limit ${rowLimit})` : ''} · ${Math.round(result.elapsedMs)} ms\n`,
      );
    });
}
