/**
 * `flowsight sql "SELECT …"` — the analyst SQL console: one read-only SELECT on a locked-down
 * connection (no file access, no ATTACH/INSTALL/COPY, configuration locked), with a timeout, a row
 * limit and a byte limit. Through the running server when it holds the database.
 */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { renderTextTable } from '../../report/format/render-text-table.ts';
import type { ServerInfo } from '../../server/server-info.ts';
import type { AnalystAnswer } from '../../store/duckdb/analyst-sql.ts';
import { CliError } from '../cli-error.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { accessStore, fetchServer } from '../store-access.ts';
import { emitTable } from './query.ts';

interface SqlFlags extends StoreFlags {
  format: 'table' | 'json' | 'csv' | 'xlsx';
  out?: string;
  timeout: string;
  rowLimit: string;
}

/** The console's limits when the command opens the store itself. */
const LOCAL_LIMITS = { maxTimeoutSeconds: 600, maxRows: 1_000_000 };

export function sqlCommand(): Command {
  return withClientOptions(new Command('sql').description('Run one read-only SELECT on the analyst SQL console.'))
    .argument('<query>', 'one SELECT statement over users, orders, events, logs, catalog, weather, venues and the rollup_* tables')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'xlsx']).default('table'))
    .option('--out <file>', 'write the output to a file')
    .option('--timeout <seconds>', 'statement timeout (at most 600; 60 through a running server)', '10')
    .option('--row-limit <n>', 'rows to return at most (at most 1000000; 100000 through a running server)', '10000')
    .addHelpText(
      'after',
      `\nA result cut by the row limit or by the 64 MiB byte limit is still written (exit status 0), with a
warning on stderr (or a note under the table) saying which limit cut it.

example:
  flowsight sql "SELECT channel, count(*) AS orders FROM orders GROUP BY ALL ORDER BY 2 DESC"`,
    )
    .action(async (text: string, flags: SqlFlags) => {
      const timeoutMs = Number(flags.timeout) * 1000;
      const rowLimit = Number(flags.rowLimit);
      if (!(timeoutMs > 0 && timeoutMs <= LOCAL_LIMITS.maxTimeoutSeconds * 1000))
        throw new CliError(`--timeout must be 1–${LOCAL_LIMITS.maxTimeoutSeconds} seconds, got "${flags.timeout}"`, 2);
      if (!Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > LOCAL_LIMITS.maxRows)
        throw new CliError(`--row-limit must be a whole number 1–${LOCAL_LIMITS.maxRows}, got "${flags.rowLimit}"`, 2);
      const access = await accessStore(configFrom(flags), {
        waitMs: lockWaitMs(flags),
        onWait: (message) => process.stderr.write(`${message}\n`),
      });
      // Loaded here, not at the top: they load DuckDB, which `accessStore` has just done.
      const { toAnalystAnswer } = await import('../../store/duckdb/analyst-sql.ts');
      const { SQL_API_LIMITS } = await import('../../server/routes/sql.ts');
      let answer: AnalystAnswer;
      if (access.mode === 'local') {
        try {
          const result = await access.store.analystSql(text, { timeoutMs, rowLimit });
          if (!result.ok) throw new CliError(result.message, result.code === 'error' ? 1 : 2);
          answer = toAnalystAnswer(result, rowLimit);
        } finally {
          await access.store.close();
        }
      } else {
        answer = await askServer(access.server, { sql: text, timeoutMs, rowLimit }, flags);
      }
      const format = flags.json ? 'json' : flags.format;
      const mostRows = access.mode === 'local' ? `${LOCAL_LIMITS.maxRows}` : `${SQL_API_LIMITS.maxRows} through the running server`;
      if (format !== 'table' && answer.truncated) process.stderr.write(`${truncationWarning(answer, mostRows)}\n`);
      if (format === 'json') {
        if (!flags.out) return printJson(answer);
        await writeFile(flags.out, `${JSON.stringify(answer, null, 2)}\n`);
        process.stderr.write(`wrote ${flags.out}\n`);
        return;
      }
      if (format === 'csv' || format === 'xlsx') return emitTable(answer.table, format, flags.out, 'sql');
      const note =
        answer.truncatedBy === 'rowLimit'
          ? ` (truncated at --row-limit ${answer.rowLimit})`
          : answer.truncatedBy === 'byteLimit'
            ? ` (truncated at the ${mebibytes(answer.byteLimit)} result limit)`
            : '';
      const table = `${renderTextTable(answer.table)}\n\n${answer.table.rows.length} rows${note} · ${Math.round(answer.elapsedMs)} ms\n`;
      if (!flags.out) return void process.stdout.write(table);
      await writeFile(flags.out, table);
      process.stderr.write(`wrote ${flags.out}\n`);
    });
}

/**
 * Runs the query on the server that holds the store. Its refusals read as the local ones: the
 * console's failures with their exit status, limits it takes lower than the CLI's (60 s, 100,000
 * rows) in the CLI's flags and units.
 */
async function askServer(
  server: ServerInfo,
  request: { sql: string; timeoutMs: number; rowLimit: number },
  flags: SqlFlags,
): Promise<AnalystAnswer> {
  const response = await fetchServer(server, '/api/v1/sql', { method: 'POST', body: JSON.stringify(request) });
  if (response.ok) return (await response.json()) as AnalystAnswer;
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string; details?: { field?: string; max?: number } } } | undefined;
  const { code = '', message = response.statusText, details } = body?.error ?? {};
  if (details?.field === 'timeoutMs' && details.max !== undefined)
    throw new CliError(
      `--timeout must be 1–${details.max / 1000} seconds through the running server at ${server.url} (it holds the store; stop it to use up to ${LOCAL_LIMITS.maxTimeoutSeconds}), got "${flags.timeout}"`,
      2,
    );
  if (details?.field === 'rowLimit' && details.max !== undefined)
    throw new CliError(
      `--row-limit must be a whole number 1–${details.max} through the running server at ${server.url} (it holds the store; stop it to use up to ${LOCAL_LIMITS.maxRows}), got "${flags.rowLimit}"`,
      2,
    );
  if (/^sql_(refused|syntax|timeout)$/.test(code)) throw new CliError(message, 2);
  if (code === 'sql_error') throw new CliError(message, 1);
  throw new CliError(`server at ${server.url} refused: ${message}`);
}

/** One line naming the limit that cut the result and how to get more. */
function truncationWarning(answer: AnalystAnswer, mostRows: string): string {
  const rows = `${answer.table.rows.length} rows`;
  if (answer.truncatedBy === 'byteLimit')
    return `warning: the result was cut at ${rows}: it reached the ${mebibytes(answer.byteLimit)} result limit, which cannot be raised; select fewer or narrower columns, or fewer rows`;
  return `warning: the result was cut at ${rows}, the row limit (--row-limit ${answer.rowLimit}); more rows matched: raise --row-limit (at most ${mostRows}) or narrow the query`;
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
