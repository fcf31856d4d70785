/** `flowsight import <kind> FILE...` — batch import with exactly-once merge, rejects file and summary. */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { ENTITIES, ENTITY_KINDS, parseEntityKind } from '../../domain/entities.ts';
import type { ImportOutcome, ImportProgress, ImportSummary } from '../../ingest/import-files.ts';
import { runImportRequest, type ImportRequest } from '../../ingest/import-request.ts';
import { unknownMappingTargets, type ColumnMapping } from '../../ingest/steps/resolve-header.ts';
import { CliError } from '../cli-error.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { createProgress } from '../progress.ts';
import { accessStore, callServer, readNdjson } from '../store-access.ts';

interface ImportFlags extends StoreFlags {
  format?: ImportRequest['format'];
  encoding?: ImportRequest['encoding'];
  delimiter?: string;
  mapping?: string;
  maxRejectRate: string;
  rejects?: string;
  progress: boolean;
}

/** Parses `5%`, `0.05` or `5` (a number above 1 is read as a percentage). */
export function parseRate(text: string): number {
  const trimmed = text.trim();
  const value = Number(trimmed.replace(/%$/, ''));
  if (!Number.isFinite(value) || value < 0) throw new CliError(`--max-reject-rate must be a share like 5% or 0.05, got "${text}"`, 2);
  const share = trimmed.endsWith('%') || value > 1 ? value / 100 : value;
  if (share > 1) throw new CliError(`--max-reject-rate cannot exceed 100%, got "${text}"`, 2);
  return share;
}

async function readMapping(path: string, kind: keyof typeof ENTITIES): Promise<ColumnMapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? `not valid JSON (${error.message})`
        : (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : (error as Error).message;
    throw new CliError(`--mapping ${path}: ${reason}`, 2);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === 'string')
  ) {
    throw new CliError(`--mapping ${path}: expected a JSON object of "source column": "canonical_field"`, 2);
  }
  const mapping = parsed as ColumnMapping;
  const unknown = unknownMappingTargets(ENTITIES[kind], mapping);
  if (unknown.length > 0)
    throw new CliError(
      `--mapping ${path}: ${kind} has no field ${unknown.join(', ')} (fields: ${ENTITIES[kind].fields.map((f) => f.name).join(', ')})`,
      2,
    );
  return mapping;
}

const count = new Intl.NumberFormat('en-US');

function summaryLine(summary: Pick<ImportSummary, 'read' | 'inserted' | 'updated' | 'unchanged' | 'rejected'>): string {
  return `${count.format(summary.read)} read: ${count.format(summary.inserted)} inserted, ${count.format(summary.updated)} updated, ${count.format(summary.unchanged)} unchanged, ${count.format(summary.rejected)} rejected`;
}

function printOutcome(outcome: ImportOutcome, json: boolean): void {
  const { summary } = outcome;
  if (json) {
    printJson({
      ok: outcome.ok,
      ...(outcome.ok ? {} : { error: outcome.refusal }),
      id: summary.id,
      kind: summary.kind,
      read: summary.read,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      rejectsFile: summary.rejectsFile,
      files: summary.files,
    });
    return;
  }
  for (const file of summary.files) {
    const ignored = file.ignoredColumns.length > 0 ? ` (ignored columns: ${file.ignoredColumns.join(', ')})` : '';
    process.stdout.write(`${file.file} [${file.format}${file.encoding ? `, ${file.encoding}` : ''}]: ${summaryLine(file)}${ignored}\n`);
  }
  if (outcome.ok) {
    process.stdout.write(`${summary.kind}: ${summaryLine(summary)}\n`);
    if (summary.rejectsFile) process.stdout.write(`rejected rows: ${summary.rejectsFile}\n`);
  } else if (summary.rejectsFile) {
    process.stdout.write(`rejected rows: ${summary.rejectsFile}\n`);
  }
}

export function importCommand(): Command {
  const kinds = ENTITY_KINDS.join('|');
  return withClientOptions(
    new Command('import')
      .description(
        `Import files of one entity kind (${kinds}) exactly once: same or overlapping files never store a record twice, orders keep their latest state.`,
      )
      .argument('<kind>', `entity kind: ${kinds} (or its Chinese name, e.g. 订单)`)
      .argument('<files...>', 'CSV (UTF-8/GBK), NDJSON, JSON array or Parquet files, optionally .gz')
      .addOption(new Option('--format <format>', 'override format detection').choices(['csv', 'ndjson', 'json', 'parquet']))
      .addOption(new Option('--encoding <encoding>', 'override encoding detection').choices(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']))
      .option('--delimiter <char>', 'override CSV delimiter sniffing')
      .option('--mapping <file>', 'JSON object mapping source column names to canonical fields')
      .option('--max-reject-rate <share>', 'refuse the import when a file rejects more than this share of rows', '5%')
      .option('--rejects <file>', 'write rejected rows here (NDJSON; default data/rejects/<kind>-<time>.ndjson)')
      .option('--no-progress', 'no progress bar'),
  )
    .addHelpText('after', '\nExit status: 0 imported; 1 refused (nothing written; the message says which file and line); 2 bad usage.')
    .action(async (kindName: string, files: string[], flags: ImportFlags) => {
      const kind = parseEntityKind(kindName);
      if (!kind) throw new CliError(`unknown entity kind "${kindName}"; expected one of ${kinds}`, 2);
      const config = configFrom(flags);
      if (flags.rejects && statSync(flags.rejects, { throwIfNoEntry: false })?.isDirectory())
        throw new CliError(`--rejects ${flags.rejects}: is a directory; name the file to write rejected rows to`, 2);
      const request: ImportRequest = {
        kind,
        files: files.map((file) => resolve(file)),
        timeZone: config.timeZone,
        maxRejectRate: parseRate(flags.maxRejectRate),
        rejectsPath: flags.rejects ? resolve(flags.rejects) : undefined,
        mapping: flags.mapping ? await readMapping(flags.mapping, kind) : undefined,
        format: flags.format,
        encoding: flags.encoding,
        delimiter: flags.delimiter,
      };
      const progress = createProgress(flags.progress && !flags.json);
      let endWait = () => undefined as void;
      const onProgress = (p: ImportProgress) => {
        if (p.phase === 'reading')
          progress.update(`${p.file.split('/').at(-1)} (${p.fileIndex + 1}/${p.fileCount})`, p.bytesRead, p.totalBytes, p.rows);
        else if (p.phase === 'merging') {
          progress.finish(`read ${count.format(p.rows)} rows`);
          endWait = progress.wait(`merging into ${kind}…`);
        } else endWait();
      };

      const access = await accessStore(config, {
        create: true,
        waitMs: lockWaitMs(flags),
        onWait: (message) => process.stderr.write(`${message}\n`),
      });
      let outcome: ImportOutcome;
      if (access.mode === 'local') {
        try {
          outcome = await runImportRequest(access.store, request, join(dirname(resolve(config.dbPath)), 'rejects'), onProgress);
        } finally {
          await access.store.close();
        }
      } else {
        const response = await callServer(access.server, '/api/v1/imports', { method: 'POST', body: JSON.stringify(request) });
        let received: ImportOutcome | undefined;
        for await (const line of readNdjson(response)) {
          const message = line as { type: string; progress?: ImportProgress; outcome?: ImportOutcome; message?: string };
          if (message.type === 'progress' && message.progress) onProgress(message.progress);
          else if (message.type === 'outcome') received = message.outcome;
          else if (message.type === 'error') throw new CliError(`the server failed to import: ${message.message}`);
        }
        if (!received) throw new CliError('the server closed the connection before the import finished');
        outcome = received;
      }
      endWait();
      printOutcome(outcome, Boolean(flags.json));
      if (!outcome.ok) {
        const where = outcome.refusal.file ? `${outcome.refusal.file}${outcome.refusal.line ? `:${outcome.refusal.line}` : ''}: ` : '';
        throw new CliError(`import refused, nothing written: ${where}${outcome.refusal.message}`, 1);
      }
    });
}
